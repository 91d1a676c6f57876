import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PandaPonApiError } from '../src/index.js';
import { makeClient } from './helpers/client.js';
import {
  fail,
  type Handler,
  ok,
  sendJson,
  startServer,
  type TestServer,
} from './helpers/server.js';

const WINDOW_MS = 600_000;
const ONE_HOUR = 3_600_000;
const createOrder = { body: { itemId: '1', quantity: 1 } } as const;

/** Like the local sandbox: a stale timestamp gets HTTP 200 + code 40102 (node adds `Date`). */
const sandbox: Handler = (req, res) => {
  const timestamp = Number(req.headers.timestamp);
  if (Math.abs(timestamp - Date.now()) > WINDOW_MS) {
    sendJson(res, 200, fail(40102, 'timestamp outside the 600 s window'));
  } else {
    sendJson(res, 200, ok({ orderId: 'o-1' }));
  }
};

describe('clock skew', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.handle(sandbox);
  });
  afterAll(() => server.close());

  it('corrects the offset from the Date header and retries once, even a write', async () => {
    const warnings: string[] = [];
    const { client, delays } = makeClient(server.baseUrl, {
      clockOffsetMs: -ONE_HOUR,
      logger: { debug() {}, warn: (message) => warnings.push(message) },
    });
    await expect(client.unwrap(client.POST('/open/order', createOrder))).resolves.toEqual({
      orderId: 'o-1',
    });
    expect(server.requests).toHaveLength(2);
    // The offset now points at the server's clock (same machine here, so near zero).
    expect(Math.abs(client.clockOffsetMs)).toBeLessThan(WINDOW_MS / 10);
    const [first, second] = server.requests.map((r) => Number(r.headers.timestamp));
    expect((second as number) - (first as number)).toBeGreaterThan(ONE_HOUR - WINDOW_MS);
    expect(server.requests[0]?.headers['nonce-str']).not.toBe(
      server.requests[1]?.headers['nonce-str'],
    );
    expect(delays).toEqual([]); // no backoff: the retry is immediate
    expect(warnings.some((w) => w.includes('clock offset corrected'))).toBe(true);

    // Later calls use the corrected clock straight away.
    await client.unwrap(client.POST('/open/order', createOrder));
    expect(server.requests).toHaveLength(3);
  });

  it('retries only once per call', async () => {
    server.handle((_req, res) =>
      sendJson(res, 200, fail(40102, 'timestamp outside the 600 s window')),
    );
    const { client } = makeClient(server.baseUrl, { clockOffsetMs: -ONE_HOUR });
    const error = await client
      .unwrap(client.POST('/open/order', createOrder))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect((error as PandaPonApiError).code).toBe(40102);
    expect(server.requests).toHaveLength(2);
  });

  it('recognises a Chinese timestamp message under another code', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 200, fail(401, '时间戳已过期'));
      else sendJson(res, 200, ok('fine'));
    });
    const { client } = makeClient(server.baseUrl, { clockOffsetMs: ONE_HOUR });
    await expect(client.unwrap(client.POST('/open/order', createOrder))).resolves.toBe('fine');
    expect(Math.abs(client.clockOffsetMs)).toBeLessThan(WINDOW_MS / 10);
  });

  it('does nothing when autoClockSkew is false', async () => {
    const { client } = makeClient(server.baseUrl, {
      clockOffsetMs: -ONE_HOUR,
      autoClockSkew: false,
    });
    await expect(client.unwrap(client.POST('/open/order', createOrder))).rejects.toMatchObject({
      code: 40102,
    });
    expect(server.requests).toHaveLength(1);
    expect(client.clockOffsetMs).toBe(-ONE_HOUR);
  });

  it('does not retry without a usable Date header', async () => {
    server.handle((_req, res) => {
      res.sendDate = false;
      sendJson(res, 200, fail(40102, 'timestamp outside the 600 s window'));
    });
    const { client } = makeClient(server.baseUrl, { clockOffsetMs: -ONE_HOUR });
    await expect(client.unwrap(client.POST('/open/order', createOrder))).rejects.toMatchObject({
      code: 40102,
    });
    expect(server.requests).toHaveLength(1);
    expect(client.clockOffsetMs).toBe(-ONE_HOUR);
  });

  it('does not retry when our clock already agrees with the server (another cause)', async () => {
    server.handle((_req, res) => sendJson(res, 200, fail(40102, 'timestamp reused')));
    const { client } = makeClient(server.baseUrl);
    await expect(client.unwrap(client.POST('/open/order', createOrder))).rejects.toMatchObject({
      code: 40102,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('uses a custom isClockSkewError predicate instead of the default', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 200, fail(9001, 'E_CLOCK'));
      else sendJson(res, 200, ok('fine'));
    });
    const seen: number[] = [];
    const { client } = makeClient(server.baseUrl, {
      clockOffsetMs: -ONE_HOUR,
      isClockSkewError: (envelope, response) => {
        seen.push(response.status);
        return envelope.code === 9001;
      },
    });
    await expect(client.unwrap(client.POST('/open/order', createOrder))).resolves.toBe('fine');
    expect(seen).toEqual([200]);

    // ...and the default's 40102 no longer counts.
    server.requests.length = 0;
    server.handle(sandbox);
    client.setClockOffset(-ONE_HOUR);
    await expect(client.unwrap(client.POST('/open/order', createOrder))).rejects.toMatchObject({
      code: 40102,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('setClockOffset moves the signed timestamp and validates its input', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok(null)));
    const { client } = makeClient(server.baseUrl);
    expect(client.clockOffsetMs).toBe(0);
    client.setClockOffset(-ONE_HOUR);
    expect(client.clockOffsetMs).toBe(-ONE_HOUR);
    const before = Date.now();
    await client.POST('/open/order', createOrder);
    const sent = Number(server.requests[0]?.headers.timestamp);
    expect(sent).toBeLessThan(before - ONE_HOUR + WINDOW_MS);
    expect(() => client.setClockOffset(Number.NaN)).toThrow(TypeError);
    expect(() => client.setClockOffset('5' as never)).toThrow(/setClockOffset/);
  });

  it('passes timestampUnit through to the signer', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok(null)));
    const { client } = makeClient(server.baseUrl, { timestampUnit: 's' });
    await client.POST('/open/order', createOrder);
    expect(String(server.requests[0]?.headers.timestamp)).toMatch(/^\d{10}$/);
  });
});
