import { beforeEach, describe, expect, it } from 'vitest';
import { PandaPonApiError } from '../src/index.js';
import { makeClient } from './helpers/client.js';
import { fail, type Handler, ok, sendJson, useServer } from './helpers/server.js';

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
  const server = useServer();
  beforeEach(() => server.handle(sandbox));

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

  it('re-signs the query pair of a query-signed operation with the corrected clock', async () => {
    const { client } = makeClient(server.baseUrl, { clockOffsetMs: -ONE_HOUR });
    const before = Date.now();
    await client.POST('/open/pp/logistics/orderRenderFreight', { body: { orderId: 'o1' } });
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      const query = new URL(request.url, 'http://x').searchParams;
      expect(query.get('timestamp')).toBe(String(request.headers.timestamp));
      expect(query.get('sign')).toBe(String(request.headers.signature));
    }
    // The second pair carries the corrected time, inside the server's window.
    const corrected = Number(
      new URL(server.requests[1]?.url ?? '', 'http://x').searchParams.get('timestamp'),
    );
    expect(Math.abs(corrected - before)).toBeLessThan(WINDOW_MS / 10);
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

  it('recognises a Chinese timestamp message under another code for a read', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 200, fail(401, '时间戳已过期'));
      else sendJson(res, 200, ok('fine'));
    });
    const { client } = makeClient(server.baseUrl, { clockOffsetMs: ONE_HOUR });
    await expect(
      client.unwrap(client.GET('/open/product/get', { params: { query: { itemId: '1' } } })),
    ).resolves.toBe('fine');
    expect(server.requests).toHaveLength(2);
    expect(Math.abs(client.clockOffsetMs)).toBeLessThan(WINDOW_MS / 10);
  });

  // Issue 10 item 2: a write is re-sent only on the documented code, never on words in a
  // message and never on a 5xx, whatever maxRetries says; the clock stays where it was.
  describe('never sends a write twice on anything but the timestamp-rejection code', () => {
    const cancel = { params: { path: { refundId: 'r-1' } } } as const;
    const cases: { name: string; status: number; body: unknown; call: 'create' | 'cancel' }[] = [
      {
        name: 'order create answered by a business error that mentions a timestamp',
        status: 200,
        body: fail(50013, 'delivery timestamp invalid for this item'),
        call: 'create',
      },
      {
        name: 'order create answered by a Chinese message about 时间戳 under another code',
        status: 200,
        body: fail(401, '时间戳已过期'),
        call: 'create',
      },
      {
        name: 'cancel answered by a 500 gateway envelope that mentions a timestamp',
        status: 500,
        body: fail(500, 'gateway error at timestamp 1715669977082'),
        call: 'cancel',
      },
      {
        name: 'cancel answered by HTTP 500 even with code 40102',
        status: 500,
        body: fail(40102, 'timestamp outside the 600 s window'),
        call: 'cancel',
      },
      {
        name: 'order create answered by HTTP 503 with code 40102',
        status: 503,
        body: fail(40102, 'timestamp outside the 600 s window'),
        call: 'create',
      },
    ];
    for (const { name, status, body, call } of cases) {
      it(name, async () => {
        server.handle((_req, res) => sendJson(res, status, body));
        const { client } = makeClient(server.baseUrl, {
          clockOffsetMs: -ONE_HOUR,
          maxRetries: 0,
        });
        const result =
          call === 'create'
            ? await client.POST('/open/order', createOrder)
            : await client.GET('/open/refund/cancel/{refundId}', cancel);
        expect(result.response.status).toBe(status);
        expect(server.requests).toHaveLength(1);
        expect(client.clockOffsetMs).toBe(-ONE_HOUR);
      });
    }

    it('a read answered by HTTP 5xx is not treated as a timestamp rejection either', async () => {
      server.handle((_req, res) => sendJson(res, 500, fail(40102, 'timestamp rejected')));
      const { client } = makeClient(server.baseUrl, { clockOffsetMs: -ONE_HOUR, maxRetries: 0 });
      await client.GET('/open/product/get', { params: { query: { itemId: '1' } } });
      expect(server.requests).toHaveLength(1);
      expect(client.clockOffsetMs).toBe(-ONE_HOUR);
    });

    it('a custom predicate is never consulted on a 5xx', async () => {
      server.handle((_req, res) => sendJson(res, 502, fail(9001, 'E_CLOCK')));
      let consulted = 0;
      const { client } = makeClient(server.baseUrl, {
        clockOffsetMs: -ONE_HOUR,
        maxRetries: 0,
        isClockSkewError: () => {
          consulted++;
          return true;
        },
      });
      await client.POST('/open/order', createOrder);
      expect(consulted).toBe(0);
      expect(server.requests).toHaveLength(1);
    });
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
