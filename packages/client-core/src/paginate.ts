import { PandaPonResponseError } from './errors.js';
import type { PlatformMeta } from './options.js';
import type { Execute } from './transport.js';
import { assertSuccess, envelopeOrThrow } from './unwrap.js';

export interface PaginateOptions {
  /** Items per page. Default: the size already in `init`, else 20. */
  pageSize?: number;
  /** First page number to fetch. Default: the page already in `init`, else 1. */
  startPage?: number;
  /** Stop after this many pages even if there are more. Default: no limit. */
  maxPages?: number;
}

export const DEFAULT_PAGE_SIZE = 20;

function positiveInteger(value: unknown, field: string, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const min = allowZero ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`PandaPon paginate: \`${field}\` must be a whole number ≥ ${min}.`);
  }
  return value;
}

/** `a.b.c` inside `value`; an empty path is `value` itself. */
function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.').filter((k) => k !== '')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function asCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Iterates over the items of every page of a paged operation, fetching pages as the caller
 * consumes them. Where the page number and size go and where the items are is the operation's
 * `pagination` metadata. Stops at the first empty page, after `maxPages`, and then:
 * - when the operation reports a total, once that many items have been seen;
 * - otherwise at the first page shorter than the page size.
 * (With a total we do not trust "short page" alone: a server that caps the page size below
 * the one asked for would otherwise end the iteration after the first page.)
 */
export async function* paginate(
  execute: Execute,
  meta: PlatformMeta,
  methodName: string,
  path: string,
  init: Record<string, unknown> | undefined,
  options: PaginateOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const method = methodName.toUpperCase();
  const operation = meta.operations[`${method} ${path}`];
  const pagination = operation?.pagination;
  if (!pagination) {
    throw new TypeError(
      `PandaPon paginate: ${method} ${path} has no pagination metadata, so it cannot be paged.`,
    );
  }
  const base = init ?? {};
  const params = asObject(base.params);
  const carrier = pagination.in === 'body' ? asObject(base.body) : asObject(params.query);
  const pageSize =
    positiveInteger(options.pageSize, 'pageSize') ??
    asCount(carrier[pagination.size]) ??
    DEFAULT_PAGE_SIZE;
  let page =
    positiveInteger(options.startPage, 'startPage', true) ?? asCount(carrier[pagination.page]) ?? 1;
  const maxPages = positiveInteger(options.maxPages, 'maxPages') ?? Number.POSITIVE_INFINITY;

  let seen = 0;
  for (let fetched = 0; fetched < maxPages; fetched++, page++) {
    const paging = { ...carrier, [pagination.page]: page, [pagination.size]: pageSize };
    const pageInit =
      pagination.in === 'body'
        ? { ...base, body: paging }
        : { ...base, params: { ...params, query: paging } };
    const result = await execute(method, path, pageInit);
    const envelope = envelopeOrThrow(result);
    assertSuccess(envelope, result.response);
    const items = readPath(envelope.data, pagination.items);
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      throw new PandaPonResponseError(
        `the page's items (data.${pagination.items}) are not an array`,
        { status: result.response.status, bodyExcerpt: '' },
        { method, path, operationId: operation.operationId },
      );
    }
    for (const item of items) yield item;
    seen += items.length;
    if (items.length === 0) return;
    const total =
      pagination.total === undefined
        ? undefined
        : asCount(readPath(envelope.data, pagination.total));
    if (total !== undefined ? seen >= total : items.length < pageSize) return;
  }
}
