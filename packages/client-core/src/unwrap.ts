import {
  envelopeCode,
  envelopeMessage,
  envelopeRequestId,
  isEnvelope,
  isSuccess,
  type PandaPonEnvelope,
} from './envelope.js';
import {
  excerpt,
  PandaPonApiError,
  PandaPonHttpError,
  PandaPonResponseError,
  type RequestDescription,
} from './errors.js';
import { scrub } from './redact.js';

/** The `{ data, error, response }` shape every openapi-fetch call resolves to. */
export interface FetchResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** What the client remembers about each response it produced, for the errors `unwrap` throws. */
interface ResponseInfo {
  request: RequestDescription;
  /** Values to scrub from body excerpts: the access secret and the request's signature. */
  secrets: readonly string[];
}

// Keyed by the Response object so `unwrap(result)` needs nothing but the result; weak, so a
// response that is no longer referenced takes its entry with it.
const responses = new WeakMap<Response, ResponseInfo>();

export function rememberResponse(response: Response, info: ResponseInfo): void {
  responses.set(response, info);
}

function infoFor(response: Response): ResponseInfo {
  const known = responses.get(response);
  if (known) return known;
  // A response from elsewhere (e.g. a plain openapi-fetch client): describe it as best we can.
  let path = '(unknown path)';
  try {
    path = new URL(response.url).pathname;
  } catch {
    // Synthetic responses have no URL.
  }
  return { request: { method: '(unknown method)', path }, secrets: [] };
}

/**
 * The envelope of a result, or the error explaining why there is none: a non-2xx status
 * (`PandaPonHttpError`) or a 2xx body that is empty or not an envelope (`PandaPonResponseError`).
 */
export function envelopeOrThrow(result: FetchResultLike): PandaPonEnvelope {
  if (typeof result !== 'object' || result === null || !(result.response instanceof Response)) {
    throw new TypeError(
      'PandaPon unwrap: expected an openapi-fetch result { data, error, response }.',
    );
  }
  const { data, error, response } = result;
  const info = infoFor(response);
  if (!response.ok) {
    throw new PandaPonHttpError(
      { status: response.status, bodyExcerpt: excerpt(error, info.secrets) },
      info.request,
    );
  }
  if (data === undefined || data === null) {
    throw new PandaPonResponseError(
      'the body is empty',
      { status: response.status, bodyExcerpt: '' },
      info.request,
    );
  }
  if (!isEnvelope(data)) {
    throw new PandaPonResponseError(
      'the body is not a PandaPon envelope ({ code, msg, data, ... })',
      { status: response.status, bodyExcerpt: excerpt(data, info.secrets) },
      info.request,
    );
  }
  return data;
}

/** Throws `PandaPonApiError` unless the envelope's code is 200. */
export function assertSuccess(envelope: PandaPonEnvelope, response: Response): void {
  if (isSuccess(envelope)) return;
  const info = infoFor(response);
  throw new PandaPonApiError(
    {
      code: envelopeCode(envelope),
      msg: scrub(envelopeMessage(envelope), info.secrets),
      requestId: envelopeRequestId(envelope),
      status: response.status,
    },
    info.request,
  );
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
