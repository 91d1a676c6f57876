/**
 * Remembers nonces long enough to refuse every replay the timestamp window would otherwise let
 * through, and no longer. A request stamped t is accepted while the clock is within t ± window,
 * and it was first seen at s >= t - window, so a replay can only pass until s + 2 × window:
 * that is how long an entry is kept. Entries are evicted as they expire (insertion order is
 * expiry order, so eviction stops at the first live entry), and a hard cap bounds memory under
 * a flood of distinct nonces by dropping the oldest first.
 */
export class NonceCache {
  readonly #expiries = new Map<string, number>();
  readonly #retentionMs: number;
  readonly #maxEntries: number;

  constructor(windowMs: number, maxEntries: number) {
    this.#retentionMs = windowMs * 2;
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#expiries.size;
  }

  /** Records `key`; false when it was already recorded and has not expired (a replay). */
  claim(key: string, nowMs: number): boolean {
    this.#evictExpired(nowMs);
    const expiry = this.#expiries.get(key);
    if (expiry !== undefined) {
      if (expiry > nowMs) return false;
      this.#expiries.delete(key);
    }
    this.#expiries.set(key, nowMs + this.#retentionMs);
    if (this.#expiries.size > this.#maxEntries) {
      const oldest = this.#expiries.keys().next().value;
      if (oldest !== undefined) this.#expiries.delete(oldest);
    }
    return true;
  }

  clear(): void {
    this.#expiries.clear();
  }

  #evictExpired(nowMs: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry > nowMs) break;
      this.#expiries.delete(key);
    }
  }
}
