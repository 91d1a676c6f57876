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
  /** A custom signing rule, for accounts told to sign differently. Default: {@link sign}. */
  signer?: Signer;
  /** Nonce source, for tests. Default: nonces like {@link createNonce}'s, from a pool of CSPRNG bytes. */
  nonce?: () => string;
  /** Epoch-milliseconds clock, for tests. Default: Date.now. */
  now?: () => number;
  /** Allow running in a web page, where the secret is exposed to every visitor. Default false. */
  dangerouslyAllowBrowser?: boolean;
}

export type ResolvedOptions = Required<Omit<SigningOptions, 'dangerouslyAllowBrowser'>>;

const PREFIX = 'createSigningMiddleware: options.';

// What survives as an HTTP header value unchanged: printable ASCII, no surrounding spaces (which
// Headers would strip, so the server would check a signature over a different access key).
const HEADER_SAFE = /^[!-~](?:[ -~]*[!-~])?$/;

/** Validates options and returns a copy; the caller's object is not retained. */
export function resolveOptions(options: SigningOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createSigningMiddleware: options must be an object');
  }
  const { dangerouslyAllowBrowser } = options;
  if (dangerouslyAllowBrowser !== undefined && typeof dangerouslyAllowBrowser !== 'boolean') {
    throw new TypeError(`${PREFIX}dangerouslyAllowBrowser must be a boolean`);
  }
  if (dangerouslyAllowBrowser !== true && isBrowserPage()) throw new Error(BROWSER_REFUSAL);

  // Only `undefined` means "the default": a null or a typo is a mistake worth reporting.
  const { timestampUnit = 'ms', clockOffsetMs = 0 } = options;
  if (timestampUnit !== 'ms' && timestampUnit !== 's') {
    throw new TypeError(`${PREFIX}timestampUnit must be 'ms' or 's'`);
  }
  return {
    accessKey: requireHeaderValue(options.accessKey, `${PREFIX}accessKey`),
    // Never echoed in any message below: only the field name is.
    accessSecret: requireNonEmptyString(options.accessSecret),
    userId: requireHeaderValue(options.userId, `${PREFIX}userId`),
    timestampUnit,
    clockOffsetMs: requireFiniteNumber(clockOffsetMs, `${PREFIX}clockOffsetMs`),
    signer: optionalFunction(options.signer, 'signer') ?? sign,
    nonce: optionalFunction(options.nonce, 'nonce') ?? pooledNonce,
    now: optionalFunction(options.now, 'now') ?? Date.now,
  };
}

function requireNonEmptyString(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${PREFIX}accessSecret must be a non-empty string`);
  }
  return value;
}

/** `what` names the value in the error, e.g. 'setClockOffset: ms'. */
export function requireFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${what} must be a finite number`);
  }
  return value;
}

function optionalFunction<T>(value: T | undefined, field: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${PREFIX}${field} must be a function`);
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
