/**
 * One attempt of a call: sign, send, read, parse. It never decides what happens next; it
 * reports what happened as a typed outcome, and decide.ts takes it from there.
 */

import { parseJson } from '@pandapon/json';

const BIG_IDS_AS_STRINGS = { bigIntegers: 'string' } as const;

import type { SigningMiddleware } from '@pandapon/signing';
import type { Middleware } from 'openapi-fetch';
import { withDeadline } from './abort.js';
import { BodyTooLarge, readLimited } from './body.js';
import type { Logger } from './options.js';
import type { CallPlan } from './plan.js';
import { redactHeaders, redactUrl, scrub } from './redact.js';
import type { FetchResultLike } from './unwrap.js';

/** What one attempt came to. `sent` is the signed request as it left, when it left. */
export type Outcome =
  /** The server answered (any status, 3xx included); the body is read and, if JSON, parsed. */
  | { kind: 'answered'; result: FetchResultLike; sent: Request | undefined }
  /** The attempt's time limit fired. */
  | { kind: 'timeout' }
  /** No complete answer: refused, reset or dropped connection, DNS, TLS... */
  | { kind: 'connection'; cause: unknown; sent: Request | undefined }
  /** An answer whose body is not what it claims (JSON that does not parse). */
  | {
      kind: 'malformed';
      response: Response;
      text: string;
      cause: unknown;
      sent: Request | undefined;
    }
  /** The body passed `maxResponseBytes` (reading stopped there). */
  | { kind: 'oversized'; response: Response }
  /** The caller's signal fired. */
  | { kind: 'aborted'; reason: unknown };

/** Sends one attempt through openapi-fetch (URL, serialisation, middleware, body reading). */
export type Invoke = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<FetchResultLike>;

export interface AttemptContext {
  invoke: Invoke;
  signing: SigningMiddleware;
  /** The middleware chain for this attempt, or undefined to sign in fetch (signing-stage.ts). */
  chain: Middleware[] | undefined;
  logger: Logger | undefined;
  platform: string;
  /** What must not show in a log line: the secret and this request's signatures. */
  secretsOf(sent: Request | undefined): string[];
}

export async function runAttempt(
  plan: CallPlan,
  attempt: number,
  context: AttemptContext,
): Promise<Outcome> {
  const { logger, signing, chain } = context;
  const { method, path } = plan.request;
  const logMeta = logger && { ...plan.request, platform: context.platform, attempt };
  const deadline: { timedOut?: boolean } = {};
  // What this attempt saw on the wire.
  let sent: Request | undefined;
  let response: Response | undefined;
  let fetchError: { error: unknown } | undefined;
  let text: string | undefined;
  // A non-2xx body, read here (within the limit) and handed to openapi-fetch as `substitute`.
  let errorText: string | undefined;
  let substitute: Response | undefined;

  // The fetch openapi-fetch calls: signs the request (unless the chain did), logs it with
  // credentials redacted, and records what happened.
  const send = (signal: AbortSignal | undefined) => async (built: Request) => {
    sent = chain
      ? built
      : await signing.onRequest({
          request: built,
          schemaPath: path,
          querySignature: plan.querySignature,
        });
    const started = Date.now();
    if (logMeta) {
      logger.debug('pandapon request', {
        ...logMeta,
        url: redactUrl(sent.url),
        headers: redactHeaders(sent.headers, context.secretsOf(sent)),
      });
    }
    try {
      // The attempt's signal goes to fetch directly, not into openapi-fetch's Request: Node
      // 20's undici loses the link between a Request's signal and the signal it was built from
      // once the intermediate controller is garbage-collected, while an `init.signal` is held by
      // fetch itself. Redirects are never followed: the request carries credentials and a body
      // that must not reach another origin (the Request says so too, for a custom fetch that
      // ignores this init).
      response = await plan.fetch(sent, { signal, redirect: 'manual' });
    } catch (error) {
      fetchError = { error };
      if (logMeta) {
        logger.debug('pandapon request failed', {
          ...logMeta,
          error: error instanceof Error ? error.name : typeof error,
          durationMs: Date.now() - started,
        });
      }
      throw error;
    }
    if (logMeta) {
      logger.debug('pandapon response', {
        ...logMeta,
        status: response.status,
        durationMs: Date.now() - started,
      });
    }
    // openapi-fetch would read a non-2xx body whole and round its 64-bit ids: it gets a copy
    // read within the limit instead, and the error is parsed by us below.
    if (plan.reads && !response.ok && response.status >= 200) {
      const read = response;
      errorText = await readLimited(
        read.body,
        read.headers.get('content-length'),
        plan.maxResponseBytes,
      );
      substitute = new Response(errorText || null, {
        status: read.status,
        statusText: read.statusText,
        headers: read.headers,
      });
      return substitute;
    }
    return response;
  };

  try {
    const settled = await withDeadline(plan.signal, plan.timeoutMs, deadline, async (signal) => {
      const result = await context.invoke(method, path, {
        ...plan.init,
        fetch: send(signal),
        middleware: chain,
      });
      if (!plan.reads) return result;
      if (substitute && result.response === substitute && response) {
        result.response = response;
        // An error body is diagnostics, handed on raw: a server echoing our secret or
        // signature there must not put it in the caller's logs.
        const scrubSent = (text: string) => scrub(text, context.secretsOf(sent));
        result.error = errorText ? scrubStrings(parseLoosely(errorText), scrubSent) : undefined;
      } else if (isStream(result.data)) {
        result.data = await readLimited(
          result.data,
          result.response.headers.get('content-length'),
          plan.maxResponseBytes,
        );
      }
      return result;
    });
    // Parsed inside the attempt: a 2xx body that is not JSON is this attempt's outcome.
    if (plan.reads === 'json' && typeof settled.data === 'string') {
      text = settled.data;
      // Ids beyond 2^53 arrive as their exact digits (strings), not bigints: a result must
      // survive JSON.stringify (logs, caches, API responses of the caller's own), and every id
      // input (methods and path client) takes digit strings back (issue 9).
      settled.data = text === '' ? undefined : parseJson(text, BIG_IDS_AS_STRINGS);
    }
    hideQuerySignature(settled.response);
    return { kind: 'answered', result: settled, sent };
  } catch (error) {
    // The caller's abort is theirs, whatever else happened meanwhile.
    if (plan.signal?.aborted) return { kind: 'aborted', reason: plan.signal.reason };
    if (deadline.timedOut) return { kind: 'timeout' };
    if (error instanceof BodyTooLarge && response) return { kind: 'oversized', response };
    if (fetchError) return { kind: 'connection', cause: fetchError.error, sent };
    // undici reports a connection dropped while the body streams in as TypeError("terminated").
    if (response && error instanceof TypeError && error.message === 'terminated') {
      return { kind: 'connection', cause: error, sent };
    }
    if (response && text !== undefined && error instanceof SyntaxError) {
      return { kind: 'malformed', response, text, cause: error, sent };
    }
    // Anything else (a middleware of the caller's that threw, a bad init) is not a transport
    // failure and is not ours to rename.
    throw error;
  }
}

/** A non-2xx body as openapi-fetch gives it: parsed JSON (ids kept exact), else the text. */
function parseLoosely(text: string): unknown {
  try {
    return parseJson(text, BIG_IDS_AS_STRINGS);
  } catch {
    return text;
  }
}

function isStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | null)?.getReader === 'function';
}

/**
 * A logistics response's `url` carries the request's `sign`; a logged result would show it. The
 * Response gets its own `url` property with the value redacted (the getter on its prototype,
 * which util.inspect also reads, is shadowed).
 */
function hideQuerySignature(response: Response): void {
  const { url } = response;
  const redacted = redactUrl(url);
  if (redacted !== url) {
    Reflect.defineProperty(response, 'url', { value: redacted, configurable: true });
  }
}

/** `value` with every string in it (keys too) passed through `scrub`; iterative, any depth. */
function scrubStrings(value: unknown, scrubText: (text: string) => string): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  const pending: (unknown[] | Record<string, unknown>)[] = [value as Record<string, unknown>];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        if (typeof item === 'string') node[index] = scrubText(item);
        else if (typeof item === 'object' && item !== null) pending.push(item as never);
      });
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      const cleanKey = scrubText(key);
      if (cleanKey !== key) {
        delete node[key];
        node[cleanKey] = item;
      }
      if (typeof item === 'string') node[cleanKey] = scrubText(item);
      else if (typeof item === 'object' && item !== null) pending.push(item as never);
    }
  }
  return value;
}
