// Checks every createCallbackHandler option once, at creation, and copies what the handler keeps:
// later changes to the caller's object (a config reused for several handlers) cannot reach it.
import {
  type CallbackDedupeStore,
  createMemoryDedupeStore,
  DEFAULT_DEDUPE_TTL_MS,
} from './dedupe.js';
import type { CallbackHandlerOptions } from './handler.js';

const ONE_MIB = 1024 * 1024;
/** Messages whose onMessage may run at the same time, by default (see processingConcurrency). */
const DEFAULT_PROCESSING_CONCURRENCY = 8;
/** Acknowledged messages waiting for (or in) onMessage, at most, by default (maxQueuedMessages). */
const DEFAULT_MAX_QUEUED_MESSAGES = 10_000;
/** Longest duration accepted (one year): anything longer is a unit mistake, not a choice. */
const MAX_DURATION_MS = 365 * 24 * 60 * 60 * 1000;

const DEDUPE_OPTIONS: ReadonlySet<string> = new Set(['store', 'ttlMs']);
const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof CallbackHandlerOptions>([
  'accessSecret',
  'onMessage',
  'onError',
  'onRejected',
  'onSkipped',
  'maxBodyBytes',
  'now',
  'waitUntil',
  'awaitProcessing',
  'dedupe',
  'maxAgeMs',
  'processingConcurrency',
  'maxQueuedMessages',
  'acknowledgeUnsignedProbes',
]);

/** The handler's settings, checked and frozen. The access secret is kept apart, in a closure. */
export interface ResolvedHandlerOptions {
  readonly onMessage: NonNullable<CallbackHandlerOptions['onMessage']>;
  readonly onError: CallbackHandlerOptions['onError'];
  readonly onRejected: CallbackHandlerOptions['onRejected'];
  readonly onSkipped: CallbackHandlerOptions['onSkipped'];
  readonly maxBodyBytes: number;
  readonly now: () => number;
  readonly waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  readonly awaitProcessing: boolean;
  /** undefined when de-duplication is switched off (`dedupe: false`). */
  readonly dedupe: { readonly store: CallbackDedupeStore; readonly ttlMs: number } | undefined;
  readonly maxAgeMs: number | undefined;
  readonly processingConcurrency: number;
  readonly maxQueuedMessages: number;
  readonly acknowledgeUnsignedProbes: boolean;
}

export function resolveHandlerOptions(options: CallbackHandlerOptions): {
  accessSecret: string;
  settings: ResolvedHandlerOptions;
} {
  if (typeof options !== 'object' || options === null) fail('options must be an object.');
  onlyKnown('option', options, KNOWN_OPTIONS);
  // Each option is read exactly once (a getter on the caller's object runs once).
  const {
    accessSecret,
    onMessage,
    onError,
    onRejected,
    onSkipped,
    maxBodyBytes = ONE_MIB,
    now = Date.now,
    waitUntil,
    awaitProcessing = false,
    dedupe,
    maxAgeMs,
    processingConcurrency = DEFAULT_PROCESSING_CONCURRENCY,
    maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES,
    acknowledgeUnsignedProbes = false,
  } = options;

  if (typeof accessSecret !== 'string' || accessSecret.length === 0) {
    fail('accessSecret must be a non-empty string.');
  }
  if (typeof onMessage !== 'function') fail('onMessage must be a function.');
  for (const [name, value] of [
    ['onError', onError],
    ['onRejected', onRejected],
    ['onSkipped', onSkipped],
    ['now', now],
    ['waitUntil', waitUntil],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      fail(`${name} must be a function when given.`);
    }
  }
  integer('maxBodyBytes', maxBodyBytes, 0, Number.MAX_SAFE_INTEGER);
  strictBoolean('awaitProcessing', awaitProcessing);
  strictBoolean('acknowledgeUnsignedProbes', acknowledgeUnsignedProbes);
  if (maxAgeMs !== undefined) integer('maxAgeMs', maxAgeMs, 1, MAX_DURATION_MS);
  integer('processingConcurrency', processingConcurrency, 1, 1024);
  integer('maxQueuedMessages', maxQueuedMessages, 1, 1_000_000);
  const resolvedDedupe = resolveDedupe(dedupe);
  if (resolvedDedupe !== undefined && maxAgeMs !== undefined && maxAgeMs > resolvedDedupe.ttlMs) {
    // A replay older than the de-duplication memory but younger than maxAgeMs would be processed
    // again: neither check would catch it.
    fail('maxAgeMs must not exceed dedupe.ttlMs.');
  }

  const settings: ResolvedHandlerOptions = Object.freeze({
    onMessage,
    onError,
    onRejected,
    onSkipped,
    maxBodyBytes,
    now,
    waitUntil,
    awaitProcessing,
    dedupe: resolvedDedupe,
    maxAgeMs,
    processingConcurrency,
    maxQueuedMessages,
    acknowledgeUnsignedProbes,
  });
  return { accessSecret, settings };
}

function resolveDedupe(dedupe: CallbackHandlerOptions['dedupe']): ResolvedHandlerOptions['dedupe'] {
  if (dedupe === false) return undefined;
  if (dedupe !== undefined && (typeof dedupe !== 'object' || dedupe === null)) {
    fail('dedupe must be false (off) or { store?, ttlMs? } when given.');
  }
  // On by default: each handler remembers in its own bounded memory.
  const { store = createMemoryDedupeStore(), ttlMs = DEFAULT_DEDUPE_TTL_MS } = dedupe ?? {};
  if (dedupe !== undefined) onlyKnown('dedupe option', dedupe, DEDUPE_OPTIONS);
  if (typeof store?.claim !== 'function' || typeof store.release !== 'function') {
    fail('dedupe.store must have claim(key, ttlMs) and release(key).');
  }
  integer('dedupe.ttlMs', ttlMs, 1, MAX_DURATION_MS);
  return Object.freeze({ store, ttlMs });
}

function fail(problem: string): never {
  throw new TypeError(`createCallbackHandler: ${problem}`);
}

/** A misspelt option (maxBodySize, dedup) would otherwise be ignored without a word. */
function onlyKnown(what: string, options: object, known: ReadonlySet<string>): void {
  for (const name of Object.keys(options)) {
    if (!known.has(name)) fail(`unknown ${what} "${name}". Known: ${[...known].join(', ')}.`);
  }
}

/** Only real booleans: the string 'false' is truthy and would switch the flag on. */
function strictBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    fail(`${name} must be true or false, got ${typeof value}.`);
  }
}

/** Whole numbers only (durations in ms, sizes, counts); anything past `max` is a unit mistake. */
function integer(name: string, value: unknown, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    fail(`${name} must be an integer from ${min} to ${max}.`);
  }
}
