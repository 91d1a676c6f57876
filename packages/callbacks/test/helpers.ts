import { createHmac } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { listenOnLoopback } from '@pandapon/test-support';

export const SECRET = 'test-access-secret-9f8e7d';

/** Independent of the package: node:crypto's HMAC, as the platform computes it. */
export function hmacHex(body: string | Uint8Array, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function envelope(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
    messageBody: { salesOrderId: '4012345678901', subOrders: [{ quantity: 2 }] },
    messagePlatform: 0,
    timestamp: '1732200000000',
    ...overrides,
  });
}

export function signedRequest(
  body: string | Uint8Array,
  init: { secret?: string; authorization?: string | null; method?: string; url?: string } = {},
): Request {
  const headers = new Headers({ 'content-type': 'application/json' });
  const authorization =
    init.authorization === undefined ? hmacHex(body, init.secret) : init.authorization;
  if (authorization !== null) headers.set('authorization', authorization);
  return new Request(init.url ?? 'https://receiver.example/pandapon/callback', {
    method: init.method ?? 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface TestServer {
  /** The callback URL a platform would be given: `http://127.0.0.1:<port>/pandapon/callback`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `listener` on loopback (test-support's server), addressed by a callback URL. */
export async function startServer(listener: RequestListener): Promise<TestServer> {
  const server = await listenOnLoopback(listener);
  return { url: `${server.url}/pandapon/callback`, port: server.port, close: server.close };
}
