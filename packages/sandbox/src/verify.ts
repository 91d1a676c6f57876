import type { IncomingHttpHeaders } from 'node:http';
import { SYSTEM_HEADERS } from '@pandapon/signing';
import { SANDBOX_CODES } from './codes.js';
import type { CredentialStore } from './credentials.js';
import type { NonceCache } from './nonce-cache.js';

/** The platform refuses timestamps further than this from its clock. */
export const TIMESTAMP_WINDOW_MS = 600_000;

/** Below this a timestamp is read as epoch seconds (1e12 ms is September 2001). */
const SECONDS_THRESHOLD = 1e12;

export type Verdict =
  | { ok: true; accessKey: string; userId: string }
  | { ok: false; code: number; msg: string };

/** Which `timestamp` units are accepted: both (told apart by size), or only one. */
export type TimestampUnit = 'ms' | 's';

export interface VerifyInput {
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  /** The operation wants the warehouse-logistics `timestamp` + `sign` query pair. */
  queryAuth: boolean;
  /** The sandbox clock for this request (fault-injected skew included), epoch ms. */
  nowMs: number;
  /** The unskewed clock, for nonce bookkeeping. */
  baseNowMs: number;
  /** Only this unit is accepted; undefined accepts both (values below 1e12 are seconds). */
  timestampUnit: TimestampUnit | undefined;
}

/**
 * Checks a request the way the platform does, cheapest check first; the nonce is recorded only
 * once everything else passed, so a refused request never burns its nonce.
 */
export function verifyRequest(
  input: VerifyInput,
  credentials: CredentialStore,
  nonces: NonceCache,
): Verdict {
  const values: Partial<Record<(typeof SYSTEM_HEADERS)[number], string>> = {};
  for (const name of SYSTEM_HEADERS) {
    const raw = input.headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === '') {
      return fail(SANDBOX_CODES.MISSING_HEADER, `missing system header "${name}"`);
    }
    values[name] = value.trim();
  }
  const accessKey = values['access-key'] as string;
  const timestamp = values.timestamp as string;
  const nonceStr = values['nonce-str'] as string;
  const signature = values.signature as string;

  if (!credentials.has(accessKey)) {
    return fail(SANDBOX_CODES.UNKNOWN_ACCESS_KEY, `unknown access-key "${accessKey}"`);
  }

  if (!/^\d{1,16}$/.test(timestamp)) {
    return fail(
      SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW,
      `timestamp header must be epoch milliseconds (or seconds) in digits, got "${timestamp}"`,
    );
  }
  const stamped = Number(timestamp);
  const seconds =
    input.timestampUnit === undefined ? stamped < SECONDS_THRESHOLD : input.timestampUnit === 's';
  const stampedMs = seconds ? stamped * 1000 : stamped;
  const driftMs = stampedMs - input.nowMs;
  if (Math.abs(driftMs) > TIMESTAMP_WINDOW_MS) {
    const driftSeconds = Math.round(Math.abs(driftMs) / 1000);
    const unit =
      input.timestampUnit === undefined
        ? ''
        : ` (read as epoch ${input.timestampUnit === 's' ? 'seconds' : 'milliseconds'}, the only unit this sandbox accepts)`;
    return fail(
      SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW,
      `timestamp ${timestamp}${unit} is ${driftSeconds} s ${driftMs > 0 ? 'ahead of' : 'behind'} the server clock ` +
        `(${new Date(input.nowMs).toISOString()}); the allowed window is ±600 s`,
    );
  }

  const check = credentials.checkSignature(accessKey, timestamp, nonceStr, signature);
  if (check !== 'ok') {
    return fail(
      SANDBOX_CODES.SIGNATURE_MISMATCH,
      check === 'lowercase'
        ? 'signature mismatch: the signature must be upper-case hex'
        : 'signature mismatch: expected upper-case hex MD5 of access-key + timestamp + nonce-str + access secret',
    );
  }

  if (input.queryAuth) {
    const queryTimestamp = input.query.get('timestamp');
    const querySign = input.query.get('sign');
    if (queryTimestamp === null || querySign === null) {
      const missing = queryTimestamp === null ? 'timestamp' : 'sign';
      return fail(
        SANDBOX_CODES.LOGISTICS_QUERY_SIGN,
        `warehouse-logistics call without query parameter "${missing}" (send the timestamp and signature header values)`,
      );
    }
    if (queryTimestamp !== timestamp) {
      return fail(
        SANDBOX_CODES.LOGISTICS_QUERY_SIGN,
        'query parameter "timestamp" differs from the timestamp header',
      );
    }
    if (querySign !== signature) {
      return fail(
        SANDBOX_CODES.LOGISTICS_QUERY_SIGN,
        'query parameter "sign" differs from the signature header',
      );
    }
  }

  if (!nonces.claim(`${accessKey}\n${nonceStr}`, input.baseNowMs)) {
    return fail(
      SANDBOX_CODES.NONCE_REPLAYED,
      'nonce-str was already used within the timestamp window; send a fresh one with every request',
    );
  }
  return { ok: true, accessKey, userId: values['user-id'] as string };
}

function fail(code: number, msg: string): Verdict {
  return { ok: false, code, msg };
}
