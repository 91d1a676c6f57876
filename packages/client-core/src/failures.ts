/**
 * Every error the client throws about a call is built here, from what happened: the transport's
 * outcomes (decide.ts), a result's status and envelope (unwrap), a page's shape (paginate).
 * Each error class has one meaning (errors.ts); this module decides which one applies.
 */
import { envelopeMessage, isEnvelope, type PandaPonEnvelope } from './envelope.js';
import {
  excerpt,
  type MalformedReason,
  PandaPonApiError,
  PandaPonConnectionError,
  PandaPonHttpError,
  PandaPonRedirectError,
  PandaPonResponseError,
  PandaPonResponseTooLargeError,
  PandaPonTimeoutError,
  type RequestDescription,
} from './errors.js';

type Scrub = (text: string) => string;

export function timeoutFailure(
  timeoutMs: number,
  request: RequestDescription,
): PandaPonTimeoutError {
  return new PandaPonTimeoutError(timeoutMs, request);
}

export function connectionFailure(
  cause: unknown,
  request: RequestDescription,
  scrub: Scrub,
): PandaPonConnectionError {
  return new PandaPonConnectionError(cause, request, scrub);
}

export function redirectFailure(
  response: Response,
  request: RequestDescription,
): PandaPonRedirectError {
  return new PandaPonRedirectError(response, request);
}

export function tooLargeFailure(
  status: number,
  maxResponseBytes: number,
  request: RequestDescription,
): PandaPonResponseTooLargeError {
  return new PandaPonResponseTooLargeError(status, maxResponseBytes, request);
}

/** A 2xx answer whose body broke the API's promise in the way `reason` says. */
export function malformedFailure(
  reason: MalformedReason,
  status: number,
  body: unknown,
  scrub: Scrub,
  request: RequestDescription,
  cause?: unknown,
  detail?: string,
): PandaPonResponseError {
  return new PandaPonResponseError(
    reason,
    { status, bodyExcerpt: body == null ? '' : excerpt(body, scrub), cause, detail },
    request,
  );
}

/**
 * The envelope of an answer, or the error explaining why there is none: a non-2xx status
 * (`PandaPonHttpError`) or a 2xx body that is empty or not an envelope (`PandaPonResponseError`).
 */
export function envelopeOrFailure(
  data: unknown,
  error: unknown,
  response: Response,
  request: RequestDescription,
  scrub: Scrub,
): PandaPonEnvelope | PandaPonHttpError | PandaPonResponseError {
  const { status } = response;
  if (!response.ok)
    return new PandaPonHttpError({ status, bodyExcerpt: excerpt(error, scrub) }, request);
  if (isEnvelope(data)) return data;
  return malformedFailure(data == null ? 'empty' : 'not-envelope', status, data, scrub, request);
}

/** `PandaPonApiError` for an envelope whose code is not 200, else undefined. */
export function apiFailure(
  envelope: PandaPonEnvelope,
  status: number,
  request: RequestDescription,
  scrub: Scrub,
): PandaPonApiError | undefined {
  const code = Number(envelope.code);
  if (code === 200) return undefined;
  const { requestId } = envelope;
  return new PandaPonApiError(
    {
      code,
      msg: scrub(envelopeMessage(envelope)),
      // Scrubbed too: a server may put anything in it, our signature included.
      requestId: typeof requestId === 'string' && requestId !== '' ? scrub(requestId) : undefined,
      status,
    },
    request,
  );
}
