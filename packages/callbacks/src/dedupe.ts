import { onArrayBuffer, toBytes } from './bytes.js';
import { toHex } from './sign.js';

export interface DeduperOptions {
  /** How long a body is remembered. Default 3 hours: the platform's 5 retries 30 min apart fit. */
  ttlMs?: number;
  /** Most bodies remembered; the oldest are forgotten first. Default 10,000 (about 1-2 MB). */
  max?: number;
  /** Clock in epoch milliseconds (tests). Default Date.now. */
  now?: () => number;
}

/**
 * Best-effort, in-memory, per-process duplicate filter keyed by the SHA-256 of the raw body.
 * It does not survive a restart, is not shared between instances, and misses a redelivery whose
 * bytes differ (e.g. if the platform refreshes `timestamp` on retry). For exactly-once effects,
 * make your processing idempotent on the order id instead.
 */
export interface CallbackDeduper {
  /** True the first time a body is seen within the TTL (and records it); false for a repeat. */
  claim(rawBody: string | Uint8Array | ArrayBuffer): Promise<boolean>;
  /** Forgets a body so its next delivery is processed again (after processing failed). */
  release(rawBody: string | Uint8Array | ArrayBuffer): Promise<void>;
  /** Bodies currently remembered (expired ones may still count until the next claim). */
  readonly size: number;
  clear(): void;
}

const THREE_HOURS_MS = 3 * 60 * 60 * 1000;

export function createDeduper(options: DeduperOptions = {}): CallbackDeduper {
  const ttlMs = options.ttlMs ?? THREE_HOURS_MS;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError('createDeduper: ttlMs must be a positive, finite number of milliseconds.');
  }
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new TypeError('createDeduper: max must be a positive integer.');
  }
  if (typeof now !== 'function') {
    throw new TypeError('createDeduper: now must be a function returning epoch milliseconds.');
  }

  // Key → expiry. A Map iterates in insertion order and every entry gets the same TTL, so the
  // entries at the front are always the first to expire and the first to evict.
  const expiries = new Map<string, number>();

  function forgetExpired(at: number): void {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at) break;
      expiries.delete(key);
    }
  }

  return {
    async claim(rawBody) {
      const key = await sha256Hex(rawBody);
      // From here to the end runs without yielding, so concurrent claims of one body can't both win.
      const at = now();
      forgetExpired(at);
      if (expiries.has(key)) return false;
      expiries.set(key, at + ttlMs);
      while (expiries.size > max) {
        const oldest = expiries.keys().next();
        if (oldest.done) break;
        expiries.delete(oldest.value);
      }
      return true;
    },
    async release(rawBody) {
      expiries.delete(await sha256Hex(rawBody));
    },
    get size() {
      return expiries.size;
    },
    clear() {
      expiries.clear();
    },
  };
}

async function sha256Hex(rawBody: string | Uint8Array | ArrayBuffer): Promise<string> {
  return toHex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', onArrayBuffer(toBytes(rawBody)))),
  );
}
