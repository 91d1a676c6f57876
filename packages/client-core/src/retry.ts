import { onAbort } from './abort.js';
import { MAX_RETRIES_LIMIT, type Sleep } from './options.js';

/** HTTP statuses that mean "not now" rather than "no": worth another attempt. */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504];

/**
 * Per-call override of the retry policy:
 * - `true`: retry this call as if it were safe (use only if a repeat cannot do harm, e.g. the
 *   API deduplicates by your own order number);
 * - `false`: never retry this call;
 * - `{ maxRetries }`: retry it, at most this many times.
 */
export type RetryOverride = boolean | { maxRetries: number };

export interface RetryPolicy {
  allowed: boolean;
  maxRetries: number;
}

/**
 * Whether and how often a call may be retried: the call's `override` (`init.retry`, validated
 * here) first, then the operation table's `safeToRetry`, then the method (GET, HEAD and OPTIONS
 * are safe when the path is not in the table).
 */
export function retryPolicy(
  method: string,
  safeToRetry: boolean | undefined,
  override: unknown,
  defaultMaxRetries: number,
): RetryPolicy {
  if (override === undefined) {
    return {
      allowed: safeToRetry ?? ['GET', 'HEAD', 'OPTIONS'].includes(method),
      maxRetries: defaultMaxRetries,
    };
  }
  if (typeof override === 'boolean') return { allowed: override, maxRetries: defaultMaxRetries };
  const max = (override as { maxRetries?: unknown } | null)?.maxRetries;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > MAX_RETRIES_LIMIT) {
    throw new TypeError(
      `PandaPon client: \`init.retry\` must be true, false or { maxRetries: <whole number from 0 to ${MAX_RETRIES_LIMIT}> }.`,
    );
  }
  return { allowed: true, maxRetries: max };
}

/**
 * Delay before retry number `retryIndex` (0-based): the server's `Retry-After` when it sent one,
 * otherwise "full jitter" (a uniform pick in 0..min(max, base·2^n)), which spreads the retries
 * of many clients instead of having them all come back at once. Always capped at `maxDelayMs`.
 */
export function retryDelay(
  retryIndex: number,
  retryAfterMs: number | undefined,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  return Math.min(
    retryAfterMs ?? Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retryIndex)),
    maxDelayMs,
  );
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined if absent/bad. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  const trimmed = value?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates (all three historical formats) start with a day name; anything else is junk.
  const date = /^[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The default `Sleep`: a timer that an abort signal cancels (rejecting with its reason). */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    let stopWatching: (() => void) | undefined;
    const timer = setTimeout(() => {
      stopWatching?.();
      resolve();
    }, ms);
    if (signal?.aborted) aborted();
    // One shared listener per signal (see abort.ts): many calls may wait on one signal.
    else if (signal) stopWatching = onAbort(signal, aborted);
  });
