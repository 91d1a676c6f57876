import { sign } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import { PandaPonConnectionError, PandaPonHttpError, PandaPonTimeoutError } from '../src/index.js';
import { ACCESS_KEY, ACCESS_SECRET, makeClient } from './helpers/client.js';
import { type Handler, ok, sendJson, unusedPort, useServer } from './helpers/server.js';

/** Answers `failures` times with `status` (and headers), then with success. */
function flaky(failures: number, status = 503, headers: Record<string, string> = {}): Handler {
  let calls = 0;
  return (_req, res) => {
    calls++;
    if (calls <= failures) sendJson(res, status, { error: 'busy' }, headers);
    else sendJson(res, 200, ok({ attempt: calls }));
  };
}

const getProduct = { params: { query: { itemId: '1' } } } as const;
const createOrder = { body: { itemId: '1', quantity: 1 } } as const;

describe('retries against a real server', () => {
  const server = useServer();

  it('retries a safe operation on 503 and re-signs every attempt', async () => {
    server.handle(flaky(2));
    const { client, delays } = makeClient(server.baseUrl);
    const data = await client.unwrap(client.GET('/open/product/get', getProduct));
    expect(data).toEqual({ attempt: 3 });
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);

    const nonces = server.requests.map((r) => r.headers['nonce-str']);
    const signatures = server.requests.map((r) => r.headers.signature);
    expect(new Set(nonces).size).toBe(3);
    expect(new Set(signatures).size).toBe(3);
    for (const request of server.requests) {
      const { timestamp, 'nonce-str': nonceStr, signature } = request.headers;
      expect(request.headers['access-key']).toBe(ACCESS_KEY);
      expect(signature).toBe(
        sign({
          accessKey: ACCESS_KEY,
          accessSecret: ACCESS_SECRET,
          timestamp: String(timestamp),
          nonceStr: String(nonceStr),
        }),
      );
    }
  });

  it.each([429, 502, 504])('retries HTTP %i', async (status) => {
    server.handle(flaky(1, status));
    const { client } = makeClient(server.baseUrl);
    await expect(client.unwrap(client.GET('/open/product/get', getProduct))).resolves.toEqual({
      attempt: 2,
    });
  });

  it('does not retry other statuses', async () => {
    server.handle(flaky(1, 500));
    const { client, delays } = makeClient(server.baseUrl);
    const result = await client.GET('/open/product/get', getProduct);
    expect(result.response.status).toBe(500);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('gives up after maxRetries and returns the last response', async () => {
    server.handle(flaky(10));
    const { client, delays } = makeClient(server.baseUrl, { maxRetries: 3 });
    const error = await client
      .unwrap(client.GET('/open/product/get', getProduct))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect((error as PandaPonHttpError).status).toBe(503);
    expect(server.requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
  });

  it('uses full-jitter exponential backoff capped at maxDelayMs', async () => {
    server.handle(flaky(10));
    const recorded: number[] = [];
    const { client } = makeClient(server.baseUrl, {
      maxRetries: 6,
      retry: {
        baseDelayMs: 100,
        maxDelayMs: 1_000,
        sleep: async (ms) => {
          recorded.push(ms);
        },
      },
    });
    await client.GET('/open/product/get', getProduct);
    expect(recorded).toHaveLength(6);
    recorded.forEach((ms, retry) => {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** retry));
    });
  });

  it('honours Retry-After in seconds, capped at maxDelayMs', async () => {
    server.handle(flaky(2, 429, { 'retry-after': '3' }));
    const recorded: number[] = [];
    const sleep = async (ms: number) => {
      recorded.push(ms);
    };
    const { client } = makeClient(server.baseUrl, { retry: { sleep, maxDelayMs: 60_000 } });
    await client.unwrap(client.GET('/open/product/get', getProduct));
    expect(recorded).toEqual([3_000, 3_000]);

    server.handle(flaky(1, 503, { 'retry-after': '120' }));
    recorded.length = 0;
    const { client: capped } = makeClient(server.baseUrl, { retry: { sleep, maxDelayMs: 5_000 } });
    await capped.unwrap(capped.GET('/open/product/get', getProduct));
    expect(recorded).toEqual([5_000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    // Whole seconds, as HTTP dates have no milliseconds; 30 s ahead of now.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toUTCString();
    server.handle(flaky(1, 503, { 'retry-after': at }));
    const recorded: number[] = [];
    const { client } = makeClient(server.baseUrl, {
      retry: {
        maxDelayMs: 60_000,
        sleep: async (ms) => {
          recorded.push(ms);
        },
      },
    });
    await client.unwrap(client.GET('/open/product/get', getProduct));
    expect(recorded).toHaveLength(1);
    // ~30 s minus however long the call took; far above any jitter delay (≤ 300 ms here).
    expect(recorded[0]).toBeGreaterThan(10_000);
    expect(recorded[0]).toBeLessThanOrEqual(31_000);
  });

  it('never retries a write automatically', async () => {
    server.handle(flaky(1));
    const { client, delays } = makeClient(server.baseUrl);
    const result = await client.POST('/open/order', createOrder);
    expect(result.response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('follows the operation table over the method: a GET write is not retried', async () => {
    server.handle(flaky(1));
    const { client } = makeClient(server.baseUrl);
    const result = await client.GET('/open/refund/cancel/{refundId}', {
      params: { path: { refundId: 'r1' } },
    });
    expect(result.response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a write when the call opts in with retry: true', async () => {
    server.handle(flaky(1));
    const { client } = makeClient(server.baseUrl);
    const data = await client.unwrap(client.POST('/open/order', { ...createOrder, retry: true }));
    expect(data).toEqual({ attempt: 2 });
    expect(server.requests).toHaveLength(2);
    // Both attempts carried the same body.
    expect(server.requests[0]?.body).toBe(server.requests[1]?.body);
  });

  it('limits an opted-in write to its own maxRetries', async () => {
    server.handle(flaky(10));
    const { client, delays } = makeClient(server.baseUrl, { maxRetries: 5 });
    const result = await client.POST('/open/order', { ...createOrder, retry: { maxRetries: 1 } });
    expect(result.response.status).toBe(503);
    expect(server.requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it('lets a call switch retries off with retry: false', async () => {
    server.handle(flaky(1));
    const { client } = makeClient(server.baseUrl);
    const result = await client.GET('/open/product/get', { ...getProduct, retry: false });
    expect(result.response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a malformed retry override before sending', async () => {
    const { client } = makeClient(server.baseUrl);
    await expect(
      client.GET('/open/product/get', { ...getProduct, retry: { maxRetries: -1 } }),
    ).rejects.toThrow(/init\.retry/);
    expect(server.requests).toHaveLength(0);
  });

  it('unknown paths: GET is retried, POST is not', async () => {
    const { client } = makeClient(server.baseUrl);
    server.handle(flaky(1));
    await expect(client.request('GET', '/open/not/in/spec')).resolves.toMatchObject({ code: 200 });
    expect(server.requests).toHaveLength(2);
    server.requests.length = 0;
    server.handle(flaky(1));
    await expect(client.request('POST', '/open/not/in/spec', { body: {} })).rejects.toBeInstanceOf(
      PandaPonHttpError,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('timeouts and connection failures', () => {
  const server = useServer();

  it('times out each attempt, retries a safe operation, then throws PandaPonTimeoutError', async () => {
    server.handle(() => {
      // Never answer.
    });
    const { client, delays } = makeClient(server.baseUrl, { timeoutMs: 50, maxRetries: 1 });
    const error = await client.GET('/open/product/get', getProduct).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonTimeoutError);
    expect(error).toMatchObject({
      name: 'PandaPonTimeoutError',
      timeoutMs: 50,
      method: 'GET',
      path: '/open/product/get',
    });
    // Counted on our side: a slow machine may time out before the server even sees a request.
    expect(delays).toHaveLength(1);
  });

  it('the time limit covers the body: one that trickles past it times out and a read is retried', async () => {
    const timers = new Set<ReturnType<typeof setInterval>>();
    server.handle((_req, res) => {
      // Headers at once, then a byte every 10 ms: never a whole body.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":200,');
      const timer = setInterval(() => res.write(' '), 10);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const { client, delays } = makeClient(server.baseUrl, { timeoutMs: 100, maxRetries: 1 });
      const error = await client.GET('/open/product/get', getProduct).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PandaPonTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 100, method: 'GET', path: '/open/product/get' });
      expect(delays).toHaveLength(1);
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  });

  it('a per-call timeoutMs overrides the client default', async () => {
    server.handle(() => {});
    const { client, delays } = makeClient(server.baseUrl, { timeoutMs: 60_000 });
    const error = await client
      .POST('/open/order', { ...createOrder, timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonTimeoutError);
    expect((error as PandaPonTimeoutError).timeoutMs).toBe(30);
    // A write: the timed-out attempt is not repeated.
    expect(delays).toEqual([]);
  });

  it('times out even when a custom fetch ignores its signal', async () => {
    const calls: Array<AbortSignal | null | undefined> = [];
    const { client } = makeClient(server.baseUrl, {
      timeoutMs: 20,
      maxRetries: 0,
      fetch: (_request, init) => {
        calls.push(init?.signal);
        return new Promise<Response>(() => {}); // never settles
      },
    });
    await expect(client.GET('/open/product/get', getProduct)).rejects.toBeInstanceOf(
      PandaPonTimeoutError,
    );
    // It was handed the attempt's signal, and that signal did fire.
    expect(calls).toHaveLength(1);
    expect(calls[0]?.aborted).toBe(true);
  });

  it('recovers when a retry gets through after a timeout', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls > 1) sendJson(res, 200, ok('late but fine'));
    });
    // Generous limit: only the first attempt (never answered) should hit it, however slow the
    // machine is.
    const { client } = makeClient(server.baseUrl, { timeoutMs: 500 });
    await expect(client.unwrap(client.GET('/open/product/get', getProduct))).resolves.toBe(
      'late but fine',
    );
  });

  it('throws PandaPonConnectionError when nothing listens, after retrying a safe operation', async () => {
    const port = await unusedPort();
    const { client, delays } = makeClient(`http://127.0.0.1:${port}`);
    const error = await client.GET('/open/product/get', getProduct).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonConnectionError);
    expect((error as Error).cause).toBeDefined();
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(delays).toHaveLength(2);

    const { client: writer, delays: writerDelays } = makeClient(`http://127.0.0.1:${port}`);
    const writeError = await writer.POST('/open/order', createOrder).catch((e: unknown) => e);
    expect(writeError).toBeInstanceOf(PandaPonConnectionError);
    // It names the call that failed.
    expect(writeError).toMatchObject({ method: 'POST', path: '/open/order', attempts: 1 });
    expect(writerDelays).toEqual([]);
  });

  it('treats a connection dropped mid-body as a connection error, retried when safe', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"code":200,');
        setTimeout(() => res.socket?.destroy(), 5);
      } else {
        sendJson(res, 200, ok('second time lucky'));
      }
    });
    const { client, delays } = makeClient(server.baseUrl);
    await expect(client.unwrap(client.GET('/open/product/get', getProduct))).resolves.toBe(
      'second time lucky',
    );
    expect(delays).toHaveLength(1);

    calls = 0;
    const { client: writer } = makeClient(server.baseUrl);
    await expect(writer.POST('/open/order', createOrder)).rejects.toBeInstanceOf(
      PandaPonConnectionError,
    );
  });

  it('lets errors thrown by the caller’s own middleware through unchanged', async () => {
    const { client } = makeClient(server.baseUrl);
    const boom = new Error('middleware says no');
    client.use({
      onRequest() {
        throw boom;
      },
    });
    await expect(client.GET('/open/product/get', getProduct)).rejects.toBe(boom);
    expect(server.requests).toHaveLength(0);
  });
});
