/**
 * Every failure the client reports is a `PandaPonError`; the subclasses say which layer failed
 * (the API said no, HTTP said no, the attempt timed out, the connection broke, or the body was
 * not what the API promises). None of them carries headers, the request object or the access
 * secret: error objects end up in logs and bug reports.
 */

import { scrub } from './redact.js';

/** Where a failed call was going. Shared by every request-level error. */
export interface RequestDescription {
  /** Upper-case HTTP method. */
  method: string;
  /** The path as called (the OpenAPI template, e.g. `/open/refund/cancel/{refundId}`). */
  path: string;
  /** The operation's id from the spec, when the path is a known operation. */
  operationId?: string;
}

/** The most of a response body an error keeps: enough to diagnose, not enough to flood a log. */
export const BODY_EXCERPT_LIMIT = 500;

/**
 * The body as text for an error, with `secrets` (the access secret, the request's signature)
 * scrubbed before cutting, so a cut can never leave part of a secret behind.
 */
export function excerpt(body: unknown, secrets: readonly string[] = []): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body === undefined) text = '';
  else {
    try {
      text = JSON.stringify(body) ?? '';
    } catch {
      text = String(body);
    }
  }
  text = scrub(text, secrets);
  return text.length > BODY_EXCERPT_LIMIT ? `${text.slice(0, BODY_EXCERPT_LIMIT - 1)}…` : text;
}

function describe(request: RequestDescription): string {
  const operation = request.operationId ? ` (${request.operationId})` : '';
  return `${request.method} ${request.path}${operation}`;
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

  constructor(message: string, request: RequestDescription, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.path = request.path;
    this.operationId = request.operationId;
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
    const id = details.requestId ? ` [requestId ${details.requestId}]` : '';
    super(
      `PandaPon API error ${details.code} on ${describe(request)}: ${details.msg || '(no message)'}${id}`,
      request,
    );
    this.code = details.code;
    this.msg = details.msg;
    this.requestId = details.requestId;
    this.status = details.status;
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

  constructor(cause: unknown, request: RequestDescription) {
    const reason = cause instanceof Error ? causeSummary(cause) : String(cause);
    super(`Could not reach PandaPon for ${describe(request)}: ${reason}`, request, { cause });
  }
}

/** A 2xx response that is not what the API promises: not JSON, empty, or not an envelope. */
export class PandaPonResponseError extends PandaPonRequestError {
  override name = 'PandaPonResponseError';
  readonly status: number;
  readonly bodyExcerpt: string;

  constructor(
    reason: string,
    details: { status: number; bodyExcerpt: string; cause?: unknown },
    request: RequestDescription,
  ) {
    super(
      `Unexpected response to ${describe(request)} (HTTP ${details.status}): ${reason}`,
      request,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.status = details.status;
    this.bodyExcerpt = details.bodyExcerpt;
  }
}

/** undici reports "fetch failed" and hides the useful part (ECONNREFUSED...) in `cause`. */
function causeSummary(error: Error): string {
  const inner = error.cause;
  if (inner instanceof Error) {
    const code = (inner as Error & { code?: unknown }).code;
    return typeof code === 'string'
      ? `${error.message} (${code})`
      : `${error.message} (${inner.message})`;
  }
  return error.message;
}
