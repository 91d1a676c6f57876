import type { Signer } from '@pandapon/signing';
import type { PandaPonEnvelope } from './envelope.js';

export const DEFAULT_BASE_URL = 'https://api.pandapon.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_BASE_DELAY_MS = 300;
export const DEFAULT_MAX_DELAY_MS = 10_000;

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
  /** Access key from the PandaPon console. */
  accessKey: string;
  /** Access secret from the PandaPon console. Never logged, never put in an error. */
  accessSecret: string;
  /** Sub-account the calls act for (`user-id` header). */
  userId: string;
  /** Default `https://api.pandapon.com`. */
  baseUrl?: string;
  /**
   * Custom fetch (tests, proxies, instrumentation). Default `globalThis.fetch`. It is called as
   * `fetch(request, { signal })`: pass `init.signal` on if you wrap another fetch.
   */
  fetch?: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Per-attempt time limit in ms; 0 disables it. Default 30 000. */
  timeoutMs?: number;
  /** Automatic retries for retry-safe operations. Default 2 (so at most 3 attempts). */
  maxRetries?: number;
  retry?: RetryTuning;
  /** Unit of the `timestamp` header. Default `ms` (what the docs' examples use). */
  timestampUnit?: 'ms' | 's';
  /** Added to the local clock when signing. Default 0. */
  clockOffsetMs?: number;
  /** Correct the clock offset from the server's `Date` header and retry once. Default true. */
  autoClockSkew?: boolean;
  /** Overrides the default "timestamp rejected" test: code 40102 or msg mentions timestamp/时间戳. */
  isClockSkewError?: ClockSkewPredicate;
  /** Custom signature function, for accounts told to sign differently. */
  signer?: Signer;
  logger?: Logger;
  /** Allow running in a browser, where the secret would be exposed to users. */
  dangerouslyAllowBrowser?: boolean;
  /** Extra headers for every request (not the signing headers, which the client owns). */
  headers?: Record<string, string>;
}

/** What the runtime needs to know about one operation (generated from the spec). */
export interface OperationMeta {
  operationId: string;
  /** Whether an automatic retry can never cause a second side effect. */
  safeToRetry: boolean;
  pagination?: PaginationMeta;
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
}

export interface PlatformMeta {
  /** `taobao`, `alibaba`, ... — used in log lines. */
  platform: string;
  /** Keyed `${METHOD} ${path}`, e.g. `POST /open/order`. */
  operations: Readonly<Record<string, OperationMeta>>;
}

/** The signing headers the client sets itself; callers may not override them. */
export const RESERVED_HEADERS = ['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'];

/** Options after validation and defaults. Holds the secret: never expose this object. */
export interface ResolvedOptions {
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  autoClockSkew: boolean;
  headers: Record<string, string>;
}

function fail(field: string, expectation: string): never {
  throw new TypeError(`PandaPon client: \`${field}\` must be ${expectation}.`);
}

function requireString(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'a non-empty string');
}

export function nonNegativeNumber(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(field, 'a finite number ≥ 0');
  }
  return value;
}

export function nonNegativeInteger(value: unknown, field: string, fallback: number): number {
  const n = nonNegativeNumber(value, field, fallback);
  if (!Number.isInteger(n)) fail(field, 'a whole number ≥ 0');
  return n;
}

function optionalFunction(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'function') fail(field, 'a function');
}

function validateBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  if (typeof value !== 'string') fail('baseUrl', 'an http(s) URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('baseUrl', 'an http(s) URL string');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail('baseUrl', 'an http(s) URL string');
  }
  if (url.search || url.hash || url.username || url.password) {
    fail('baseUrl', 'an http(s) URL without query, fragment or credentials');
  }
  return value.replace(/\/+$/, '');
}

function validateHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('headers', 'an object of header names to string values');
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue !== 'string') fail(`headers.${name}`, 'a string');
    if (RESERVED_HEADERS.includes(name.toLowerCase())) {
      throw new TypeError(
        `PandaPon client: \`headers.${name}\` is a signing header the client sets itself; remove it.`,
      );
    }
    headers[name] = headerValue;
  }
  return headers;
}

function validateLogger(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null)
    fail('logger', 'an object with a debug() method');
  const logger = value as Record<string, unknown>;
  if (typeof logger.debug !== 'function') fail('logger.debug', 'a function');
  optionalFunction(logger.warn, 'logger.warn');
}

/** Checks every option before any network call; throws a TypeError naming the bad field. */
export function resolveOptions(options: PlatformClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'an object');
  requireString(options.accessKey, 'accessKey');
  requireString(options.accessSecret, 'accessSecret');
  requireString(options.userId, 'userId');
  optionalFunction(options.fetch, 'fetch');
  optionalFunction(options.signer, 'signer');
  optionalFunction(options.isClockSkewError, 'isClockSkewError');
  validateLogger(options.logger);
  if (options.timestampUnit !== undefined && !['ms', 's'].includes(options.timestampUnit)) {
    fail('timestampUnit', "'ms' or 's'");
  }
  if (
    options.clockOffsetMs !== undefined &&
    (typeof options.clockOffsetMs !== 'number' || !Number.isFinite(options.clockOffsetMs))
  ) {
    fail('clockOffsetMs', 'a finite number');
  }
  for (const flag of ['autoClockSkew', 'dangerouslyAllowBrowser'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') fail(flag, 'a boolean');
  }
  const retry = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) fail('retry', 'an object');
  optionalFunction(retry.sleep, 'retry.sleep');
  const baseDelayMs = nonNegativeNumber(
    retry.baseDelayMs,
    'retry.baseDelayMs',
    DEFAULT_BASE_DELAY_MS,
  );
  const maxDelayMs = nonNegativeNumber(retry.maxDelayMs, 'retry.maxDelayMs', DEFAULT_MAX_DELAY_MS);
  return {
    baseUrl: validateBaseUrl(options.baseUrl),
    timeoutMs: nonNegativeNumber(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS),
    maxRetries: nonNegativeInteger(options.maxRetries, 'maxRetries', DEFAULT_MAX_RETRIES),
    baseDelayMs,
    maxDelayMs,
    autoClockSkew: options.autoClockSkew ?? true,
    headers: validateHeaders(options.headers),
  };
}

/** Light check of the generated metadata, so a broken platform package fails loudly. */
export function validateMeta(meta: PlatformMeta): void {
  if (typeof meta !== 'object' || meta === null) fail('meta', 'an object');
  requireString(meta.platform, 'meta.platform');
  if (typeof meta.operations !== 'object' || meta.operations === null) {
    fail('meta.operations', 'an object keyed "METHOD /path"');
  }
}
