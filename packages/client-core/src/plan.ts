/**
 * Per-call plan: everything about a call that does not change between its attempts, validated
 * once before the first one (a bad `init` is a TypeError before any network call).
 */
import type { RequestDescription } from './errors.js';
import {
  checkHeader,
  fail,
  nonNegativeNumber,
  type OperationMeta,
  optionalFunction,
  type PlatformMeta,
  type ResolvedOptions,
} from './options.js';
import { type RetryPolicy, retryPolicy } from './retry.js';

/** The fetch signature openapi-fetch calls. */
export type FetchFn = (request: Request, init?: RequestInit) => Promise<Response>;

export interface CallPlan {
  /** Method, path template and operation id: what errors and log lines say. */
  request: RequestDescription;
  operation: OperationMeta | undefined;
  policy: RetryPolicy;
  /** Per-attempt time limit; 0 for none. */
  timeoutMs: number;
  fetch: FetchFn;
  /** The caller's signal. Duck-typed: one from another realm (iframe, jsdom) fails instanceof. */
  signal: AbortSignal | undefined;
  /**
   * Whether the operation takes the logistics query signature: the generated flag of a listed
   * operation; undefined for one no table lists (signing then decides by the path).
   */
  querySignature: boolean | undefined;
  /**
   * How we read the body ourselves, within `maxResponseBytes`: `'json'` (parsed by
   * @pandapon/json, so 64-bit ids survive) or `'text'`; undefined when openapi-fetch reads it
   * (the caller asked for a blob, an ArrayBuffer or the stream).
   */
  reads: 'json' | 'text' | undefined;
  /** The most bytes of a body read before the call fails. */
  maxResponseBytes: number;
  /** The rest of the caller's init, for openapi-fetch (never mutated: each attempt copies it). */
  init: Readonly<Record<string, unknown>>;
}

export function planCall(
  method: string,
  path: string,
  init: Record<string, unknown> | undefined,
  options: ResolvedOptions,
  meta: PlatformMeta,
  defaultFetch: FetchFn,
): CallPlan {
  // Checked on every call, typed or not: a path without its leading "/" is joined to the base
  // URL as something else (another port, another host's path).
  if (typeof path !== 'string' || !path.startsWith('/')) fail('path', 'a path starting with "/"');
  const operation = meta.operations[`${method} ${path}`];
  const {
    retry,
    timeoutMs: callTimeout,
    operationId: callOperationId,
    signal,
    fetch: callFetch,
    // Dropped: redirects are never followed (see attempt.ts), whatever a call asks for.
    redirect: _redirect,
    ...fetchInit
  } = init ?? {};
  const policy = retryPolicy(method, operation?.safeToRetry, retry, options.maxRetries);
  const timeoutMs = nonNegativeNumber(callTimeout, 'init.timeoutMs', options.timeoutMs);
  optionalFunction(callFetch, 'init.fetch');
  const callerSignal = signal as AbortSignal | undefined;
  if (
    callerSignal !== undefined &&
    (typeof callerSignal?.aborted !== 'boolean' ||
      typeof callerSignal.addEventListener !== 'function')
  ) {
    fail('init.signal', 'an AbortSignal');
  }
  checkParams(fetchInit.params);
  checkCallHeaders(fetchInit.headers);
  const { parseAs } = fetchInit;
  const reads =
    parseAs === undefined || parseAs === 'json' ? 'json' : parseAs === 'text' ? 'text' : undefined;
  // openapi-fetch hands over the unread stream; the attempt reads it, counting bytes.
  if (reads) fetchInit.parseAs = 'stream';
  return {
    request: {
      method,
      path,
      operationId:
        typeof callOperationId === 'string' && callOperationId !== ''
          ? callOperationId
          : operation?.operationId,
    },
    operation,
    querySignature: operation ? operation.querySignature === true : undefined,
    policy,
    timeoutMs,
    fetch: (callFetch as FetchFn | undefined) ?? defaultFetch,
    signal: callerSignal,
    reads,
    maxResponseBytes: options.maxResponseBytes,
    init: fetchInit,
  };
}

/**
 * Path parameters that would change the path itself once joined (`..` climbs to another
 * endpoint: /refund/cancel/{refundId} becomes /refund), or that cannot be an id at all.
 */
function checkParams(params: unknown): void {
  const path = (params as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'object' || path === null) return;
  for (const [name, value] of Object.entries(path)) {
    if (value === null || value === undefined) fail(`params.path.${name}`, 'a value, not null');
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      fail(`params.path.${name}`, 'a non-empty value other than "." and ".."');
    }
  }
}

/** A call's own headers, checked like the client's (every call, not only the first). */
function checkCallHeaders(headers: unknown): void {
  if (headers === undefined || headers === null) return;
  const entries =
    headers instanceof Headers
      ? [...headers.entries()]
      : Array.isArray(headers)
        ? (headers as [string, unknown][])
        : typeof headers === 'object'
          ? Object.entries(headers)
          : fail('init.headers', 'an object of header names to values');
  for (const [name, value] of entries) checkHeader(String(name), value, 'init.headers');
}
