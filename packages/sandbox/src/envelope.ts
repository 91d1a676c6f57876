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

/**
 * What the sandbox sends back: an HTTP status, the envelope's `code` (for the log line) and the
 * envelope as JSON text. Every answer, from the API, the admin endpoints or an error, is built
 * by one `EnvelopeBuilder`.
 */
export interface Answer {
  status: number;
  code: number;
  body: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Builds the envelope JSON for one sandbox (its `developId` is fixed at start). */
export class EnvelopeBuilder {
  readonly #developIdJson: string;

  constructor(developId: string) {
    this.#developIdJson = JSON.stringify(developId);
  }

  /**
   * `dataJson` is already serialised: spec examples are serialised once at start, and flows'
   * data once here. Written by hand because it is on every request's path.
   */
  successJson(dataJson: string, status = 200): Answer {
    return {
      status,
      code: SANDBOX_CODES.OK,
      body: `{"requestId":"${newRequestId()}","code":200,"developId":${this.#developIdJson},"msg":"${SUCCESS_MSG}","data":${dataJson}}`,
    };
  }

  success(data: unknown, status = 200): Answer {
    return this.successJson(JSON.stringify(data ?? null), status);
  }

  /** A refusal: `data` is null, as the platform answers failures. */
  failure(status: number, code: number, msg: string): Answer {
    return {
      status,
      code,
      body: `{"requestId":"${newRequestId()}","code":${code},"developId":${this.#developIdJson},"msg":${JSON.stringify(msg)},"data":null}`,
    };
  }
}
