import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type PandaPonApiError, PandaPonHttpError } from '../src/index.js';
import { ACCESS_KEY, ACCESS_SECRET, makeClient, USER_ID } from './helpers/client.js';
import { fail, ok, sendJson, unusedPort, useServer } from './helpers/server.js';

interface LogLine {
  level: 'debug' | 'warn';
  message: string;
  meta: Record<string, unknown> | undefined;
}

function recordingLogger() {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      debug: (message: string, meta?: Record<string, unknown>) =>
        lines.push({ level: 'debug', message, meta }),
      warn: (message: string, meta?: Record<string, unknown>) =>
        lines.push({ level: 'warn', message, meta }),
    },
  };
}

/** Everything a secret could hide in: message, stack, own properties, cause chain. */
function everythingAbout(value: unknown): string {
  return [
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(value),
  ].join('\n');
}

describe('logging', () => {
  const server = useServer();

  it('logs method, path, attempt, status and duration with credentials redacted', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 503, {});
      else sendJson(res, 200, ok({ orderId: 'o' }));
    });
    const { lines, logger } = recordingLogger();
    const { client } = makeClient(server.baseUrl, { logger });
    await client.unwrap(client.POST('/open/order/page', { body: { pageNum: 1, pageSize: 1 } }));

    const requests = lines.filter((l) => l.message === 'pandapon request');
    const responses = lines.filter((l) => l.message === 'pandapon response');
    expect(requests.map((l) => l.meta?.attempt)).toEqual([1, 2]);
    expect(responses.map((l) => l.meta?.status)).toEqual([503, 200]);
    expect(responses[0]?.meta).toMatchObject({
      platform: 'fixture',
      operationId: 'listOrders',
      method: 'POST',
      path: '/open/order/page',
    });
    expect(typeof responses[0]?.meta?.durationMs).toBe('number');
    const headers = requests[0]?.meta?.headers as Record<string, string>;
    expect(headers.signature).toBe('[REDACTED]');
    expect(headers['access-key']).toBe('58c0…cf03');
    expect(headers['user-id']).toBe(USER_ID);
    expect(headers['nonce-str']).toBe(server.requests[0]?.headers['nonce-str']);
    expect(lines.find((l) => l.message === 'pandapon retrying')).toMatchObject({
      level: 'warn',
      meta: { reason: 'HTTP 503', retry: 1 },
    });

    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(ACCESS_SECRET);
    expect(everything).not.toContain(ACCESS_KEY);
    for (const request of server.requests) {
      expect(everything).not.toContain(String(request.headers.signature));
    }
  });

  it('redacts the sign query parameter of logistics paths', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok(null)));
    const { lines, logger } = recordingLogger();
    const { client } = makeClient(server.baseUrl, { logger });
    await client.POST('/open/pp/logistics/orderRenderFreight', { body: { orderId: 'o1' } });
    const url = String(lines.find((l) => l.message === 'pandapon request')?.meta?.url);
    expect(url).toContain('sign=[REDACTED]');
    expect(JSON.stringify(lines)).not.toContain(String(server.requests[0]?.headers.signature));
  });

  it('redacts other credential headers and any header carrying the secret', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok(null)));
    const { lines, logger } = recordingLogger();
    const { client } = makeClient(server.baseUrl, {
      logger,
      headers: { authorization: 'Bearer proxy-token', 'x-debug': `oops ${ACCESS_SECRET}` },
    });
    await client.request('GET', '/open/x');
    const headers = lines.find((l) => l.message === 'pandapon request')?.meta?.headers as Record<
      string,
      string
    >;
    expect(headers.authorization).toBe('[REDACTED]');
    expect(headers['x-debug']).toBe('[REDACTED]');
    expect(server.requests[0]?.headers['x-debug']).toBe(`oops ${ACCESS_SECRET}`);
  });

  it('logs connection failures without details that could leak', async () => {
    const port = await unusedPort();
    const { lines, logger } = recordingLogger();
    const { client } = makeClient(`http://127.0.0.1:${port}`, { logger, maxRetries: 0 });
    await client.GET('/open/product/get', { params: { query: { itemId: '1' } } }).catch(() => {});
    expect(lines.find((l) => l.message === 'pandapon request failed')?.meta).toMatchObject({
      error: 'TypeError',
      attempt: 1,
    });
  });
});

describe('the secret and signatures never leak', () => {
  // A badly behaved server that echoes our headers back, in errors and envelopes.
  const server = useServer((req, res) => {
    const echo = `${JSON.stringify(req.headers)} secret=${ACCESS_SECRET}`;
    if (req.url.startsWith('/http-error')) sendJson(res, 500, { echo });
    else sendJson(res, 200, fail(40000, echo));
  });

  it('is not in the client object', () => {
    const { client } = makeClient(server.baseUrl);
    expect(everythingAbout(client)).not.toContain(ACCESS_SECRET);
    expect(JSON.stringify(client)).toBe('{"clockOffsetMs":0}');
  });

  it('is scrubbed from API and HTTP errors, even when the server echoes it', async () => {
    const { client } = makeClient(server.baseUrl, { maxRetries: 0 });
    const apiError = (await client
      .unwrap(client.POST('/open/order', { body: { itemId: '1', quantity: 1 } }))
      .catch((e: unknown) => e)) as PandaPonApiError;
    const httpError = (await client
      .request('GET', '/http-error')
      .catch((e: unknown) => e)) as PandaPonHttpError;
    expect(httpError).toBeInstanceOf(PandaPonHttpError);
    expect(apiError.msg).toContain('[REDACTED]');
    expect(httpError.bodyExcerpt).toContain('[REDACTED]');
    const signatures = server.requests.map((r) => String(r.headers.signature));
    expect(signatures).toHaveLength(2);
    for (const error of [apiError, httpError]) {
      const text = everythingAbout(error);
      expect(text).not.toContain(ACCESS_SECRET);
      for (const signature of signatures) expect(text).not.toContain(signature);
    }
  });

  it('is not in connection, timeout or validation errors', async () => {
    const port = await unusedPort();
    const { client } = makeClient(`http://127.0.0.1:${port}`, { maxRetries: 0 });
    const connection = await client
      .GET('/open/product/get', { params: { query: { itemId: '1' } } })
      .catch((e: unknown) => e);
    const { client: slow } = makeClient(server.baseUrl, { timeoutMs: 1, maxRetries: 0 });
    server.handle(() => {});
    const timeout = await slow.request('GET', '/hang').catch((e: unknown) => e);
    const validation = (() => {
      try {
        makeClient(server.baseUrl, { timeoutMs: -1 });
      } catch (e) {
        return e;
      }
    })();
    for (const error of [connection, timeout, validation]) {
      expect(error).toBeInstanceOf(Error);
      expect(everythingAbout(error)).not.toContain(ACCESS_SECRET);
    }
  });
});
