import type { PandaPonEnvelope } from './envelope.js';
import type { RequestDescription } from './errors.js';
import { apiFailure, envelopeOrFailure } from './failures.js';

/** The `{ data, error, response }` shape every openapi-fetch call resolves to. */
export interface FetchResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** What the client remembers about each response it produced, for the errors `unwrap` throws. */
export interface ResponseInfo {
  request: RequestDescription;
  /** Redacts the access secret and the request's signature, should the server echo them. */
  scrub(text: string): string;
}

// Kept on the Response itself, so that `unwrap(result)` needs nothing but the result (a copy of
// the result object works too), under a symbol: undici keeps a Response's internals in symbol
// properties as well, and neither shows in util.inspect or JSON. It holds no secret, only a
// function that redacts it. Not in a WeakMap: V8 pays for every weak-map entry at every garbage
// collection, which measured as a third of a call's time on a zero-latency mock (packages/bench/src/breakdown.ts).
const INFO = Symbol('pandapon.response');
// For a Response that takes no property (frozen by a custom fetch): rare enough to be slow.
const frozen = new WeakMap<Response, ResponseInfo>();

export function rememberResponse(response: Response, info: ResponseInfo): void {
  if (!Reflect.defineProperty(response, INFO, { value: info, configurable: true })) {
    frozen.set(response, info);
  }
}

export function infoFor(response: Response): ResponseInfo {
  const known =
    (response as unknown as Record<symbol, ResponseInfo | undefined>)[INFO] ?? frozen.get(response);
  if (known) return known;
  // A response from elsewhere (e.g. a plain openapi-fetch client): describe it as best we can.
  let path = '(unknown path)';
  try {
    path = new URL(response.url).pathname;
  } catch {
    // Synthetic responses have no URL.
  }
  return { request: { method: '(unknown method)', path }, scrub: (text) => text };
}

/**
 * The envelope of a result, or the error explaining why there is none: a non-2xx status
 * (`PandaPonHttpError`) or a 2xx body that is empty or not an envelope (`PandaPonResponseError`).
 */
export function envelopeOrThrow(result: FetchResultLike): PandaPonEnvelope {
  if (!(result?.response instanceof Response)) {
    throw new TypeError(
      'PandaPon unwrap: expected an openapi-fetch result { data, error, response }.',
    );
  }
  const { data, error, response } = result;
  const { request, scrub } = infoFor(response);
  const envelope = envelopeOrFailure(data, error, response, request, scrub);
  if (envelope instanceof Error) throw envelope;
  return envelope;
}

/** Throws `PandaPonApiError` unless the envelope's code is 200. */
export function assertSuccess(envelope: PandaPonEnvelope, response: Response): void {
  const { request, scrub } = infoFor(response);
  const failure = apiFailure(envelope, response.status, request, scrub);
  if (failure) throw failure;
}

/** `data` of the envelope type `E` (the 2xx JSON body of an operation). */
export type EnvelopeData<E> = E extends { data?: infer D } ? D : unknown;

/** What `unwrap` resolves to for an openapi-fetch result type `R`. */
export type UnwrapData<R> = R extends { data?: infer E } ? EnvelopeData<NonNullable<E>> : never;

/**
 * Turns an openapi-fetch result (or its promise) into the envelope's `data`, or throws:
 * `PandaPonHttpError` for a non-2xx status, `PandaPonResponseError` for a 2xx body that is empty
 * or not an envelope, `PandaPonApiError` for an envelope whose code is not 200. Errors from the
 * call itself (timeouts, connection failures, aborts) pass through unchanged.
 *
 * @example const product = await unwrap(client.GET('/open/product/get', { params: { query } }));
 */
export async function unwrap<R extends FetchResultLike>(
  result: R | PromiseLike<R>,
): Promise<UnwrapData<R>> {
  const settled = await result;
  const envelope = envelopeOrThrow(settled);
  assertSuccess(envelope, settled.response);
  return envelope.data as UnwrapData<R>;
}
