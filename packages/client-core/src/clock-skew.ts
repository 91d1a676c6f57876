import { envelopeMessage, type PandaPonEnvelope } from './envelope.js';
import type { ClockSkewPredicate } from './options.js';

/**
 * The code the local sandbox answers for "timestamp outside the 600 s window" (our convention:
 * PandaPon's own error-code page is not in any copy we have). It is the only code the client
 * treats as a timestamp rejection by default.
 */
export const TIMESTAMP_REJECTED_CODE = 40102;

/**
 * Default "the server rejected our timestamp" test: decided by the envelope's code alone, never
 * by words in its message, because a write is re-sent on it.
 */
export const isTimestampRejection: ClockSkewPredicate = (envelope: PandaPonEnvelope) =>
  Number(envelope.code) === TIMESTAMP_REJECTED_CODE;

/** A message about timestamps: a hint only, used for calls that may be repeated anyway. */
function mentionsTimestamp(envelope: PandaPonEnvelope): boolean {
  return /timestamp|时间戳/i.test(envelopeMessage(envelope));
}

/**
 * Whether an answer is a timestamp rejection worth correcting the clock for and sending again.
 *
 * - Never for HTTP 5xx: a server error says nothing about whether the server acted.
 * - A caller's own `isClockSkewError` decides alone (an explicit choice, writes included).
 * - Otherwise the documented code decides; the message hint counts only for calls that are
 *   safe to repeat (`retrySafe`), so a write answered by a business error that merely mentions a
 *   timestamp is never sent twice and never moves the shared clock.
 */
export function isClockSkewAnswer(
  envelope: PandaPonEnvelope,
  response: Response,
  custom: ClockSkewPredicate | undefined,
  retrySafe: boolean,
): boolean {
  if (response.status >= 500) return false;
  if (custom) return custom(envelope, response) === true;
  return isTimestampRejection(envelope, response) || (retrySafe && mentionsTimestamp(envelope));
}

/**
 * A correction smaller than this cannot explain a rejection (the window is 600 s, and `Date`
 * only has 1 s resolution), so the rejection had another cause and is not retried.
 */
export const MIN_CLOCK_CORRECTION_MS = 2_000;

/**
 * The offset that makes our clock read the server's time, from the response `Date` header.
 * NaN when the header is missing or unparseable.
 */
export function offsetFromDateHeader(response: Response, now: number): number {
  // Date.parse('') is NaN, as is anything that is not a date.
  return Date.parse(response.headers.get('date') ?? '') - now;
}
