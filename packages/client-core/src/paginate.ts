import { malformedFailure } from './failures.js';
import type { PlatformMeta } from './options.js';
import type { Execute } from './transport.js';
import { assertSuccess, envelopeOrThrow, infoFor } from './unwrap.js';

export interface PaginateOptions {
  /** Items per page. Default: the size already in `init`, else 20. */
  pageSize?: number;
  /** First page number to fetch. Default: the page already in `init`, else 1. */
  startPage?: number;
  /** Stop after this many pages even if there are more. Default: no limit. */
  maxPages?: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/** `value` if it is a whole number ≥ `min`; undefined if absent; else a TypeError naming it. */
function wholeNumber(value: unknown, field: string, min: number): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min)) {
    throw new TypeError(`PandaPon paginate: \`${field}\` must be a whole number ≥ ${min}.`);
  }
  return value as number | undefined;
}

/** `a.b.c` inside `value`; an empty path is `value` itself. */
function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (!key) continue;
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A count as the API may send it: a number, or a numeric string. */
function asCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return Number.isFinite(n) ? (n as number) : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** One page of a paged operation, as `paginatePages` yields it. */
export interface PageResult {
  /** The envelope's `data` of this page. */
  data: unknown;
  /** The page's items (`data.<items>`). */
  items: unknown[];
  /** The page number asked for. */
  pageNumber: number;
  /** The page size asked for. */
  pageSize: number;
  /** The total number of items, when the operation reports one. */
  total: number | undefined;
  /** The HTTP response of this page. */
  response: Response;
}

/**
 * Iterates over the items of every page of a paged operation, fetching pages as the caller
 * consumes them (see `paginatePages`).
 */
export async function* paginate(
  execute: Execute,
  meta: PlatformMeta,
  methodName: string,
  path: string,
  init: Record<string, unknown> | undefined,
  options: PaginateOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of paginatePages(execute, meta, methodName, path, init, options)) {
    yield* page.items;
  }
}

/**
 * Iterates over the pages of a paged operation, fetching each as the caller consumes the one
 * before. Where the page number and size go and where the items are is the operation's
 * `pagination` metadata. Stops at the first empty page, after `maxPages`, and then:
 * - when the operation reports a total, once that many items have been seen;
 * - otherwise at the first page shorter than the page size.
 * (With a total we do not trust "short page" alone: a server that caps the page size below
 * the one asked for would otherwise end the iteration after the first page.)
 */
export async function* paginatePages(
  execute: Execute,
  meta: PlatformMeta,
  methodName: string,
  path: string,
  init: Record<string, unknown> | undefined,
  options: PaginateOptions = {},
): AsyncGenerator<PageResult, void, undefined> {
  const method = methodName.toUpperCase();
  const operation = meta.operations[`${method} ${path}`];
  const pagination = operation?.pagination;
  if (!pagination) {
    throw new TypeError(
      `PandaPon paginate: ${method} ${path} has no pagination metadata, so it cannot be paged.`,
    );
  }
  const { in: where, page: pageField, size: sizeField, items: itemsPath, total } = pagination;
  const base = init ?? {};
  const params = asObject(base.params);
  const carrier = asObject(where === 'body' ? base.body : params.query);
  const pageSize =
    wholeNumber(options.pageSize, 'pageSize', 1) ??
    asCount(carrier[sizeField]) ??
    DEFAULT_PAGE_SIZE;
  let page = wholeNumber(options.startPage, 'startPage', 0) ?? asCount(carrier[pageField]) ?? 1;
  const maxPages = wholeNumber(options.maxPages, 'maxPages', 1) ?? Number.POSITIVE_INFINITY;

  let seen = 0;
  for (let fetched = 0; fetched < maxPages; fetched++, page++) {
    // Some operations declare their page fields as strings; the server validates the type.
    const paging =
      pagination.numbersAs === 'string'
        ? { ...carrier, [pageField]: String(page), [sizeField]: String(pageSize) }
        : { ...carrier, [pageField]: page, [sizeField]: pageSize };
    const result = await execute(
      method,
      path,
      where === 'body'
        ? { ...base, body: paging }
        : { ...base, params: { ...params, query: paging } },
    );
    const envelope = envelopeOrThrow(result);
    assertSuccess(envelope, result.response);
    const items = readPath(envelope.data, itemsPath);
    if (items == null) return;
    if (!Array.isArray(items)) {
      const { request, scrub } = infoFor(result.response);
      throw malformedFailure(
        'unexpected-shape',
        result.response.status,
        undefined,
        scrub,
        request,
        undefined,
        `the page's items (data.${itemsPath}) are not an array`,
      );
    }
    seen += items.length;
    const reported = total === undefined ? undefined : asCount(readPath(envelope.data, total));
    yield {
      data: envelope.data,
      items,
      pageNumber: page,
      pageSize,
      total: reported,
      response: result.response,
    };
    if (!items.length || (reported === undefined ? items.length < pageSize : seen >= reported)) {
      return;
    }
  }
}
