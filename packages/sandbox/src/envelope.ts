import { randomBytes } from 'node:crypto';
import { SANDBOX_CODES, SUCCESS_MSG } from './codes.js';

/** The response envelope every PandaPon operation answers with. */
export interface Envelope<T = unknown> {
  requestId: string;
  code: number;
  developId: string;
  msg: string;
  data: T;
}

// Request ids come from a pool of random bytes: one 16-byte draw per request costs a syscall,
// which shows at the thousands of requests per second a load test sends.
let pool = Buffer.alloc(0);
let offset = 0;

/** 32 lower-case hex characters, like the platform's request ids. */
export function newRequestId(): string {
  if (offset + 16 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return id;
}

export function successEnvelope<T>(developId: string, data: T): Envelope<T> {
  return { requestId: newRequestId(), code: SANDBOX_CODES.OK, developId, msg: SUCCESS_MSG, data };
}

export function failureEnvelope(developId: string, code: number, msg: string): Envelope<null> {
  return { requestId: newRequestId(), code, developId, msg, data: null };
}
