/**
 * `.paginate()` of the generated methods of paged operations: iterate the items of every page,
 * or the pages themselves (with their totals). Only operations whose spec declares
 * `x-pandapon-pagination` have it; the page walk is client-core's `paginatePages`.
 */

import { initFromOptions, type PathMethods, type RequestOptions } from './operation.js';
import { type BoundRoute, splitParams } from './operation-params.js';
import type { PlatformMeta } from './options.js';
import { type PaginateOptions, paginatePages } from './paginate.js';

/** Options of `.paginate()`: the call's options plus where to start and stop. */
export interface PaginateRequestOptions extends RequestOptions, PaginateOptions {}

/** One page of a paged operation. */
export interface Page<Data, Item> {
  /** The envelope's `data` of this page (its own totals and fields included). */
  readonly data: Data;
  /** The items of this page. */
  readonly items: Item[];
  /** The page number this page was asked for with. */
  readonly pageNumber: number;
  /** The page size asked for. */
  readonly pageSize: number;
  /** The total number of items the API reports, when the operation reports one. */
  readonly total: number | undefined;
  /** The HTTP response of this page. */
  readonly response: Response;
}

/**
 * Lazily fetched pages: `for await (const item of paginator)` walks every item, `pages()` every
 * page. Nothing is sent until iteration starts; each iteration starts from the first page again.
 */
export interface Paginator<Data, Item> extends AsyncIterable<Item> {
  /** The pages themselves, with their data and totals. */
  pages(): AsyncIterable<Page<Data, Item>>;
}

const PAGING_KEYS = ['pageSize', 'startPage', 'maxPages'];

export function paginateOperation<Data, Item>(
  methods: PathMethods,
  meta: PlatformMeta,
  route: BoundRoute,
  params: unknown,
  options: unknown,
): Paginator<Data, Item> {
  async function* pages(): AsyncGenerator<Page<Data, Item>, void, undefined> {
    const { requestOptions, paging } = separate(options);
    const parts = splitParams(route, params);
    const init = { ...initFromOptions(requestOptions), ...parts };
    const execute = (method: string, path: string, callInit?: Record<string, unknown>) => {
      const send = methods[method];
      if (typeof send !== 'function') throw new TypeError(`the client has no ${method}`);
      return send(path, callInit);
    };
    yield* paginatePages(execute, meta, route.method, route.path, init, paging) as AsyncGenerator<
      Page<Data, Item>,
      void,
      undefined
    >;
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.items;
    },
  };
}

function separate(options: unknown): {
  requestOptions: unknown;
  paging: PaginateOptions;
} {
  if (typeof options !== 'object' || options === null)
    return { requestOptions: options, paging: {} };
  const requestOptions: Record<string, unknown> = {};
  const paging: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    (PAGING_KEYS.includes(key) ? paging : requestOptions)[key] = value;
  }
  return { requestOptions, paging };
}
