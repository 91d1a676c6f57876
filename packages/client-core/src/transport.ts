/**
 * The attempt loop behind every call: per-attempt timeout, retries with backoff, clock-skew
 * correction, logging. Each attempt re-issues the openapi-fetch call, so the middleware chain —
 * signing included — runs again: every attempt gets a fresh nonce, timestamp and signature.
 */

import { attemptSignal } from './abort.js';
import { MIN_CLOCK_CORRECTION_MS, offsetFromDateHeader } from './clock-skew.js';
import { isEnvelope, type PandaPonEnvelope } from './envelope.js';
import {
  excerpt,
  PandaPonConnectionError,
  PandaPonResponseError,
  PandaPonTimeoutError,
  type RequestDescription,
} from './errors.js';
import { parseJson } from './json.js';
import {
  type ClockSkewPredicate,
  type Logger,
  nonNegativeNumber,
  type PlatformMeta,
  type ResolvedOptions,
  type Sleep,
} from './options.js';
import { redactHeaders, redactUrl } from './redact.js';
import {
  parseRetryAfter,
  RETRYABLE_STATUSES,
  retryDelay,
  retryPolicy,
  validateRetryOverride,
} from './retry.js';
import { type FetchResultLike, rememberResponse } from './unwrap.js';

/** The fetch signature openapi-fetch calls (the second argument is its `requestInitExt`). */
export type FetchFn = (request: Request, init?: RequestInit) => Promise<Response>;

/** Sends one attempt through openapi-fetch (middleware, serialisation, body parsing). */
export type Invoke = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<FetchResultLike>;

/** The part of the signing middleware the loop needs. */
export interface ClockControl {
  setClockOffset(ms: number): void;
  readonly clockOffsetMs: number;
}

export interface TransportDeps {
  invoke: Invoke;
  options: ResolvedOptions;
  meta: PlatformMeta;
  fetch: FetchFn;
  sleep: Sleep;
  logger: Logger | undefined;
  clock: ClockControl;
  isClockSkewError: ClockSkewPredicate;
  /** Values never to show in logs or errors (the access secret). */
  secrets: readonly string[];
}

/** Runs one call: `method` upper-case, `path` the OpenAPI template, `init` openapi-fetch's init. */
export type Execute = (
  method: string,
  path: string,
  init: Record<string, unknown> | undefined,
) => Promise<FetchResultLike>;

/** What one attempt saw on the wire. */
interface AttemptState {
  fetchError?: { error: unknown };
  response?: Response;
  /** A copy of a 2xx body that is not labelled JSON, to quote if parsing it fails. */
  bodyCopy?: Response;
  secrets: readonly string[];
}

const JSON_CONTENT_TYPE = /\bjson\b/i;

export function createTransport(deps: TransportDeps): Execute {
  const { options, logger } = deps;
  const log = (message: string, meta: Record<string, unknown>) => logger?.debug(message, meta);
  const warn = (message: string, meta: Record<string, unknown>) =>
    logger?.warn ? logger.warn(message, meta) : logger?.debug(message, meta);

  /** Wraps fetch to record what happened and log the attempt, with credentials redacted. */
  function instrument(
    fetchImpl: FetchFn,
    state: AttemptState,
    logMeta: Record<string, unknown>,
    parseAs: unknown,
    signal: AbortSignal,
  ): FetchFn {
    return async (request, ext) => {
      const signature = request.headers.get('signature');
      const querySign = new URL(request.url).searchParams.get('sign');
      state.secrets = [...deps.secrets, signature ?? '', querySign ?? ''].filter((s) => s !== '');
      log('pandapon request', {
        ...logMeta,
        url: redactUrl(request.url),
        headers: redactHeaders(request.headers, state.secrets),
      });
      const started = Date.now();
      let response: Response;
      try {
        // The attempt's signal is passed again, directly: Node 20's undici loses the link
        // between a Request's signal and the signal it was built from once the intermediate
        // controller is garbage-collected, and openapi-fetch and the signing middleware each
        // build a new Request. A direct `init.signal` is held strongly by fetch itself.
        response = await fetchImpl(request, { ...ext, signal });
      } catch (error) {
        state.fetchError = { error };
        log('pandapon request failed', {
          ...logMeta,
          error: error instanceof Error ? error.name : typeof error,
          durationMs: Date.now() - started,
        });
        throw error;
      }
      state.response = response;
      const contentType = response.headers.get('content-type') ?? '';
      if (
        response.ok &&
        (parseAs === undefined || parseAs === 'json') &&
        !JSON_CONTENT_TYPE.test(contentType)
      ) {
        // Rare (an HTML gateway page with status 200...), and then worth quoting in the error.
        state.bodyCopy = response.clone();
      }
      log('pandapon response', {
        ...logMeta,
        status: response.status,
        durationMs: Date.now() - started,
      });
      return response;
    };
  }

  /** Maps what an attempt threw to our error types; rethrows what is not ours to map. */
  async function classify(
    error: unknown,
    state: AttemptState,
    timedOut: boolean,
    timeoutMs: number,
    request: RequestDescription,
  ): Promise<PandaPonTimeoutError | PandaPonConnectionError | PandaPonResponseError> {
    if (timedOut) return new PandaPonTimeoutError(timeoutMs, request);
    if (state.fetchError) return new PandaPonConnectionError(state.fetchError.error, request);
    if (state.response && error instanceof SyntaxError) {
      const raw = state.bodyCopy ? await state.bodyCopy.text().catch(() => '') : '';
      return new PandaPonResponseError(
        'the body is not valid JSON',
        { status: state.response.status, bodyExcerpt: excerpt(raw, state.secrets), cause: error },
        request,
      );
    }
    // undici reports a connection dropped while the body streams in as TypeError("terminated").
    if (state.response && error instanceof TypeError && error.message === 'terminated') {
      return new PandaPonConnectionError(error, request);
    }
    // Anything else (a middleware of the caller's that threw, a bad init) is not a transport
    // failure and is not ours to rename.
    throw error;
  }

  /**
   * Points the signing clock at the server's, from the `Date` header of a response that
   * rejected our timestamp. Returns whether the correction is large enough to explain it.
   */
  function correctClock(response: Response, logMeta: Record<string, unknown>): boolean {
    const now = Date.now();
    const offset = offsetFromDateHeader(response, now);
    if (offset === undefined) {
      warn('pandapon timestamp rejected, but the response has no usable Date header', logMeta);
      return false;
    }
    const previous = deps.clock.clockOffsetMs;
    if (Math.abs(offset - previous) < MIN_CLOCK_CORRECTION_MS) {
      warn('pandapon timestamp rejected, but our clock agrees with the server', {
        ...logMeta,
        clockOffsetMs: previous,
      });
      return false;
    }
    deps.clock.setClockOffset(offset);
    warn('pandapon clock offset corrected from the server Date header', {
      ...logMeta,
      previousOffsetMs: previous,
      clockOffsetMs: offset,
    });
    return true;
  }

  return async function execute(method, path, init) {
    const operation = deps.meta.operations[`${method} ${path}`];
    const request: RequestDescription = operation
      ? { method, path, operationId: operation.operationId }
      : { method, path };
    const {
      retry,
      timeoutMs: callTimeout,
      signal: callerSignal,
      fetch: callFetch,
      ...rest
    } = init ?? {};
    const override = validateRetryOverride(retry, 'init.retry');
    const timeoutMs = nonNegativeNumber(callTimeout, 'init.timeoutMs', options.timeoutMs);
    if (callFetch !== undefined && typeof callFetch !== 'function') {
      throw new TypeError('PandaPon client: `init.fetch` must be a function.');
    }
    // Duck-typed: a signal from another realm (iframe, jsdom, a polyfill) fails `instanceof`.
    if (
      callerSignal !== undefined &&
      (typeof callerSignal !== 'object' ||
        callerSignal === null ||
        typeof (callerSignal as AbortSignal).aborted !== 'boolean' ||
        typeof (callerSignal as AbortSignal).addEventListener !== 'function')
    ) {
      throw new TypeError('PandaPon client: `init.signal` must be an AbortSignal.');
    }
    const signal = callerSignal as AbortSignal | undefined;
    const fetchImpl = (callFetch as FetchFn | undefined) ?? deps.fetch;
    const parsesJson = rest.parseAs === undefined || rest.parseAs === 'json';
    const policy = retryPolicy(method, operation?.safeToRetry, override, options.maxRetries);
    let retries = 0;
    let clockCorrected = false;

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const logMeta = {
        platform: deps.meta.platform,
        operationId: request.operationId,
        method,
        path,
        attempt,
      };
      const state: AttemptState = { secrets: deps.secrets };
      const limit = attemptSignal(signal, timeoutMs);
      let result: FetchResultLike | undefined;
      let failure:
        | PandaPonTimeoutError
        | PandaPonConnectionError
        | PandaPonResponseError
        | undefined;
      try {
        const settled = await settleOrAbort(
          deps.invoke(method, path, {
            ...rest,
            // JSON is read as text and parsed here, so that 64-bit ids survive (see json.ts).
            parseAs: parsesJson ? 'text' : rest.parseAs,
            signal: limit.signal,
            fetch: instrument(fetchImpl, state, logMeta, rest.parseAs, limit.signal),
          }),
          limit.signal,
        );
        // Assigned only once parsed: a body that is not JSON must fail the attempt, not pass.
        result =
          parsesJson && typeof settled.data === 'string'
            ? { ...settled, data: settled.data === '' ? undefined : parseJson(settled.data) }
            : settled;
      } catch (error) {
        // The caller's abort is theirs: surface it as-is (the standard AbortError), never retry.
        if (signal?.aborted) throw signal.reason;
        failure = await classify(error, state, limit.timedOut, timeoutMs, request);
      } finally {
        limit.dispose();
      }

      let retryAfterMs: number | undefined;
      let reason: string;
      if (result) {
        rememberResponse(result.response, { request, secrets: state.secrets });
        const envelope = envelopeOf(result);
        if (
          options.autoClockSkew &&
          !clockCorrected &&
          envelope &&
          deps.isClockSkewError(envelope, result.response)
        ) {
          clockCorrected = true;
          // Retried once even for writes: a timestamp is checked with the signature, before the
          // server acts on the request, so the rejected attempt had no effect.
          if (correctClock(result.response, logMeta)) continue;
        }
        const status = result.response.status;
        if (!RETRYABLE_STATUSES.has(status)) return result;
        retryAfterMs = parseRetryAfter(result.response.headers.get('retry-after'));
        reason = `HTTP ${status}`;
      } else if (failure instanceof PandaPonResponseError) {
        throw failure; // The server answered; asking again will not change the format.
      } else {
        reason = failure?.name ?? 'failure';
      }

      if (!policy.allowed || retries >= policy.maxRetries) {
        if (result) return result;
        throw failure;
      }
      const delayMs = retryDelay(retries, retryAfterMs, options.baseDelayMs, options.maxDelayMs);
      retries++;
      warn('pandapon retrying', { ...logMeta, reason, delayMs, retry: retries });
      await deps.sleep(delayMs, signal);
    }
  };
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts — so a
 * timeout or a caller's abort ends the attempt even if a custom fetch ignores its signal.
 */
function settleOrAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The envelope in a result's body (2xx data or non-2xx error body), if it has one. */
function envelopeOf(result: FetchResultLike): PandaPonEnvelope | undefined {
  const body = result.response.ok ? result.data : result.error;
  return isEnvelope(body) ? body : undefined;
}
