import type {
  Client,
  ClientPathsWithMethod,
  FetchOptions,
  FetchResponse,
  MaybeOptionalInit,
  Middleware,
} from 'openapi-fetch';
import type { PandaPonEnvelope } from './envelope.js';
import type { HttpMethod } from './generated/http-methods.js';
import type { PaginateOptions } from './paginate.js';
import type { RetryOverride } from './retry.js';
import type { EnvelopeData, FetchResultLike, UnwrapData } from './unwrap.js';

export type { HttpMethod };

/** openapi-fetch's default media type parameter. */
type AnyMedia = `${string}/${string}`;

/** Options this client adds to openapi-fetch's per-call `init`. */
export interface CallOptions {
  /** Override the retry policy for this call (see README, "Retries"). */
  retry?: RetryOverride;
  /** Time limit for each attempt of this call, in ms; 0 disables it. Default: the client's. */
  timeoutMs?: number;
  /**
   * The operation's id, for errors and log lines, when the caller knows it better than the
   * client's table (the method runtime passes it). Default: the table's, by method and path.
   */
  operationId?: string;
}

// biome-ignore lint/complexity/noBannedTypes: `{}` is exactly "an object with no required keys" here.
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** Same rule as openapi-fetch: the init argument is required iff it has required keys. */
type InitArgs<Init> = [RequiredKeys<Init>] extends [never] ? [init?: Init] : [init: Init];

type PathsOf<Paths extends {}, M extends HttpMethod> = ClientPathsWithMethod<Client<Paths>, M>;

/**
 * The operation object of `method path` in `Paths` (`Paths[P][M]`), spelled so that it is valid
 * for any type arguments; `never` when the path has no such method.
 */
type OperationOf<Paths, M extends HttpMethod, P> = Extract<
  Paths[P & keyof Paths][M & keyof Paths[P & keyof Paths]],
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's FetchResponse requires this constraint.
  Record<string | number, any>
>;

/** The per-call `init` of `method path`: openapi-fetch's, plus `CallOptions`. */
type InitOf<Paths, M extends HttpMethod, P> = MaybeOptionalInit<
  Record<M, OperationOf<Paths, M, P>>,
  M
> &
  CallOptions;

/**
 * openapi-fetch's `client.GET` (etc.) signature, plus `CallOptions` in `init`, with one
 * difference: `init` is not a type parameter inferred from the argument (openapi-fetch's own
 * signature) but the operation's init type itself, so TypeScript's excess-property check applies
 * and a misspelt key in `body`, `params` or `init` is a compile error (openapi-typescript#2329).
 * The data is typed as JSON (this client reads every body as JSON).
 */
export type PlatformMethod<Paths extends {}, M extends HttpMethod> = <P extends PathsOf<Paths, M>>(
  url: P,
  ...init: InitArgs<InitOf<Paths, M, P>>
) => Promise<FetchResponse<OperationOf<Paths, M, P>, object, AnyMedia>>;

/** The 2xx JSON body (the envelope) of an operation. */
type SuccessBody<Op> = Op extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201 | 202 | '200' | '201' | '202' | '2XX'
        ? R[S] extends { content: { 'application/json': infer B } }
          ? B
          : never
        : never;
    }[keyof R]
  : never;

type ArrayElement<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;
type ArrayMembers<T> = T extends object ? { [K in keyof T]-?: ArrayElement<T[K]> }[keyof T] : never;
type NestedArrayMembers<T> = T extends object
  ? { [K in keyof T]-?: ArrayMembers<NonNullable<T[K]>> }[keyof T]
  : never;
type OrUnknown<T> = [T] extends [never] ? unknown : T;

/**
 * Best static guess at a page's item type, since the items' location is runtime metadata:
 * `data` itself if it is an array, else the element type of the array properties of `data`,
 * else of the properties one level down (`data.page.records`), else `unknown`.
 */
export type PageItem<Data> = [ArrayElement<Data>] extends [never]
  ? [ArrayMembers<NonNullable<Data>>] extends [never]
    ? OrUnknown<NestedArrayMembers<NonNullable<Data>>>
    : ArrayMembers<NonNullable<Data>>
  : ArrayElement<Data>;

type RequestBodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type ParamsOf<Op> = Op extends { parameters: infer P } ? P : never;

/**
 * `init` for `paginate`: the operation's init, with the body and query made partial because
 * the page number and size are filled in by `paginate`.
 */
export type PaginateInit<Op> = Omit<FetchOptions<Op>, 'body' | 'params'> &
  CallOptions & {
    body?: [RequestBodyOf<Op>] extends [never] ? never : Partial<RequestBodyOf<Op>>;
    params?: Omit<ParamsOf<Op>, 'query'> & {
      query?: [QueryOf<Op>] extends [never] ? never : Partial<QueryOf<Op>>;
    };
  };

/** Options of the untyped escape hatch `client.request()`. */
export interface RawRequestInit extends CallOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** `GET`, `POST`, ...: one typed function per HTTP method, as openapi-fetch has them. */
type MethodFunctions<Paths extends {}> = {
  [M in HttpMethod as Uppercase<M>]: PlatformMethod<Paths, M>;
};

/**
 * A PandaPon platform client: an openapi-fetch client (typed `GET`/`POST`/...,
 * `use`/`eject`) with signing installed, plus envelope helpers.
 *
 * Note: openapi-fetch's own `request(method, url, init)` is replaced by the untyped escape hatch
 * below; typed calls go through `GET`, `POST`, ...
 */
export interface PlatformClient<Paths extends {}> extends MethodFunctions<Paths> {
  /** Register openapi-fetch middleware (runs after the signing middleware). */
  use(...middleware: Middleware[]): void;
  /** Unregister middleware added with `use`. */
  eject(...middleware: Middleware[]): void;

  /**
   * The envelope's `data` of a call's result, or a thrown `PandaPonError`
   * (see the standalone `unwrap`).
   */
  unwrap<R extends FetchResultLike>(result: R | PromiseLike<R>): Promise<UnwrapData<R>>;

  /**
   * Every item of a paged operation, page after page (see README, "Pagination").
   * Throws a TypeError if the operation has no pagination metadata.
   */
  paginate<M extends HttpMethod | Uppercase<HttpMethod>, P extends PathsOf<Paths, Lowercase<M>>>(
    method: M,
    path: P,
    init?: PaginateInit<OperationOf<Paths, Lowercase<M>, P>>,
    options?: PaginateOptions,
  ): AsyncGenerator<
    PageItem<EnvelopeData<SuccessBody<OperationOf<Paths, Lowercase<M>, P>>>>,
    void,
    undefined
  >;

  /**
   * Signed, untyped call for endpoints the specs cannot type yet. Resolves to the raw envelope
   * whatever its `code` (check it yourself); throws `PandaPonHttpError` for non-2xx,
   * `PandaPonResponseError` when the body is not an envelope, and the transport errors.
   */
  request(
    method: HttpMethod | Uppercase<HttpMethod>,
    path: `/${string}`,
    init?: RawRequestInit,
  ): Promise<PandaPonEnvelope<unknown>>;

  /** Set the offset (ms) added to the local clock when signing. */
  setClockOffset(ms: number): void;
  /** The offset currently added to the local clock when signing. */
  readonly clockOffsetMs: number;
}
