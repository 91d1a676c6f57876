import type { Sleep } from './options.js';

/** HTTP statuses that mean "not now" rather than "no": worth another attempt. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Methods that are safe to repeat when the spec has no entry for the operation. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

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

export function retryPolicy(
  method: string,
  safeToRetry: boolean | undefined,
  override: RetryOverride | undefined,
  defaultMaxRetries: number,
): RetryPolicy {
  if (override === undefined) {
    return { allowed: safeToRetry ?? SAFE_METHODS.has(method), maxRetries: defaultMaxRetries };
  }
  if (typeof override === 'boolean') return { allowed: override, maxRetries: defaultMaxRetries };
  return { allowed: true, maxRetries: override.maxRetries };
}

export function validateRetryOverride(value: unknown, field: string): RetryOverride | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null) {
    const max = (value as { maxRetries?: unknown }).maxRetries;
    if (typeof max === 'number' && Number.isInteger(max) && max >= 0) return { maxRetries: max };
  }
  throw new TypeError(
    `PandaPon client: \`${field}\` must be true, false or { maxRetries: <whole number ≥ 0> }.`,
  );
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
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxDelayMs);
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined if absent/bad. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates (all three historical formats) start with a day name; anything else is junk.
  if (!/^[A-Za-z]/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The default `Sleep`: a timer that an abort signal cancels (rejecting with its reason). */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
