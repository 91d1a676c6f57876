/**
 * Paged operations (`x-pandapon-pagination`) answer several pages of results instead of the one
 * example item: the example's first item is the template, and each generated item varies its
 * ids, titles, prices and pictures, so a client's pager has something to walk through.
 * The items are the sandbox's invention, shaped like the doc example.
 */
import type { Pagination } from './catalog.js';
import { isObject, positiveInteger } from './types.js';

export interface PageRequest {
  body: unknown;
  query: URLSearchParams;
}

/** How many results a paged operation has in all: several pages at the default size. */
export const SEARCH_RESULT_TOTAL = 45;
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/**
 * A function answering one page, or undefined when the example has no item to copy (the
 * operation then answers its example as before).
 */
export function pagedData(
  pagination: Pagination,
  exampleData: unknown,
): ((request: PageRequest) => unknown) | undefined {
  const template = getPath(exampleData, pagination.items);
  if (!Array.isArray(template) || template.length === 0) return undefined;
  const first = template[0];
  return (request) => {
    const read = (name: string): unknown =>
      pagination.in === 'query'
        ? request.query.get(name)
        : isObject(request.body)
          ? request.body[name]
          : undefined;
    const page = positiveInteger(read(pagination.page)) ?? 1;
    const size = Math.min(
      positiveInteger(read(pagination.size)) ?? DEFAULT_PAGE_SIZE,
      MAX_PAGE_SIZE,
    );
    const start = (page - 1) * size;
    const count = Math.max(0, Math.min(size, SEARCH_RESULT_TOTAL - start));
    const data = structuredClone(exampleData) as Record<string, unknown>;
    setPath(
      data,
      pagination.items,
      Array.from({ length: count }, (_, i) => vary(first, start + i, '')),
    );
    if (pagination.total) setPath(data, pagination.total, SEARCH_RESULT_TOTAL);
    // Page bookkeeping fields some answers carry next to the items.
    if (isObject(data)) {
      if (typeof data[pagination.page] === 'number') data[pagination.page] = page;
      if (typeof data.pageSize === 'number') data.pageSize = size;
      if (typeof data.totalPage === 'number')
        data.totalPage = Math.ceil(SEARCH_RESULT_TOTAL / size);
    }
    return data;
  };
}

function getPath(value: unknown, path: string): unknown {
  let node = value;
  for (const segment of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function setPath(value: unknown, path: string, replacement: unknown): void {
  const segments = path.split('.');
  const last = segments.pop() as string;
  let node = value;
  for (const segment of segments) {
    if (!isObject(node)) return;
    node = node[segment];
  }
  if (isObject(node)) node[last] = replacement;
}

/** The `index`-th copy of an example item: same shape and types, different ids and labels. */
function vary(value: unknown, index: number, key: string): unknown {
  if (index === 0) return structuredClone(value);
  if (typeof value === 'string') {
    if (/^\d{1,30}$/.test(value)) return String(BigInt(value) + BigInt(index));
    if (/title|name|subject/i.test(key)) {
      return /\d+$/.test(value)
        ? value.replace(/\d+$/, String(index + 1))
        : `${value} ${index + 1}`;
    }
    if (/^https?:\/\//.test(value))
      return `${value}${value.includes('?') ? '&' : '?'}n=${index + 1}`;
    return value;
  }
  if (typeof value === 'number') {
    if (/price|amount|fee/i.test(key)) {
      return Number.isInteger(value)
        ? value + index * 10
        : Math.round(value * (100 + index * 7)) / 100;
    }
    if (/id$/i.test(key) && Number.isSafeInteger(value + index)) return value + index;
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => vary(item, index, key));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => [name, vary(child, index, name)]),
    );
  }
  return value;
}
