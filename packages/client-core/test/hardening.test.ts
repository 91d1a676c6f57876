// Issue 10 items 8 and 9: a response size cap, and the scrubbing gaps.
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  PandaPonApiError,
  PandaPonConnectionError,
  PandaPonHttpError,
  PandaPonResponseTooLargeError,
} from '../src/index.js';
import { ACCESS_SECRET, makeClient } from './helpers/client.js';
import { useServer } from './helpers/server.js';

const getProduct = { params: { query: { itemId: '1' } } } as const;

describe('maxResponseBytes', () => {
  const server = useServer();
  let written = 0;
  beforeEach(() => {
    written = 0;
  });

  /** Streams up to `total` bytes of a JSON string in 64 KiB chunks, chunked (no length). */
  function streamBody(status: number, total: number) {
    server.handle(async (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.write('{"code":200,"data":"');
      const chunk = 'x'.repeat(65_536);
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
        if (res.destroyed) break;
      }
      res.end('"}');
    });
  }

  it('fails a long 2xx body with a typed error, counted as it streams, not read whole', async () => {
    streamBody(200, 64 * 1024 * 1024);
    const { client } = makeClient(server.baseUrl, { maxResponseBytes: 1024 * 1024 });
    const error = await client.GET('/open/product/get', getProduct).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonResponseTooLargeError);
    expect(error).toMatchObject({ status: 200, maxResponseBytes: 1024 * 1024 });
    // The server was cut off far short of the 64 MiB it meant to send.
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(server.requests).toHaveLength(1); // not retried
  });

  it('fails a long non-2xx body and a declared Content-Length above the limit too', async () => {
    streamBody(500, 4 * 1024 * 1024);
    const { client } = makeClient(server.baseUrl, { maxResponseBytes: 100_000, maxRetries: 0 });
    await expect(client.POST('/open/order', { body: {} } as never)).rejects.toBeInstanceOf(
      PandaPonResponseTooLargeError,
    );
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200000' });
      res.end(`{"code":200,"data":"${'y'.repeat(200_000 - 21)}"}`);
    });
    await expect(client.GET('/open/product/get', getProduct)).rejects.toBeInstanceOf(
      PandaPonResponseTooLargeError,
    );
  });

  it('reads a body right at the limit, and defaults to 32 MiB', async () => {
    const body = `{"code":200,"data":"${'z'.repeat(1000)}"}`;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    const exact = makeClient(server.baseUrl, { maxResponseBytes: body.length }).client;
    await expect(exact.unwrap(exact.GET('/open/product/get', getProduct))).resolves.toHaveLength(
      1000,
    );
    const tooSmall = makeClient(server.baseUrl, { maxResponseBytes: body.length - 1 }).client;
    await expect(tooSmall.GET('/open/product/get', getProduct)).rejects.toBeInstanceOf(
      PandaPonResponseTooLargeError,
    );
    for (const bad of [0, -1, 1.5, Number.NaN, '1' as never]) {
      expect(() => makeClient(server.baseUrl, { maxResponseBytes: bad })).toThrow(
        /maxResponseBytes/,
      );
    }
  });
});

describe('scrubbing', () => {
  const server = useServer();

  const tricky = 'se"cr\\et-Mixed-CASE-9f2c';

  it('redacts a secret holding " or \\ from a body excerpt (scrubbed before escaping)', async () => {
    server.handle((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 500, msg: `echo ${tricky}`, data: { s: tricky } }));
    });
    const { client } = makeClient(server.baseUrl, { accessSecret: tricky, maxRetries: 0 });
    const error = (await client
      .unwrap(client.GET('/open/product/get', getProduct))
      .catch((e: unknown) => e)) as PandaPonHttpError;
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect(error.bodyExcerpt).toContain('[REDACTED]');
    for (const text of [error.bodyExcerpt, error.message, inspect(error), JSON.stringify(error)]) {
      expect(text).not.toContain('cr\\\\et');
      expect(text).not.toContain('se\\"cr');
      expect(text).not.toContain('Mixed-CASE');
    }
  });

  it("scrubs a non-2xx body's strings in the raw result too (keys included)", async () => {
    server.handle((req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 503,
          echo: `${tricky} and ${String(req.headers.signature)}`,
          deep: [[{ [tricky]: [tricky] }]],
        }),
      );
    });
    const { client } = makeClient(server.baseUrl, { accessSecret: tricky, maxRetries: 0 });
    const result = await client.GET('/open/product/get', getProduct);
    const shown = `${JSON.stringify(result.error)} ${inspect(result, { depth: 8 })}`;
    expect(shown).not.toContain('Mixed-CASE');
    expect(shown).not.toMatch(/[0-9A-F]{32}/);
    expect(shown).toContain('[REDACTED]');
  });

  it('redacts in any letter case, and scrubs requestId', async () => {
    server.handle((req, res) => {
      const signature = String(req.headers.signature);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 401,
          requestId: `rid-${signature.toLowerCase()}`,
          msg: `bad ${ACCESS_SECRET.toUpperCase()} ${signature.toLowerCase()}`,
        }),
      );
    });
    const { client } = makeClient(server.baseUrl);
    const error = (await client
      .unwrap(client.GET('/open/product/get', getProduct))
      .catch((e: unknown) => e)) as PandaPonApiError;
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error.requestId).toBe('rid-[REDACTED]');
    expect(error.msg).toBe('bad [REDACTED] [REDACTED]');
  });

  it("scrubs a connection error's message and keeps no raw cause", async () => {
    const { client } = makeClient('http://127.0.0.1:1', {
      maxRetries: 0,
      fetch: async (request) => {
        const cause = Object.assign(new Error(`socket said ${request.headers.get('signature')}`), {
          code: 'ECONNRESET',
        });
        throw Object.assign(new TypeError(`fetch failed for ${request.url} ${ACCESS_SECRET}`), {
          cause,
        });
      },
    });
    const error = (await client
      .request('POST', '/open/pp/logistics/orderRenderFreight', { body: {} })
      .catch((e: unknown) => e)) as PandaPonConnectionError;
    expect(error).toBeInstanceOf(PandaPonConnectionError);
    const shown = `${error.message} ${inspect(error, { depth: 5 })} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(ACCESS_SECRET);
    expect(shown).not.toMatch(/[?&]sign=[0-9A-F]{32}/);
    expect(shown).toContain('ECONNRESET');
  });

  it("hides sign= in a logistics result's response.url (logged results)", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"code":200,"data":null}');
    });
    const { client } = makeClient(server.baseUrl);
    const result = await client.POST('/open/pp/logistics/orderRenderFreight', {
      body: {},
    } as never);
    const sent = server.requests.at(-1)?.url ?? '';
    expect(sent).toMatch(/sign=[0-9A-F]{32}/);
    expect(result.response.url).not.toMatch(/sign=[0-9A-F]{32}/);
    expect(inspect(result, { depth: 4 })).not.toMatch(/sign=[0-9A-F]{32}/);
  });
});
