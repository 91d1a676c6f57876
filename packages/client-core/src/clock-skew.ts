import { envelopeMessage, type PandaPonEnvelope } from './envelope.js';
import type { ClockSkewPredicate } from './options.js';

/**
 * The code the local sandbox uses for "timestamp outside the 600 s window". PandaPon's own
 * error-code page is not public, so the default test also looks at the message.
 */
export const TIMESTAMP_REJECTED_CODE = 40102;

/** Default "the server rejected our timestamp" test: code 40102, or a message about timestamps. */
export const isTimestampRejection: ClockSkewPredicate = (envelope: PandaPonEnvelope) =>
  Number(envelope.code) === TIMESTAMP_REJECTED_CODE ||
  /timestamp|时间戳/i.test(envelopeMessage(envelope));

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
