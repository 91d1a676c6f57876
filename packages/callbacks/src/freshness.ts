// The optional freshness check (maxAgeMs) on the envelope's `timestamp`, the push time. The docs
// show it as epoch milliseconds, sent as a string ("1732200000000"); a number is read the same way.
// No other unit is guessed: a value in seconds would read as 1970 and be refused as stale.

/** Epoch milliseconds of a message timestamp, or undefined when it is absent or not such a number. */
export function timestampMs(timestamp: string | number | undefined): number | undefined {
  if (typeof timestamp === 'number') {
    return Number.isSafeInteger(timestamp) && timestamp >= 0 ? timestamp : undefined;
  }
  if (typeof timestamp === 'string' && /^\d{1,16}$/.test(timestamp)) return Number(timestamp);
  return undefined;
}

/** Why a message is not fresh, or undefined when it is. */
export type Staleness = { reason: 'stale'; ageMs: number } | { reason: 'undated' };

/**
 * Whether a message is young enough. A message without a readable timestamp cannot be shown to be
 * young, so it is refused too (its bytes are signed: a redelivery would not add one). A push time
 * in the future (clock differences) counts as fresh.
 */
export function staleness(
  timestamp: string | number | undefined,
  maxAgeMs: number,
  nowMs: number,
): Staleness | undefined {
  const pushedAt = timestampMs(timestamp);
  if (pushedAt === undefined) return { reason: 'undated' };
  const ageMs = nowMs - pushedAt;
  return ageMs > maxAgeMs ? { reason: 'stale', ageMs } : undefined;
}
