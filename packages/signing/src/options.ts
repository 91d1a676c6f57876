import { requireFiniteNumber } from './checks.js';
import { type Clock, createClock, isClock } from './clock.js';
import { BROWSER_REFUSAL, isBrowserPage } from './environment.js';
import { pooledNonce } from './nonce.js';
import { type Signer, sign } from './sign.js';

/** Options of createSigningMiddleware. */
export interface SigningOptions {
  accessKey: string;
  accessSecret: string;
  /** Sent as the `user-id` header (not signed): the sub-account the call acts for. */
  userId: string;
  /** Unit of the `timestamp` header. Default 'ms' (the docs' examples); an independent client uses 's'. */
  timestampUnit?: 'ms' | 's';
  /** Added to the local clock: server time minus local time (the server rejects > 600 s of skew). */
  clockOffsetMs?: number;
  /**
   * A clock offset shared with other signers (see `createClock`); instead of `clockOffsetMs`.
   * `setClockOffset` on any of them moves it for all.
   */
  clock?: Clock;
  /** A custom signing rule, for accounts told to sign differently. Default: {@link sign}. */
  signer?: Signer;
  /** Nonce source, for tests. Default: nonces like {@link createNonce}'s, from a pool of CSPRNG bytes. */
  nonce?: () => string;
  /** Epoch-milliseconds clock, for tests. Default: Date.now. */
  now?: () => number;
  /** Allow running in a web page, where the secret is exposed to every visitor. Default false. */
  dangerouslyAllowBrowser?: boolean;
}

export type ResolvedOptions = Required<
  Omit<SigningOptions, 'dangerouslyAllowBrowser' | 'clockOffsetMs'>
>;

/**
 * How an error names an option: `createSigningMiddleware: options.accessKey` for the middleware's
 * own callers; a client that takes these options as its own names them its way, so one rule
 * gives one message whoever is called.
 */
export type OptionName = (field: string) => string;

const MIDDLEWARE_OPTION: OptionName = (field) => `createSigningMiddleware: options.${field}`;

/**
 * The largest clock offset accepted, about a year: anything larger is a unit mistake (seconds
 * for milliseconds, a date for an offset), not a clock that is off.
 */
export const MAX_CLOCK_OFFSET_MS = 366 * 24 * 3_600_000;

// What survives as an HTTP header value unchanged: printable ASCII, no surrounding spaces (which
// Headers would strip, so the server would check a signature over a different access key).
const HEADER_SAFE = /^[!-~](?:[ -~]*[!-~])?$/;

/**
 * Validates the signing options and returns a copy; the caller's object is not retained. The
 * one home of these rules: clients built on the middleware check their signing options here,
 * passing `name` to word the errors as their own.
 */
export function resolveOptions(
  options: SigningOptions,
  name: OptionName = MIDDLEWARE_OPTION,
): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createSigningMiddleware: options must be an object');
  }
  const { dangerouslyAllowBrowser } = options;
  if (dangerouslyAllowBrowser !== undefined && typeof dangerouslyAllowBrowser !== 'boolean') {
    throw new TypeError(`${name('dangerouslyAllowBrowser')} must be a boolean`);
  }
  if (dangerouslyAllowBrowser !== true && isBrowserPage()) throw new Error(BROWSER_REFUSAL);

  // Only `undefined` means "the default": a null or a typo is a mistake worth reporting.
  const { timestampUnit = 'ms', clockOffsetMs, clock } = options;
  if (timestampUnit !== 'ms' && timestampUnit !== 's') {
    throw new TypeError(`${name('timestampUnit')} must be 'ms' or 's'`);
  }
  return {
    accessKey: requireHeaderValue(options.accessKey, name('accessKey')),
    // Never echoed in any message below: only the field name is.
    accessSecret: requireNonEmptyString(options.accessSecret, name('accessSecret')),
    userId: requireHeaderValue(options.userId, name('userId')),
    timestampUnit,
    clock: resolveClock(clock, clockOffsetMs, name),
    signer: optionalFunction(options.signer, name('signer')) ?? sign,
    nonce: optionalFunction(options.nonce, name('nonce')) ?? pooledNonce,
    now: optionalFunction(options.now, name('now')) ?? Date.now,
  };
}

/**
 * Checks signing options exactly as createSigningMiddleware does, without making one: for a
 * client that takes them as its own options and validates everything before creating anything.
 */
export function checkSigningOptions(options: SigningOptions, name?: OptionName): void {
  resolveOptions(options, name);
}

function resolveClock(clock: unknown, clockOffsetMs: unknown, name: OptionName): Clock {
  if (clock === undefined) {
    const offset = requireFiniteNumber(
      clockOffsetMs === undefined ? 0 : clockOffsetMs,
      name('clockOffsetMs'),
    );
    if (Math.abs(offset) > MAX_CLOCK_OFFSET_MS) {
      throw new TypeError(
        `${name('clockOffsetMs')} must be within ±${MAX_CLOCK_OFFSET_MS} ms (a year)`,
      );
    }
    return createClock(offset);
  }
  if (!isClock(clock)) throw new TypeError(`${name('clock')} must be a clock from createClock()`);
  if (clockOffsetMs !== undefined) {
    throw new TypeError(`${name('clockOffsetMs')} must be left out when a clock is given`);
  }
  return clock;
}

function requireNonEmptyString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what} must be a non-empty string`);
  }
  return value;
}

function optionalFunction<T>(value: T | undefined, what: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${what} must be a function`);
  }
  return value;
}

/**
 * For values sent as headers: options (accessKey, userId) and values computed per request (nonce,
 * signature). Checked here because Headers' own error would quote the value, and a signature has
 * no business in an error message.
 */
export function requireHeaderValue(value: unknown, what: string): string {
  if (typeof value !== 'string' || !HEADER_SAFE.test(value)) {
    throw new TypeError(
      `${what} must be a non-empty string of printable ASCII, no surrounding spaces`,
    );
  }
  return value;
}
