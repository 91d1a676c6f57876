/**
 * Every failure the client reports is a `PandaPonError`; the subclasses say which layer failed
 * (the API said no, HTTP said no, the attempt timed out, the connection broke, or the body was
 * not what the API promises). None of them carries headers, the request object or the access
 * secret: error objects end up in logs and bug reports.
 */

/** Where a failed call was going. Shared by every request-level error. */
export interface RequestDescription {
  /** Upper-case HTTP method. */
  method: string;
  /** The path as called (the OpenAPI template, e.g. `/open/refund/cancel/{refundId}`). */
  path: string;
  /** The operation's id from the spec, when the path is a known operation. */
  operationId?: string | undefined;
  /** How many attempts the call had made when it failed (retries and clock correction included). */
  attempts?: number | undefined;
}

/** The most of a response body an error keeps: enough to diagnose, not enough to flood a log. */
export const BODY_EXCERPT_LIMIT = 500;

/**
 * The body as text for an error, passed through `scrub` (which redacts the access secret and the
 * request's signature) before cutting, so a cut can never leave part of a secret behind.
 */
export function excerpt(body: unknown, scrub: (text: string) => string): string {
  let text = '';
  try {
    // Strings are scrubbed before JSON escapes them: a secret holding `"` or `\` no longer
    // matches once escaped. 64-bit ids show as their exact digits.
    text =
      typeof body === 'string'
        ? body
        : (JSON.stringify(body, (_key, value: unknown) =>
            typeof value === 'string'
              ? scrub(value)
              : typeof value === 'bigint'
                ? value.toString()
                : value,
          ) ?? '');
  } catch {
    text = String(body); // e.g. a cycle
  }
  text = scrub(text);
  return text.length > BODY_EXCERPT_LIMIT ? `${text.slice(0, BODY_EXCERPT_LIMIT - 1)}…` : text;
}

/** "METHOD /path (operationId)", for messages. */
function describe({ method, path, operationId, attempts }: RequestDescription): string {
  const notes = [operationId, attempts ? `${attempts} attempt${attempts === 1 ? '' : 's'}` : ''];
  const note = notes.filter(Boolean).join(', ');
  return `${method} ${path}${note ? ` (${note})` : ''}`;
}

/** Base class: `instanceof PandaPonError` catches everything this SDK throws on purpose. */
export class PandaPonError extends Error {
  override name = 'PandaPonError';
}

/** Fields every request-level error has (method, path, operationId). */
export abstract class PandaPonRequestError extends PandaPonError {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  /** Attempts made, when the transport knows (see RequestDescription). */
  readonly attempts: number | undefined;

  constructor(message: string, request: RequestDescription, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.method = request.method;
    this.path = request.path;
    this.operationId = request.operationId;
    this.attempts = request.attempts;
  }
}

/** The API answered with an envelope whose `code` is not 200 (usually with HTTP status 200). */
export class PandaPonApiError extends PandaPonRequestError {
  override name = 'PandaPonApiError';
  /** The envelope's result code. */
  readonly code: number;
  /** The envelope's message, as the API wrote it (often Chinese). */
  readonly msg: string;
  /** The platform's id for this request; quote it to PandaPon support. */
  readonly requestId: string | undefined;
  /** The HTTP status the envelope came with. */
  readonly status: number;

  constructor(
    details: { code: number; msg: string; requestId: string | undefined; status: number },
    request: RequestDescription,
  ) {
    const { code, msg, requestId, status } = details;
    super(
      `PandaPon API error ${code} on ${describe(request)}: ${msg || '(no message)'}${requestId ? ` [requestId ${requestId}]` : ''}`,
      request,
    );
    this.code = code;
    this.msg = msg;
    this.requestId = requestId;
    this.status = status;
  }
}

/** The server answered with a non-2xx HTTP status. */
export class PandaPonHttpError extends PandaPonRequestError {
  override name = 'PandaPonHttpError';
  readonly status: number;
  /** The start of the response body (at most 500 characters). */
  readonly bodyExcerpt: string;

  constructor(details: { status: number; bodyExcerpt: string }, request: RequestDescription) {
    super(`HTTP ${details.status} from ${describe(request)}`, request);
    this.status = details.status;
    this.bodyExcerpt = details.bodyExcerpt;
  }
}

/** True for a 3xx answer, or the opaque stand-in a browser gives for one under `redirect: 'manual'`. */
export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/** Where a redirect pointed, for the error: origin and path only (a query may carry a secret). */
function redirectTarget(response: Response): string | undefined {
  const location = response.headers.get('location');
  if (!location) return undefined;
  try {
    const target = new URL(location, response.url || undefined);
    return `${target.origin}${target.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The server answered with a redirect, which the client never follows: the request carries
 * credentials and a body that must not be replayed to another origin, and PandaPon has no reason
 * to redirect an API call (a misconfigured `baseUrl` or proxy is the usual cause). Never retried.
 */
export class PandaPonRedirectError extends PandaPonHttpError {
  override name = 'PandaPonRedirectError';
  /** Origin and path of the `Location` header (no query), when there was one. */
  readonly location: string | undefined;

  constructor(response: Response, request: RequestDescription) {
    super({ status: response.status, bodyExcerpt: '' }, request);
    this.location = redirectTarget(response);
    this.message = `HTTP ${response.status} redirect from ${describe(request)}${this.location ? ` to ${this.location}` : ''} not followed (check baseUrl)`;
  }
}

/** One attempt took longer than `timeoutMs` (after any retries were spent). */
export class PandaPonTimeoutError extends PandaPonRequestError {
  override name = 'PandaPonTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, request: RequestDescription) {
    super(`${describe(request)} timed out after ${timeoutMs} ms`, request);
    this.timeoutMs = timeoutMs;
  }
}

/** The request never got a complete response: DNS, refused or reset connection, TLS... */
export class PandaPonConnectionError extends PandaPonRequestError {
  override name = 'PandaPonConnectionError';

  /**
   * `scrub` redacts the secret and the request's signatures from the reason: a fetch error's
   * message can quote the URL, and a logistics URL carries `sign`. The original error is not
   * kept as `cause` (util.inspect would print it); a scrubbed copy of its name, message and
   * code is.
   */
  constructor(cause: unknown, request: RequestDescription, scrub: (text: string) => string) {
    // undici reports "fetch failed" and hides the useful part (ECONNREFUSED...) in `cause`.
    const inner = (cause as Error | undefined)?.cause as (Error & { code?: unknown }) | undefined;
    let reason = cause instanceof Error ? cause.message : String(cause);
    if (cause instanceof Error && inner instanceof Error) {
      reason += ` (${typeof inner.code === 'string' ? inner.code : inner.message})`;
    }
    reason = scrub(reason);
    const copy = Object.assign(new Error(reason), {
      name: cause instanceof Error ? cause.name : 'Error',
      code: typeof inner?.code === 'string' ? inner.code : undefined,
    });
    super(`Could not reach PandaPon for ${describe(request)}: ${reason}`, request, copy);
  }
}

/** Why a 2xx body is not what the API promises (see PandaPonResponseError). */
export type MalformedReason = 'not-json' | 'empty' | 'not-envelope' | 'unexpected-shape';

const MALFORMED: Record<MalformedReason, string> = {
  'not-json': 'the body is not valid JSON',
  empty: 'the body is empty',
  'not-envelope': 'the body is not a PandaPon envelope ({ code, msg, data, ... })',
  'unexpected-shape': 'the envelope is not shaped as the operation promises',
};

/**
 * One meaning: the server answered 2xx, but the body is not what the API promises (not JSON,
 * empty, not an envelope, or an envelope missing what the operation promises). Asking again
 * will not change the format, so it is never retried.
 */
export class PandaPonResponseError extends PandaPonRequestError {
  override name = 'PandaPonResponseError';
  /** Which promise the body broke. */
  readonly reason: MalformedReason;
  readonly status: number;
  readonly bodyExcerpt: string;

  constructor(
    reason: MalformedReason,
    details: { status: number; bodyExcerpt: string; detail?: string; cause?: unknown },
    request: RequestDescription,
  ) {
    super(
      `Unexpected response to ${describe(request)} (HTTP ${details.status}): ${MALFORMED[reason]}${details.detail ? ` (${details.detail})` : ''}`,
      request,
      details.cause,
    );
    this.reason = reason;
    this.status = details.status;
    this.bodyExcerpt = details.bodyExcerpt;
  }
}

/**
 * The response body was longer than `maxResponseBytes`; reading stopped there. Never retried:
 * the server would send the same.
 */
export class PandaPonResponseTooLargeError extends PandaPonRequestError {
  override name = 'PandaPonResponseTooLargeError';
  readonly status: number;
  readonly maxResponseBytes: number;

  constructor(status: number, maxResponseBytes: number, request: RequestDescription) {
    super(
      `The response to ${describe(request)} (HTTP ${status}) is larger than maxResponseBytes (${maxResponseBytes})`,
      request,
    );
    this.status = status;
    this.maxResponseBytes = maxResponseBytes;
  }
}
