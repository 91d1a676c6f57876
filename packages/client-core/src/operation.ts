/**
 * The runtime behind the generated operation methods (`client.cancelOrderV2({ orderId })`):
 * one params object in, the envelope's `data` out, a `PandaPonError` thrown otherwise. Each
 * method is a row of a generated table (operation-params.ts says what a row holds); the call
 * itself goes through the client's typed `GET`/`POST`/..., so signing, retries, timeouts and
 * clock-skew correction are the path client's, unchanged.
 */
import type { PandaPonEnvelope } from './envelope.js';
import { type BoundRoute, splitParams } from './operation-params.js';
import { fail } from './options.js';
import type { RetryOverride } from './retry.js';
import { assertSuccess, envelopeOrThrow, type FetchResultLike } from './unwrap.js';

/** The second, optional argument of every operation method. */
export interface RequestOptions {
  /** Abort the call (the standard AbortError is thrown, and no retry follows). */
  signal?: AbortSignal;
  /** Time limit for each attempt of this call, in ms; 0 disables it. Default: the client's. */
  timeoutMs?: number;
  /** Override the retry policy for this call (see README, "Retries"). */
  retry?: RetryOverride;
  /** Extra headers for this call (not the signing headers, which the client owns). */
  headers?: Record<string, string>;
}

/** What `.withResponse()` resolves to. */
export interface WithResponse<Data> {
  /** The envelope's `data`, as the method itself resolves to. */
  data: Data;
  /** The HTTP response (its body has been read). */
  response: Response;
  /** The platform's id of this request, when the envelope has one; quote it to support. */
  requestId: string | undefined;
  /** The whole envelope (`code`, `msg`, `requestId`, `data`, ...). */
  envelope: PandaPonEnvelope<Data>;
}

/**
 * What every operation method returns: a promise of the envelope's `data`, with
 * `.withResponse()` for the HTTP response, headers and request id of the same call.
 */
export interface APIPromise<Data> extends Promise<Data> {
  /** The same call's data together with its response and request id. */
  withResponse(): Promise<WithResponse<Data>>;
}

/** The typed path methods of a platform client, as the operation runtime calls them. */
export type PathMethods = Record<
  string,
  (path: string, init?: Record<string, unknown>) => Promise<FetchResultLike>
>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const OPTION_KEYS = ['signal', 'timeoutMs', 'retry', 'headers'];

/**
 * The per-call init for openapi-fetch from the method's options. Options the client's transport
 * checks itself (signal, timeoutMs, retry) are passed on as they are; an unknown key is a
 * TypeError, because the types only catch it in an object literal.
 */
export function initFromOptions(options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isObject(options) || Array.isArray(options)) fail('options', 'an object');
  const init: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_KEYS.includes(key)) {
      throw new TypeError(
        `PandaPon client: unknown option \`${key}\` (known: ${OPTION_KEYS.join(', ')}).`,
      );
    }
    if (value !== undefined) init[key] = value;
  }
  // Headers are checked by openapi-fetch's Headers; the signing step sets its own after them.
  return init;
}

/** The result of one successful call, before it is narrowed to `data`. */
export function successOf<Data>(result: FetchResultLike): WithResponse<Data> {
  const envelope = envelopeOrThrow(result);
  assertSuccess(envelope, result.response);
  const { requestId } = envelope;
  return {
    data: envelope.data as Data,
    response: result.response,
    requestId: typeof requestId === 'string' && requestId !== '' ? requestId : undefined,
    envelope: envelope as PandaPonEnvelope<Data>,
  };
}

/** Wraps the promise of a full result as an `APIPromise` of its data. */
export function apiPromise<Data>(full: Promise<WithResponse<Data>>): APIPromise<Data> {
  const data = full.then((result) => result.data) as APIPromise<Data>;
  // The data promise is derived from `full`; a caller who only uses `.withResponse()` handles
  // `full`, so the unused data promise must not report the same failure as unhandled.
  data.withResponse = () => {
    data.catch(() => {});
    return full;
  };
  return data;
}

/**
 * Calls one operation. Bad params or options reject (not throw), like every other failure of
 * the call, and before anything is sent.
 */
export function callOperation<Data>(
  methods: PathMethods,
  route: BoundRoute,
  params: unknown,
  options: unknown,
): APIPromise<Data> {
  const full = (async () => {
    const parts = splitParams(route, params);
    const init = { ...initFromOptions(options), ...parts };
    const send = methods[route.method];
    if (typeof send !== 'function') {
      throw new TypeError(`PandaPon ${route.name}: the client has no ${route.method}.`);
    }
    return successOf<Data>(await send(route.path, init));
  })();
  return apiPromise(full);
}
