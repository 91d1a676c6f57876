import { verifyCallbackSignature } from '@pandapon/signing';
import { declaredLength, readBodyWithLimit } from './bytes.js';
import { type CallbackDedupeStore, dedupeKey } from './dedupe.js';
import { staleness } from './freshness.js';
import type { PandaPonCallback } from './messages.js';
import { resolveHandlerOptions } from './options.js';
import { CallbackParseError, parseCallback } from './parse.js';
import { createProcessingQueue } from './processing.js';

/** What onMessage gets besides the message. Holds no secret and no signature. */
export interface CallbackContext {
  /** The exact bytes that were signed and parsed. */
  readonly rawBody: Uint8Array;
  /** The request headers, minus `Authorization`. */
  readonly headers: Headers;
  readonly url: string;
  /** When the request arrived (from the `now` option). */
  readonly receivedAt: Date;
  /**
   * Keeps extra background work alive after the acknowledgment: it is passed on to the runtime's
   * waitUntil when there is one, and its failure goes to onError.
   */
  waitUntil(promise: Promise<unknown>): void;
}

export interface CallbackErrorContext extends CallbackContext {
  /** The message whose processing (or de-duplication) failed. */
  readonly message: PandaPonCallback;
}

/** Why a request was turned away before onMessage. */
export interface CallbackRejection {
  readonly status: 400 | 401 | 405 | 413 | 503;
  readonly reason:
    | 'method-not-allowed'
    | 'body-too-large'
    | 'missing-signature'
    | 'invalid-signature'
    | 'malformed-body'
    /** 503: `maxQueuedMessages` acknowledged messages are still waiting for onMessage. */
    | 'queue-full';
  /** For 'malformed-body': what was wrong. */
  readonly error?: CallbackParseError;
}

/**
 * A verified message that was acknowledged (200) but not given to onMessage. 200, because the
 * platform would only redeliver the same signed bytes: a duplicate stays a duplicate, a stale or
 * undated message stays so.
 */
export interface CallbackSkip {
  /**
   * 'duplicate': the same body was taken on within dedupe.ttlMs (a redelivery or a replay);
   * 'stale': its timestamp is older than maxAgeMs; 'undated': maxAgeMs is set and the message
   * has no timestamp in epoch milliseconds.
   */
  readonly reason: 'duplicate' | 'stale' | 'undated';
  readonly message: PandaPonCallback;
  /** For 'stale': how old the message was, in milliseconds. */
  readonly ageMs?: number;
}

/** The per-request half of serverless runtimes (Cloudflare's ExecutionContext, Hono's c.executionCtx). */
export interface RuntimeContext {
  waitUntil?(promise: Promise<unknown>): void;
}

export interface CallbackHandlerOptions {
  /** The AccessSecret the platform signs callbacks with. Kept in a closure, never exposed. */
  accessSecret: string;
  /**
   * Processes one verified message. Runs AFTER the 200 acknowledgment (unless awaitProcessing),
   * so it may take as long as it needs; messages can arrive out of order.
   */
  onMessage(message: PandaPonCallback, ctx: CallbackContext): unknown;
  /** Failures of onMessage, of ctx.waitUntil work and of the dedupe store. Default: console.error. */
  onError?(error: unknown, ctx: CallbackErrorContext): unknown;
  /** Requests turned away (405/413/401/400), e.g. to notice a wrong AccessSecret. */
  onRejected?(rejection: CallbackRejection, request: Request): unknown;
  /** Verified messages acknowledged without onMessage: duplicates, and stale ones (maxAgeMs). */
  onSkipped?(skip: CallbackSkip, request: Request): unknown;
  /** Larger bodies get 413 without being read to the end. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in epoch milliseconds, for ctx.receivedAt and maxAgeMs. Default Date.now. */
  now?: () => number;
  /**
   * Keeps onMessage alive after the response in runtimes that stop work once it is sent
   * (e.g. `waitUntil` from '@vercel/functions', `after` from 'next/server'). A runtime context
   * passed per request (Cloudflare's `ctx`) takes precedence.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * Run onMessage before answering: 200 when it succeeds, 500 when it fails (so the platform
   * retries the delivery in 30 minutes). Only sensible when onMessage reliably finishes well
   * inside the platform's 1000 ms deadline, or in tests. Default false.
   */
  awaitProcessing?: boolean;
  /**
   * Duplicate filter, ON by default: a body already taken on within `ttlMs` (default 24 h, longer
   * than the platform's 2.5 h redelivery window) is acknowledged without calling onMessage.
   * `store` defaults to a bounded in-memory store for this handler; give a shared one (Redis)
   * when several instances receive callbacks. `false` switches it off.
   */
  dedupe?: false | { store?: CallbackDedupeStore; ttlMs?: number };
  /**
   * Optional freshness limit: a message whose `timestamp` is older than this (or missing) is
   * acknowledged without calling onMessage. Must not exceed dedupe.ttlMs. Keep it above the
   * redelivery window (2.5 h) unless you know redeliveries carry a fresh timestamp.
   */
  maxAgeMs?: number;
  /** onMessage calls running at once (async work overlaps; CPU work runs one at a time anyway). Default 8. */
  processingConcurrency?: number;
  /**
   * Acknowledged messages whose onMessage has not finished, at most. One more is answered 503
   * without being taken on (nor marked as seen), so the platform delivers it again later instead
   * of this process holding an ever longer queue in memory. Not used with awaitProcessing.
   * Default 10,000.
   */
  maxQueuedMessages?: number;
  /**
   * An empty POST body is taken as the console's "Verify" probe: answered 200 without calling
   * onMessage when signed (HMAC of the empty string). Unsigned probes get 401 unless this is
   * true. Default false.
   */
  acknowledgeUnsignedProbes?: boolean;
}

/**
 * Longest a queued onMessage waits while acknowledgments are pending. Acknowledgments come first,
 * but under a steady stream of callbacks processing must still advance; a second is the
 * platform's own deadline for one acknowledgment.
 */
const MAX_PROCESSING_DEFER_MS = 1000;

/** A Fetch API handler: give it the platform's POST, return what it answers. */
export type CallbackHandler = (request: Request, runtime?: RuntimeContext) => Promise<Response>;

/**
 * Receives, for an accepted message, the function that queues its onMessage; the caller runs it
 * once the response has been handed to the client.
 */
type OnAccepted = (startProcessing: () => void) => void;

interface HandlerInternals {
  readonly maxBodyBytes: number;
  /** The handler's own 413 answer (and onRejected call), for bodies rejected while streaming. */
  tooLarge(request: Request): Response;
  /** The handler's work without starting the processing, for adapters that write the response. */
  answer(
    request: Request,
    runtime: RuntimeContext | undefined,
    accepted: OnAccepted,
  ): Promise<Response>;
  /** Keeps queued processing from starting until the returned function is called. */
  holdProcessing(): () => void;
}

// Lets toNodeListener enforce the same limit while streaming and start processing only after it
// wrote the response, without exposing either on the handler.
const handlerInternals = new WeakMap<CallbackHandler, HandlerInternals>();

export function internalsOf(handler: CallbackHandler): HandlerInternals | undefined {
  return handlerInternals.get(handler);
}

export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const { accessSecret, settings } = resolveHandlerOptions(options);
  const {
    onMessage,
    onError = logProcessingError,
    onRejected,
    onSkipped,
    maxBodyBytes,
    now,
    waitUntil: defaultWaitUntil,
    awaitProcessing,
    dedupe,
    maxAgeMs,
    acknowledgeUnsignedProbes,
  } = settings;
  const queue = createProcessingQueue(settings.processingConcurrency, MAX_PROCESSING_DEFER_MS);
  /** Acknowledged messages whose processing has not finished (queued or running). */
  let unfinished = 0;

  function observe<Args extends unknown[]>(
    name: string,
    hook: ((...args: Args) => unknown) | undefined,
    ...args: Args
  ): void {
    if (hook === undefined) return;
    // An observer must not change the answer, so its failure is only logged.
    Promise.resolve()
      .then(() => hook(...args))
      .catch((error: unknown) => logHookError(name, error));
  }

  function reject(rejection: CallbackRejection, request: Request, message: string): Response {
    observe('onRejected', onRejected, rejection, request);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (rejection.status === 405) headers.allow = 'POST';
    return new Response(message, { status: rejection.status, headers });
  }

  function skip(skipped: CallbackSkip, request: Request): Response {
    observe('onSkipped', onSkipped, skipped, request);
    return acknowledge();
  }

  function tooLarge(request: Request): Response {
    return reject(
      { status: 413, reason: 'body-too-large' },
      request,
      `Payload Too Large: the limit is ${maxBodyBytes} bytes.`,
    );
  }

  async function reportError(error: unknown, ctx: CallbackErrorContext): Promise<void> {
    try {
      await onError(error, ctx);
    } catch (hookError) {
      logHookError('onError', hookError);
    }
  }

  async function answer(
    request: Request,
    runtime: RuntimeContext | undefined,
    accepted: OnAccepted,
  ): Promise<Response> {
    if (request.method !== 'POST') {
      request.body?.cancel().catch(() => {});
      return reject(
        { status: 405, reason: 'method-not-allowed' },
        request,
        'Method Not Allowed: PandaPon callbacks are POST requests.',
      );
    }

    const length = declaredLength(request.headers);
    if (length !== undefined && length > maxBodyBytes) {
      request.body?.cancel().catch(() => {});
      return tooLarge(request);
    }
    const read = await readBodyWithLimit(request.body, maxBodyBytes);
    if (!read.ok) return tooLarge(request);
    const rawBody = read.bytes;

    const authorization = request.headers.get('authorization');
    const signed =
      authorization !== null &&
      (await verifyCallbackSignature(rawBody, authorization, accessSecret));

    if (rawBody.byteLength === 0 && (signed || acknowledgeUnsignedProbes)) {
      // The console's "Verify" probe: it only needs a 200; there is no message to deliver.
      return acknowledge();
    }
    if (!signed) {
      return reject(
        {
          status: 401,
          reason: authorization === null ? 'missing-signature' : 'invalid-signature',
        },
        request,
        'Unauthorized: the Authorization header is not the HMAC-SHA256 of this body.',
      );
    }

    let message: PandaPonCallback;
    try {
      message = parseCallback(rawBody);
    } catch (error) {
      if (!(error instanceof CallbackParseError)) throw error;
      return reject(
        { status: 400, reason: 'malformed-body', error },
        request,
        `Bad Request: ${error.message}`,
      );
    }

    const receivedAtMs = now();
    const stale =
      maxAgeMs === undefined ? undefined : staleness(message.timestamp, maxAgeMs, receivedAtMs);
    if (stale !== undefined) return skip({ ...stale, message }, request);

    if (!awaitProcessing && unfinished >= settings.maxQueuedMessages) {
      // Before the dedupe claim: the redelivery of this body must not count as a duplicate.
      return reject(
        { status: 503, reason: 'queue-full' },
        request,
        'Service Unavailable: too many messages waiting to be processed; please deliver again.',
      );
    }

    const runtimeWaitUntil = pickWaitUntil(runtime, defaultWaitUntil);
    const task = createProcessingTask(message, rawBody, request, receivedAtMs, runtimeWaitUntil);

    // Claimed before answering: a store failure becomes a 500 (the platform delivers again later)
    // instead of a message either lost or processed twice.
    let key: string | undefined;
    if (dedupe !== undefined) {
      try {
        key = await dedupeKey(rawBody);
        if (!(await dedupe.store.claim(key, dedupe.ttlMs))) {
          return skip({ reason: 'duplicate', message }, request);
        }
      } catch (error) {
        await reportError(error, task.errorCtx);
        return failed();
      }
    }
    const release = async () => {
      // Processing failed: let the next delivery of this body be processed again.
      if (key !== undefined) await dedupe?.store.release(key);
    };

    if (awaitProcessing) {
      const succeeded = await task.run(release);
      return succeeded ? acknowledge() : failed();
    }

    // Acknowledge first: processing is queued only once the caller starts it, after the response
    // has been handed over. A runtime's waitUntil must hear of the work before the response.
    let startProcessing!: () => void;
    unfinished++;
    const processed = new Promise<void>((resolve) => {
      startProcessing = () => resolve(queue.run(() => task.run(release).then(() => {})));
    }).finally(() => {
      unfinished--;
    });
    if (runtimeWaitUntil !== undefined) {
      try {
        runtimeWaitUntil(processed);
      } catch (error) {
        await reportError(error, task.errorCtx);
      }
    }
    accepted(startProcessing);
    return acknowledge();
  }

  function createProcessingTask(
    message: PandaPonCallback,
    rawBody: Uint8Array,
    request: Request,
    receivedAtMs: number,
    runtimeWaitUntil: ((promise: Promise<unknown>) => void) | undefined,
  ) {
    const headers = new Headers(request.headers);
    headers.delete('authorization');
    const extraWork: Promise<void>[] = [];
    let finished = false;

    const ctx: CallbackContext = {
      rawBody,
      headers,
      url: request.url,
      receivedAt: new Date(receivedAtMs),
      waitUntil(promise) {
        const reported = Promise.resolve(promise).then(
          () => {},
          (error: unknown) => reportError(error, errorCtx),
        );
        if (!finished) extraWork.push(reported);
        else runtimeWaitUntil?.(reported);
      },
    };
    const errorCtx: CallbackErrorContext = { ...ctx, message };

    async function run(release: () => Promise<void>): Promise<boolean> {
      try {
        try {
          await onMessage(message, ctx);
        } catch (error) {
          await release().catch((releaseError: unknown) => reportError(releaseError, errorCtx));
          await reportError(error, errorCtx);
          return false;
        }
        while (extraWork.length > 0) await Promise.all(extraWork.splice(0));
        return true;
      } catch (error) {
        await reportError(error, errorCtx);
        return false;
      } finally {
        finished = true;
      }
    }

    return { errorCtx, run };
  }

  async function handleCallback(request: Request, runtime?: RuntimeContext): Promise<Response> {
    const release = queue.hold();
    try {
      // The queue starts jobs in a later macrotask, after this response is returned.
      return await answer(request, runtime, (startProcessing) => startProcessing());
    } finally {
      release();
    }
  }

  handlerInternals.set(handleCallback, {
    maxBodyBytes,
    tooLarge,
    answer,
    holdProcessing: queue.hold,
  });
  return handleCallback;
}

function acknowledge(): Response {
  return new Response('OK', {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

function failed(): Response {
  return new Response('Not processed; please deliver again.', {
    status: 500,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

function pickWaitUntil(
  runtime: RuntimeContext | undefined,
  fallback: ((promise: Promise<unknown>) => void) | undefined,
): ((promise: Promise<unknown>) => void) | undefined {
  // Called as a method: Cloudflare's ExecutionContext.waitUntil throws when detached.
  if (typeof runtime?.waitUntil === 'function') {
    return (promise) => runtime.waitUntil?.(promise);
  }
  return fallback;
}

function logProcessingError(error: unknown, ctx: CallbackErrorContext): void {
  console.error(
    `[@pandapon/callbacks] processing a ${ctx.message.messageType} callback failed:`,
    error,
  );
}

function logHookError(hook: string, error: unknown): void {
  console.error(`[@pandapon/callbacks] the ${hook} hook threw:`, error);
}
