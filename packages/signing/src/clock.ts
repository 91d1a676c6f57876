import { requireFiniteNumber } from './checks.js';

/**
 * The offset between the server's clock and ours (server − local, ms) that signed timestamps
 * add. One object can be shared by several signers, so clients that talk to the same server
 * (the umbrella's four) agree on it: a correction learnt by one applies to all at once.
 */
export interface Clock {
  /** Server time minus local time, in ms. */
  readonly offsetMs: number;
  /** Sets the offset; throws a TypeError (and keeps the old one) unless it is a finite number. */
  setOffset(ms: number): void;
}

/** A clock offset to share between signers (see {@link Clock}). */
export function createClock(offsetMs = 0): Clock {
  let offset = requireFiniteNumber(offsetMs, 'createClock: offsetMs');
  return {
    get offsetMs() {
      return offset;
    },
    setOffset(ms) {
      offset = requireFiniteNumber(ms, 'setClockOffset: ms');
    },
  };
}

/** Duck-typed: a clock from another copy of this package works too. */
export function isClock(value: unknown): value is Clock {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Clock).offsetMs === 'number' &&
    typeof (value as Clock).setOffset === 'function'
  );
}
