import {
  type Clock,
  checkSigningOptions,
  isSystemHeader,
  MAX_CLOCK_OFFSET_MS,
  type Signer,
} from '@pandapon/signing';
import type { PandaPonEnvelope } from './envelope.js';

export const DEFAULT_BASE_URL = 'https://api.pandapon.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BASE_DELAY_MS = 300;
export const DEFAULT_MAX_DELAY_MS = 10_000;
/** More retries than this only hammer a server that is down; it also bounds a typo like 1e9. */
export const MAX_RETRIES_LIMIT = 20;
// A clock a year off is a broken clock or a typo, not skew to correct for (signing's bound, which
// also limits the automatic corrections in decide.ts).
export { MAX_CLOCK_OFFSET_MS };
/** 32 MiB: far above any PandaPon answer, far below what hurts a server's memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Waits `ms` milliseconds; rejects with `signal.reason` if the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Anything with a `debug(message, meta)` method: `console`, or an adapter around your logger. */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  /** Retries and clock corrections go here when present (else to `debug`). */
  warn?(message: string, meta?: Record<string, unknown>): void;
}

export interface RetryTuning {
  /** First backoff ceiling; doubles every retry (full jitter picks 0..ceiling). Default 300. */
  baseDelayMs?: number;
  /** Largest wait between attempts, including a server's `Retry-After`. Default 10 000. */
  maxDelayMs?: number;
  /** How to wait. Tests inject a recorder; the default is an abortable `setTimeout`. */
  sleep?: Sleep;
}

/** Decides whether an answer means "your timestamp is off" (see README, "Clock skew"). */
export type ClockSkewPredicate = (envelope: PandaPonEnvelope, response: Response) => boolean;

export interface PlatformClientOptions {
  /** Access key from the PandaPon console. Default: `PANDAPON_ACCESS_KEY` from the environment. */
  accessKey?: string;
  /**
   * Access secret from the PandaPon console. Never logged, never put in an error.
   * Default: `PANDAPON_ACCESS_SECRET` from the environment.
   */
  accessSecret?: string;
  /** Sub-account the calls act for (`user-id` header). Default: `PANDAPON_USER_ID`. */
  userId?: string;
  /** Default `PANDAPON_BASE_URL` from the environment, else `https://api.pandapon.com`. */
  baseUrl?: string;
  /**
   * Custom fetch (tests, proxies, instrumentation). Default `globalThis.fetch`. It is called as
   * `fetch(request, { signal })`: pass `init.signal` on if you wrap another fetch.
   */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Per-attempt time limit in ms; 0 disables it. Default 30 000. */
  timeoutMs?: number;
  /**
   * The most bytes of a response body the client reads; a longer body fails the call with
   * `PandaPonResponseTooLargeError` (counted as it arrives, never read whole). Default 32 MiB.
   */
  maxResponseBytes?: number;
  /** Automatic retries for retry-safe operations. Default 2 (so at most 3 attempts). */
  maxRetries?: number;
  retry?: RetryTuning;
  /** Unit of the `timestamp` header. Default `ms` (what the docs' examples use). */
  timestampUnit?: 'ms' | 's';
  /** Added to the local clock when signing. Default 0. */
  clockOffsetMs?: number;
  /**
   * A clock offset shared with other clients (`createClock()`), instead of `clockOffsetMs`: a
   * correction learnt or set by any of them applies to all. `createPandaPon` shares one.
   */
  clock?: Clock;
  /**
   * On a timestamp rejection, correct the clock offset from the server's `Date` header and send
   * the call again once. Default true.
   */
  autoClockSkew?: boolean;
  /**
   * Overrides the default "timestamp rejected" test (envelope code 40102; for calls that are safe
   * to retry, also a `msg` mentioning timestamp/时间戳). It decides for writes too, so return
   * true only for answers that prove the server did not act. Never consulted on HTTP 5xx.
   */
  isClockSkewError?: ClockSkewPredicate;
  /** Called with the new offset after an automatic correction (e.g. to log it). */
  onClockOffsetChange?: (clockOffsetMs: number) => void;
  /** Custom signature function, for accounts told to sign differently. */
  signer?: Signer;
  logger?: Logger;
  /**
   * Allow a plain `http://` baseUrl to a host other than loopback (a TLS-terminating proxy on
   * your own network, say). Default false: the signature and body would travel readable.
   */
  allowInsecureHttp?: boolean;
  /** Allow running in a browser, where the secret would be exposed to users. */
  dangerouslyAllowBrowser?: boolean;
  /** Extra headers for every request (not the signing headers, which the client owns). */
  headers?: Record<string, string>;
}

/** Options once the credentials are known (given, or read from the environment). */
export type CompleteOptions = PlatformClientOptions &
  Required<Pick<PlatformClientOptions, 'accessKey' | 'accessSecret' | 'userId'>>;

/** What the runtime needs to know about one operation (generated from the spec). */
export interface OperationMeta {
  operationId: string;
  /** Whether an automatic retry can never cause a second side effect. */
  safeToRetry: boolean;
  pagination?: PaginationMeta;
  /**
   * True where the spec's security asks for the warehouse-logistics `timestamp` + `sign` query
   * pair; signing adds it to exactly these operations.
   */
  querySignature?: boolean;
}

/** Where a paged operation takes its page number and size, and where its items come back. */
export interface PaginationMeta {
  in: 'body' | 'query';
  /** Name of the page-number field. */
  page: string;
  /** Name of the page-size field. */
  size: string;
  /** Dot path of the item array inside the envelope's `data`. */
  items: string;
  /** Dot path of the total item count inside the envelope's `data`, when the API gives one. */
  total?: string;
  /** `'string'` where the spec declares the page number and size as strings (sent as "2"). */
  numbersAs?: 'string';
}

export interface PlatformMeta {
  /** `taobao`, `alibaba`, ... — used in log lines. */
  platform: string;
  /** Keyed `${METHOD} ${path}`, e.g. `POST /open/order`. */
  operations: Readonly<Record<string, OperationMeta>>;
}

// RFC 9110 token characters; values may not break the header line.
const HEADER_NAME = /^[!#$%&'*+.^_`|~\dA-Za-z-]+$/;
const HEADER_VALUE_BREAK = /[\r\n\0]/;

/**
 * Checks one header a caller sets (at creation or per call): a valid name, a value that cannot
 * break the line, and not one of the system headers. Signing sets those and would overwrite the
 * caller's value without a word, so a per-call `user-id` meant to act for another sub-account
 * would silently act for the client's own: refused instead, before any network call. Names the
 * header, never the value.
 */
export function checkHeader(name: string, value: unknown, where: string): void {
  if (!HEADER_NAME.test(name)) {
    fail(`${where} name "${name.replace(/[^ -~]/g, '?')}"`, 'a valid header name');
  }
  if (typeof value === 'string' && HEADER_VALUE_BREAK.test(value)) {
    fail(`${where}.${name}`, 'a value without CR, LF or NUL');
  }
  if (isSystemHeader(name)) {
    const hint =
      name.toLowerCase() === 'user-id'
        ? ' To act for another sub-account, create a client with that userId.'
        : '';
    throw new TypeError(
      `PandaPon client: \`${where}.${name}\` is a signing header the client sets itself; remove it.${hint}`,
    );
  }
}

/** Options after validation and defaults. */
export interface ResolvedOptions {
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  autoClockSkew: boolean;
  maxResponseBytes: number;
  headers: Record<string, string>;
}

/** Throws the TypeError every validation failure gives: it names the field, never the value. */
export function fail(field: string, expectation: string): never {
  throw new TypeError(`PandaPon client: \`${field}\` must be ${expectation}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `value`, or `fallback` when undefined; else a finite number ≥ 0 (whole if `integer`). */
export function nonNegativeNumber(
  value: unknown,
  field: string,
  fallback: number,
  integer?: boolean,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    fail(field, 'a finite number ≥ 0');
  }
  if (integer && !Number.isInteger(value)) fail(field, 'a whole number ≥ 0');
  return value;
}

function positiveWholeNumber(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) fail(field, 'a whole number ≥ 1');
  return value as number;
}

export function optionalFunction(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'function') fail(field, 'a function');
}

/** A whole number of retries from 0 to MAX_RETRIES_LIMIT (`fallback` when undefined). */
export function boundedRetries(value: unknown, field: string, fallback: number): number {
  const count = nonNegativeNumber(value, field, fallback, true);
  if (count > MAX_RETRIES_LIMIT) fail(field, `a whole number from 0 to ${MAX_RETRIES_LIMIT}`);
  return count;
}

/** Loopback hosts, where plain http never leaves the machine. */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * The base URL rule every PandaPon caller shares (clients, `pandapon doctor`): http(s) only, no
 * query, fragment or credentials, plain http only to loopback unless allowed. Returns it without
 * trailing slashes; undefined gives the default.
 */
export function validateBaseUrl(value: unknown, allowInsecureHttp: boolean): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  // A bare `?` or `#` parses to an empty search or hash: look at the text itself.
  if (typeof value === 'string' && /[?#]/.test(value)) {
    fail('baseUrl', 'an http(s) URL without query or fragment');
  }
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // reported below
  }
  if (typeof value !== 'string' || (url?.protocol !== 'http:' && url?.protocol !== 'https:')) {
    fail('baseUrl', 'an http(s) URL string');
  }
  if (url.search || url.hash || url.username || url.password) {
    fail('baseUrl', 'an http(s) URL without query, fragment or credentials');
  }
  // Plain http sends the signature and the body readable by anyone on the way.
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    fail('baseUrl', 'https (plain http only to a loopback host, or with allowInsecureHttp: true)');
  }
  return (value as string).replace(/\/+$/, '');
}

function validateHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || Array.isArray(value)) {
    fail('headers', 'an object of header names to string values');
  }
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') fail(`headers.${name}`, 'a string');
    checkHeader(name, headerValue, 'headers');
  }
  return { ...(value as Record<string, string>) };
}

/** Checks every option before any network call; throws a TypeError naming the bad field. */
export function resolveOptions(options: CompleteOptions): ResolvedOptions {
  if (!isObject(options)) fail('options', 'an object');
  // Credentials, timestamp unit, clock and signer belong to signing: its rules, our wording.
  checkSigningOptions(options, (field) => `PandaPon client: \`${field}\``);
  for (const field of ['fetch', 'isClockSkewError', 'onClockOffsetChange'] as const) {
    optionalFunction(options[field], field);
  }
  const { logger, retry = {} } = options;
  if (logger !== undefined) {
    if (!isObject(logger)) fail('logger', 'an object with a debug() method');
    if (typeof logger.debug !== 'function') fail('logger.debug', 'a function');
    optionalFunction(logger.warn, 'logger.warn');
  }
  for (const flag of ['autoClockSkew', 'allowInsecureHttp'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') fail(flag, 'a boolean');
  }
  if (!isObject(retry)) fail('retry', 'an object');
  optionalFunction(retry.sleep, 'retry.sleep');
  return {
    baseDelayMs: nonNegativeNumber(retry.baseDelayMs, 'retry.baseDelayMs', DEFAULT_BASE_DELAY_MS),
    maxDelayMs: nonNegativeNumber(retry.maxDelayMs, 'retry.maxDelayMs', DEFAULT_MAX_DELAY_MS),
    baseUrl: validateBaseUrl(options.baseUrl, options.allowInsecureHttp === true),
    timeoutMs: nonNegativeNumber(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS),
    maxRetries: boundedRetries(options.maxRetries, 'maxRetries', DEFAULT_MAX_RETRIES),
    autoClockSkew: options.autoClockSkew ?? true,
    maxResponseBytes: positiveWholeNumber(
      options.maxResponseBytes,
      'maxResponseBytes',
      DEFAULT_MAX_RESPONSE_BYTES,
    ),
    headers: validateHeaders(options.headers),
  };
}

/** Light check of the generated metadata, so a broken platform package fails loudly. */
export function validateMeta(meta: PlatformMeta): void {
  if (!isObject(meta)) fail('meta', 'an object');
  if (typeof meta.platform !== 'string' || meta.platform === '') {
    fail('meta.platform', 'a non-empty string');
  }
  if (!isObject(meta.operations)) fail('meta.operations', 'an object keyed "METHOD /path"');
}
