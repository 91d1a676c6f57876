import { verifyCallbackSignature } from '@pandapon/signing';
import { declaredLength, readBodyWithLimit } from './bytes.js';
import type { CallbackDeduper } from './dedupe.js';
import type { PandaPonCallback } from './messages.js';
import { CallbackParseError, parseCallback } from './parse.js';

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
  /** The message whose processing failed. */
  readonly message: PandaPonCallback;
}

/** Why a request was turned away before onMessage. */
export interface CallbackRejection {
  readonly status: 400 | 401 | 405 | 413;
  readonly reason:
    | 'method-not-allowed'
    | 'body-too-large'
    | 'missing-signature'
    | 'invalid-signature'
    | 'malformed-body';
  /** For 'malformed-body': what was wrong. */
  readonly error?: CallbackParseError;
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
   * so it may take as long as it needs; messages can arrive twice and out of order.
   */
  onMessage(message: PandaPonCallback, ctx: CallbackContext): unknown;
  /** Failures of onMessage and of ctx.waitUntil work. Default: console.error. */
  onError?(error: unknown, ctx: CallbackErrorContext): unknown;
  /** Requests turned away (405/413/401/400), e.g. to notice a wrong AccessSecret. */
  onRejected?(rejection: CallbackRejection, request: Request): unknown;
  /** Larger bodies get 413 without being read to the end. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in epoch milliseconds, for ctx.receivedAt. Default Date.now. */
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
  /** Skips bodies already processed (best-effort; see createDeduper). */
  dedupe?: CallbackDeduper;
  /**
   * An empty POST body is taken as the console's "Verify" probe: answered 200 without calling
   * onMessage when signed (HMAC of the empty string). Unsigned probes get 401 unless this is
   * true. Default false.
   */
  acknowledgeUnsignedProbes?: boolean;
}

/** A Fetch API handler: give it the platform's POST, return what it answers. */
export type CallbackHandler = (request: Request, runtime?: RuntimeContext) => Promise<Response>;

const ONE_MIB = 1024 * 1024;

interface HandlerInternals {
  readonly maxBodyBytes: number;
  /** The handler's own 413 answer (and onRejected call), for bodies rejected while streaming. */
  tooLarge(request: Request): Response;
}

// Lets toNodeListener enforce the same limit while streaming, without exposing it on the handler.
const handlerInternals = new WeakMap<CallbackHandler, HandlerInternals>();

export function internalsOf(handler: CallbackHandler): HandlerInternals | undefined {
  return handlerInternals.get(handler);
}

export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createCallbackHandler: options must be an object.');
  }
  const {
    accessSecret,
    onMessage,
    onError = logProcessingError,
    onRejected,
    maxBodyBytes = ONE_MIB,
    now = Date.now,
    waitUntil: defaultWaitUntil,
    awaitProcessing = false,
    dedupe,
    acknowledgeUnsignedProbes = false,
  } = options;
  if (typeof accessSecret !== 'string' || accessSecret.length === 0) {
    throw new TypeError('createCallbackHandler: accessSecret must be a non-empty string.');
  }
  if (typeof onMessage !== 'function') {
    throw new TypeError('createCallbackHandler: onMessage must be a function.');
  }
  for (const [name, value] of [
    ['onError', onError],
    ['onRejected', onRejected],
    ['now', now],
    ['waitUntil', defaultWaitUntil],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`createCallbackHandler: ${name} must be a function when given.`);
    }
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError('createCallbackHandler: maxBodyBytes must be a non-negative integer.');
  }
  if (
    dedupe !== undefined &&
    (typeof dedupe?.claim !== 'function' || typeof dedupe.release !== 'function')
  ) {
    throw new TypeError('createCallbackHandler: dedupe must come from createDeduper().');
  }

  function reject(rejection: CallbackRejection, request: Request, message: string): Response {
    if (onRejected !== undefined) {
      // An observer must not change the answer, so its failure is only logged.
      Promise.resolve()
        .then(() => onRejected(rejection, request))
        .catch((error: unknown) => logHookError('onRejected', error));
    }
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (rejection.status === 405) headers.allow = 'POST';
    return new Response(message, { status: rejection.status, headers });
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

  async function handleCallback(request: Request, runtime?: RuntimeContext): Promise<Response> {
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

    const runtimeWaitUntil = pickWaitUntil(runtime, defaultWaitUntil);
    const task = createProcessingTask(message, rawBody, request, runtimeWaitUntil);

    if (awaitProcessing) {
      const succeeded = await task.run();
      return succeeded
        ? acknowledge()
        : new Response('Processing failed; please redeliver.', {
            status: 500,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          });
    }

    // Acknowledge first. Waiting one macrotask before onMessage starts lets the runtime send the
    // 200 even if onMessage begins with long synchronous work.
    const background = nextTask().then(task.run);
    if (runtimeWaitUntil !== undefined) {
      try {
        runtimeWaitUntil(background);
      } catch (error) {
        await reportError(error, task.errorCtx);
      }
    }
    return acknowledge();
  }

  function createProcessingTask(
    message: PandaPonCallback,
    rawBody: Uint8Array,
    request: Request,
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
      receivedAt: new Date(now()),
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

    async function run(): Promise<boolean> {
      try {
        if (dedupe !== undefined && !(await dedupe.claim(rawBody))) return true;
        try {
          await onMessage(message, ctx);
        } catch (error) {
          // Let the platform's redelivery of this body be processed again.
          await dedupe?.release(rawBody).catch(() => {});
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

  handlerInternals.set(handleCallback, { maxBodyBytes, tooLarge });
  return handleCallback;
}

function acknowledge(): Response {
  return new Response('OK', {
    status: 200,
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

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
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
