/** Options checked once, before anything listens, into the settings the sandbox runs with. */
import {
  DEFAULT_CALLBACK_RETRY_INTERVAL_MS,
  DEFAULT_CALLBACK_TIMEOUT_MS,
} from './callback-dispatcher.js';
import { checkRule, MAX_CLOCK_SKEW_MS } from './faults.js';
import type { SandboxOptions } from './types.js';

const DEFAULT_DEVELOP_ID = '1000000000000000001';

export interface Settings {
  port: number;
  host: string;
  /** Origin without a trailing slash, or undefined for the listening URL. */
  publicUrl: string | undefined;
  developId: string;
  stateful: boolean;
  rejectUndocumentedFields: boolean;
  clockSkewMs: number;
  timestampUnit: 'ms' | 's' | undefined;
  extraFields: boolean;
  callbackRetryIntervalMs: number;
  callbackTimeoutMs: number;
  maxNonces: number;
}

/** Rejects bad options up front, with a TypeError naming the option. */
export function checkOptions(options: SandboxOptions): Settings {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('options must be an object');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError('port must be an integer from 0 to 65535');
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '')
    throw new TypeError('host must be a non-empty string');
  const developId = options.developId ?? DEFAULT_DEVELOP_ID;
  if (typeof developId !== 'string') throw new TypeError('developId must be a string');
  const clockSkewMs = options.clockSkewMs ?? 0;
  if (
    typeof clockSkewMs !== 'number' ||
    !Number.isFinite(clockSkewMs) ||
    Math.abs(clockSkewMs) > MAX_CLOCK_SKEW_MS
  ) {
    throw new TypeError(
      `clockSkewMs must be a number from -${MAX_CLOCK_SKEW_MS} to ${MAX_CLOCK_SKEW_MS}`,
    );
  }
  if (
    options.timestampUnit !== undefined &&
    options.timestampUnit !== 'ms' &&
    options.timestampUnit !== 's'
  ) {
    throw new TypeError('timestampUnit must be "ms" or "s"');
  }
  for (const name of ['stateful', 'rejectUndocumentedFields', 'extraFields'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean') {
      throw new TypeError(`${name} must be a boolean`);
    }
  }
  if (
    options.stateFile !== undefined &&
    (typeof options.stateFile !== 'string' || options.stateFile === '')
  ) {
    throw new TypeError('stateFile must be a non-empty path');
  }
  if (options.callbackUrl !== undefined && !isHttpUrl(options.callbackUrl)) {
    throw new TypeError('callbackUrl must be an absolute http(s) URL');
  }
  if (options.publicUrl !== undefined && !isHttpUrl(options.publicUrl)) {
    throw new TypeError('publicUrl must be an absolute http(s) URL');
  }
  const positive = (name: keyof SandboxOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`${name} must be a positive number`);
    }
    return value;
  };
  for (const name of ['random', 'now', 'log'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`${name} must be a function`);
    }
  }
  if (options.faults !== undefined) {
    if (!Array.isArray(options.faults))
      throw new TypeError('faults must be an array of fault rules');
    for (const rule of options.faults) checkRule(rule);
  }
  return {
    port,
    host,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    developId,
    stateful: options.stateful ?? true,
    rejectUndocumentedFields: options.rejectUndocumentedFields ?? true,
    clockSkewMs,
    timestampUnit: options.timestampUnit,
    extraFields: options.extraFields ?? false,
    callbackRetryIntervalMs: positive(
      'callbackRetryIntervalMs',
      DEFAULT_CALLBACK_RETRY_INTERVAL_MS,
    ),
    callbackTimeoutMs: positive('callbackTimeoutMs', DEFAULT_CALLBACK_TIMEOUT_MS),
    maxNonces: Math.floor(positive('maxNonces', 100_000)),
  };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
