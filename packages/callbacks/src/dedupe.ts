import { onArrayBuffer } from './bytes.js';

/**
 * Where the handler remembers which callbacks it has taken on. Shared by every instance of a
 * deployment (Redis, a database) so that a redelivery or replay reaching another instance is still
 * recognised; the default, createMemoryDedupeStore(), only covers one process.
 */
export interface CallbackDedupeStore {
  /**
   * Records `key` for `ttlMs` milliseconds if it is not recorded yet, atomically (Redis:
   * `SET key 1 NX PX ttlMs`). Resolves true when this call recorded it (first delivery), false
   * when it was already there (a duplicate). Rejecting makes the handler answer 500, so the
   * platform delivers again later.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets `key` (its processing failed), so the next delivery of the body is processed. */
  release(key: string): Promise<void>;
}

/**
 * Default memory: 24 hours. PandaPon redelivers an unacknowledged message every 30 minutes, at
 * most 5 times, so its last copy arrives about 2.5 h after the first; the docs do not bound the
 * platform's own queueing delays, hence a wide margin. A day also covers a replay of a captured
 * callback for as long as most freshness limits (maxAgeMs) would let it through.
 */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

export interface MemoryDedupeStoreOptions {
  /**
   * Most keys remembered; when full, the oldest are forgotten first (before their TTL). Default
   * 100,000 (about 17 MB when full, measured on Node 20); a receiver getting more callbacks per
   * TTL needs a shared store.
   */
  maxEntries?: number;
  /** Clock in epoch milliseconds (tests). Default Date.now. */
  now?: () => number;
}

/** The in-memory store: per process, lost on restart, bounded by maxEntries. */
export interface MemoryDedupeStore extends CallbackDedupeStore {
  /** Keys currently remembered (expired ones may count until the next claim). */
  readonly size: number;
  clear(): void;
}

export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): MemoryDedupeStore {
  const { maxEntries = 100_000, now = Date.now } = options;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1 || typeof now !== 'function') {
    throw new TypeError(
      'createMemoryDedupeStore: maxEntries must be a positive integer and now a function.',
    );
  }

  // Key → expiry, in insertion order. With one TTL per handler (the usual case) the front entries
  // are the first to expire, so sweeping stops at the first live one; eviction takes the front.
  const expiries = new Map<string, number>();

  function forgetExpired(at: number): void {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at) break;
      expiries.delete(key);
    }
  }

  return {
    async claim(key, ttlMs) {
      // No await from here on: two concurrent claims of one key cannot both win.
      const at = now();
      forgetExpired(at);
      const expiresAt = expiries.get(key);
      if (expiresAt !== undefined && expiresAt > at) return false;
      expiries.delete(key);
      expiries.set(key, at + ttlMs);
      while (expiries.size > maxEntries) {
        const oldest = expiries.keys().next();
        if (oldest.done) break;
        expiries.delete(oldest.value);
      }
      return true;
    },
    async release(key) {
      expiries.delete(key);
    },
    get size() {
      return expiries.size;
    },
    clear() {
      expiries.clear();
    },
  };
}

/**
 * The store key of a body: hex SHA-256 of its exact bytes. The signature covers exactly these
 * bytes, so a replay is byte-identical; two distinct events never share a key (unlike a key built
 * from parsed fields, which could merge two genuine changes with equal bodies).
 */
export async function dedupeKey(rawBody: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', onArrayBuffer(rawBody)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}
