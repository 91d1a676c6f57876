/**
 * The attempt loop behind every call: per-attempt timeout, retries with backoff, clock-skew
 * correction, logging. Each attempt re-issues the openapi-fetch call, so the whole pipeline —
 * signing included — runs again: every attempt gets a fresh nonce, timestamp and signature.
 */

import type { SigningMiddleware } from '@pandapon/signing';
import { withDeadline } from './abort.js';
import { isClockSkewAnswer, MIN_CLOCK_CORRECTION_MS, offsetFromDateHeader } from './clock-skew.js';
import { isEnvelope } from './envelope.js';
import {
  excerpt,
  isRedirect,
  PandaPonConnectionError,
  PandaPonRedirectError,
  PandaPonResponseError,
  PandaPonTimeoutError,
  type RequestDescription,
} from './errors.js';
import { parseJson } from './json.js';
import {
  type ClockSkewPredicate,
  fail,
  type Logger,
  nonNegativeNumber,
  optionalFunction,
  type PlatformMeta,
  type ResolvedOptions,
  type Sleep,
} from './options.js';
import { redactHeaders, redactUrl, scrub } from './redact.js';
import { parseRetryAfter, RETRYABLE_STATUSES, retryDelay, retryPolicy } from './retry.js';
import { type FetchResultLike, rememberResponse } from './unwrap.js';

/** The fetch signature openapi-fetch calls. */
export type FetchFn = (request: Request, init?: RequestInit) => Promise<Response>;

/** Sends one attempt through openapi-fetch (middleware, serialisation, body parsing). */
export type Invoke = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<FetchResultLike>;

export interface TransportDeps {
  invoke: Invoke;
  options: ResolvedOptions;
  meta: PlatformMeta;
  fetch: FetchFn;
  sleep: Sleep;
  logger: Logger | undefined;
  /** Signs requests, and holds the clock offset that clock-skew correction moves. */
  signing: SigningMiddleware;
  /**
   * Whether an attempt starting now must be signed by the transport: true while the middleware
   * chain does not contain the signing middleware (see client.ts).
   */
  signsInFetch(): boolean;
  /** The caller's own "timestamp rejected" test, if any (see clock-skew.ts). */
  isClockSkewError: ClockSkewPredicate | undefined;
  onClockOffsetChange: ((clockOffsetMs: number) => void) | undefined;
  /** The access secret: scrubbed from log lines and error excerpts. */
  secret: string;
}

/** Runs one call: `method` upper-case, `path` the OpenAPI template, `init` openapi-fetch's init. */
export type Execute = (
  method: string,
  path: string,
  init: Record<string, unknown> | undefined,
) => Promise<FetchResultLike>;

export function createTransport(deps: TransportDeps): Execute {
  const { options, logger, signing, meta } = deps;
  const log = (message: string, details: Record<string, unknown>) =>
    logger?.debug(message, details);
  const warn = (message: string, details: Record<string, unknown>) =>
    logger?.warn ? logger.warn(message, details) : logger?.debug(message, details);

  /** What must never show in a log line or an error: the secret and the signature sent. */
  const secretsOf = (sent: Request | undefined): string[] => [
    deps.secret,
    sent?.headers.get('signature') ?? '',
    (sent && new URL(sent.url).searchParams.get('sign')) ?? '',
  ];

  /**
   * Points the signing clock at the server's, from the `Date` header of a response that
   * rejected our timestamp. Returns whether the correction is large enough to explain it.
   */
  function correctClock(response: Response, logMeta: Record<string, unknown> | undefined): boolean {
    const offset = offsetFromDateHeader(response, Date.now());
    const previous = signing.clockOffsetMs;
    if (Number.isNaN(offset)) {
      warn('pandapon timestamp rejected, but the response has no usable Date header', {
        ...logMeta,
      });
      return false;
    }
    if (Math.abs(offset - previous) < MIN_CLOCK_CORRECTION_MS) {
      warn('pandapon timestamp rejected, but our clock agrees with the server', {
        ...logMeta,
        clockOffsetMs: previous,
      });
      return false;
    }
    signing.setClockOffset(offset);
    deps.onClockOffsetChange?.(offset);
    warn('pandapon clock offset corrected from the server Date header', {
      ...logMeta,
      previousOffsetMs: previous,
      clockOffsetMs: offset,
    });
    return true;
  }

  return async function execute(method, path, init) {
    const operation = meta.operations[`${method} ${path}`];
    const request: RequestDescription = { method, path, operationId: operation?.operationId };
    // The spec's answer for a listed operation; for an unlisted one, signing decides by path.
    const querySignature = operation ? operation.querySignature === true : undefined;
    // `fetchInit` is this call's own copy of init; openapi-fetch copies it again, so it is safe to
    // set the attempt's fields on it.
    const {
      retry,
      timeoutMs: callTimeout,
      signal,
      fetch: callFetch,
      // Dropped: redirects are never followed (see below), whatever a call asks for.
      redirect: _redirect,
      ...fetchInit
    } = init ?? {};
    const policy = retryPolicy(method, operation?.safeToRetry, retry, options.maxRetries);
    const timeoutMs = nonNegativeNumber(callTimeout, 'init.timeoutMs', options.timeoutMs);
    optionalFunction(callFetch, 'init.fetch');
    const fetchImpl = (callFetch as FetchFn | undefined) ?? deps.fetch;
    // Duck-typed: a signal from another realm (iframe, jsdom, a polyfill) fails `instanceof`.
    const callerSignal = signal as AbortSignal | undefined;
    if (
      callerSignal !== undefined &&
      (typeof callerSignal?.aborted !== 'boolean' ||
        typeof callerSignal.addEventListener !== 'function')
    ) {
      fail('init.signal', 'an AbortSignal');
    }
    const parsesJson = fetchInit.parseAs === undefined || fetchInit.parseAs === 'json';
    // JSON is read as text and parsed here, so that 64-bit ids survive (see json.ts).
    if (parsesJson) fetchInit.parseAs = 'text';
    let retries = 0;
    let clockCorrected = false;

    for (let attempt = 1; ; attempt++) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      const logMeta = logger && { ...request, platform: meta.platform, attempt };
      const signIt = deps.signsInFetch();
      // What this attempt saw on the wire.
      const deadline: { timedOut?: boolean } = {};
      let sent: Request | undefined;
      let response: Response | undefined;
      let fetchError: { error: unknown } | undefined;
      let redirect: PandaPonRedirectError | undefined;
      // The body as read, before JSON.parse: quoted if it is not JSON after all.
      let text: string | undefined;
      let result: FetchResultLike | undefined;
      let failure: PandaPonTimeoutError | PandaPonConnectionError | undefined;
      try {
        const settled = await withDeadline(callerSignal, timeoutMs, deadline, (attemptSignal) => {
          // The fetch openapi-fetch calls: signs the request (unless the middleware chain did),
          // logs it with credentials redacted, and records what happened.
          fetchInit.fetch = async (built: Request) => {
            sent = signIt
              ? await signing.onRequest({ request: built, schemaPath: path, querySignature })
              : built;
            const started = Date.now();
            if (logMeta) {
              log('pandapon request', {
                ...logMeta,
                url: redactUrl(sent.url),
                headers: redactHeaders(sent.headers, secretsOf(sent)),
              });
            }
            try {
              // The attempt's signal goes to fetch directly, not into openapi-fetch's Request:
              // Node 20's undici loses the link between a Request's signal and the signal it
              // was built from once the intermediate controller is garbage-collected, while an
              // `init.signal` is held by fetch itself. (A Request that follows a signal also
              // costs listeners and a finalizer per call.)
              // Redirects are never followed: the request carries credentials and a body that
              // must not reach another origin, and PandaPon has no reason to send one.
              response = await fetchImpl(sent, { signal: attemptSignal, redirect: 'manual' });
            } catch (error) {
              fetchError = { error };
              if (logMeta) {
                log('pandapon request failed', {
                  ...logMeta,
                  error: error instanceof Error ? error.name : typeof error,
                  durationMs: Date.now() - started,
                });
              }
              throw error;
            }
            if (logMeta) {
              log('pandapon response', {
                ...logMeta,
                status: response.status,
                durationMs: Date.now() - started,
              });
            }
            if (isRedirect(response)) {
              await response.body?.cancel().catch(() => {});
              redirect = new PandaPonRedirectError(response, request);
              throw redirect;
            }
            return response;
          };
          return deps.invoke(method, path, fetchInit);
        });
        // Parsed before `result` is set: a body that is not JSON must fail the attempt.
        if (parsesJson && typeof settled.data === 'string') {
          text = settled.data;
          settled.data = text === '' ? undefined : parseJson(text);
        }
        result = settled;
      } catch (error) {
        // The caller's abort is theirs: surface it as-is (the standard AbortError), never retry.
        if (callerSignal?.aborted) throw callerSignal.reason;
        // Not retried either: asking again gets the same redirect.
        if (redirect) throw redirect;
        if (deadline.timedOut) failure = new PandaPonTimeoutError(timeoutMs, request);
        else if (fetchError) failure = new PandaPonConnectionError(fetchError.error, request);
        // undici reports a connection dropped while the body streams in as TypeError("terminated").
        else if (response && error instanceof TypeError && error.message === 'terminated') {
          failure = new PandaPonConnectionError(error, request);
        } else if (response && text !== undefined && error instanceof SyntaxError) {
          // The server answered (an HTML gateway page with status 200...); asking again will not
          // change the format.
          throw new PandaPonResponseError(
            'the body is not valid JSON',
            {
              status: response.status,
              bodyExcerpt: excerpt(text, (body) => scrub(body, secretsOf(sent))),
              cause: error,
            },
            request,
          );
        }
        // Anything else (a middleware of the caller's that threw, a bad init) is not a
        // transport failure and is not ours to rename.
        else throw error;
      }

      let retryAfterMs: number | undefined;
      if (result) {
        const httpResponse = result.response;
        const signedRequest = sent;
        rememberResponse(httpResponse, {
          request,
          scrub: (text) => scrub(text, secretsOf(signedRequest)),
        });
        const body = httpResponse.ok ? result.data : result.error;
        if (
          options.autoClockSkew &&
          !clockCorrected &&
          isEnvelope(body) &&
          isClockSkewAnswer(body, httpResponse, deps.isClockSkewError, policy.allowed)
        ) {
          clockCorrected = true;
          // Sent again once even for a write, but only on the timestamp-rejection code (or the
          // caller's own test): a timestamp is checked with the signature, before the server
          // acts on the request, so the rejected attempt had no effect.
          if (correctClock(httpResponse, logMeta)) continue;
        }
        if (!RETRYABLE_STATUSES.includes(httpResponse.status)) return result;
        retryAfterMs = parseRetryAfter(httpResponse.headers.get('retry-after'));
      }
      if (!policy.allowed || retries >= policy.maxRetries) {
        if (result) return result;
        throw failure;
      }
      const delayMs = retryDelay(retries, retryAfterMs, options.baseDelayMs, options.maxDelayMs);
      retries++;
      warn('pandapon retrying', {
        ...logMeta,
        reason: result ? `HTTP ${result.response.status}` : failure?.name,
        delayMs,
        retry: retries,
      });
      await deps.sleep(delayMs, callerSignal);
    }
  };
}
