import { describe, expect, it } from 'vitest';
import { PandaPonHttpError, PandaPonResponseError } from '../src/index.js';
import { ACCESS_KEY, makeClient, USER_ID } from './helpers/client.js';
import { fail, ok, sendJson, startServer, useServer } from './helpers/server.js';

describe('request(): the untyped escape hatch', () => {
  const server = useServer();

  it('sends a signed request and resolves to the raw envelope', async () => {
    server.handle((req, res) => sendJson(res, 200, ok({ echo: req.body, url: req.url }, 'req-9')));
    const { client } = makeClient(server.baseUrl);
    const envelope = await client.request('post', '/open/order/render', {
      query: { lang: 'en', ids: [1, 2] },
      body: { orderId: 'o-1' },
      headers: { 'x-trace': 'abc' },
    });
    expect(envelope).toEqual({
      requestId: 'req-9',
      code: 200,
      developId: 'dev-1',
      msg: '成功',
      data: { echo: '{"orderId":"o-1"}', url: '/open/order/render?lang=en&ids=1&ids=2' },
    });
    const sent = server.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers['x-trace']).toBe('abc');
    expect(sent?.headers['access-key']).toBe(ACCESS_KEY);
    expect(sent?.headers['user-id']).toBe(USER_ID);
    expect(sent?.headers.signature).toMatch(/^[0-9A-F]{32}$/);
    expect(String(sent?.headers['nonce-str'])).toHaveLength(32);
  });

  it('returns a failure envelope instead of throwing', async () => {
    server.handle((_req, res) => sendJson(res, 200, fail(40001, 'bad order')));
    const { client } = makeClient(server.baseUrl);
    await expect(client.request('GET', '/open/whatever')).resolves.toMatchObject({
      code: 40001,
      msg: 'bad order',
    });
  });

  it('cannot be used to override the signature', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok(null)));
    const { client } = makeClient(server.baseUrl);
    await expect(
      client.request('GET', '/open/x', { headers: { signature: 'FORGED' } }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(server.requests).toEqual([]);
  });

  it('throws for non-2xx and for bodies that are not envelopes', async () => {
    const { client } = makeClient(server.baseUrl);
    server.handle((_req, res) => sendJson(res, 401, { message: 'who are you' }));
    await expect(client.request('POST', '/open/x', { body: {} })).rejects.toBeInstanceOf(
      PandaPonHttpError,
    );
    server.handle((_req, res) => sendJson(res, 200, [1, 2, 3]));
    await expect(client.request('GET', '/open/x')).rejects.toBeInstanceOf(PandaPonResponseError);
  });

  it('uses the operation table when the path is known, and per-call retry otherwise', async () => {
    let calls = 0;
    server.handle((_req, res) => {
      calls++;
      if (calls % 2 === 1) sendJson(res, 503, {});
      else sendJson(res, 200, ok([]));
    });
    const { client } = makeClient(server.baseUrl);
    // Known and safe (listOrders): retried.
    await expect(client.request('POST', '/open/order/page', { body: {} })).resolves.toMatchObject({
      code: 200,
    });
    expect(server.requests).toHaveLength(2);
    // Unknown POST: retried only because the call opts in.
    await expect(
      client.request('POST', '/open/new/write', { body: {}, retry: { maxRetries: 1 } }),
    ).resolves.toMatchObject({ code: 200 });
    expect(server.requests).toHaveLength(4);
  });

  it('validates its arguments before sending', async () => {
    const { client } = makeClient(server.baseUrl);
    await expect(client.request('FETCH' as never, '/open/x')).rejects.toThrow(/method/);
    await expect(client.request('GET', 'open/x' as never)).rejects.toThrow(/path/);
    await expect(client.request('GET', '/open/x?a=1')).rejects.toThrow(/query/);
    await expect(client.request('GET', '/open/x', { timeoutMs: -1 })).rejects.toThrow(
      /init\.timeoutMs/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('warehouse-logistics paths', () => {
  it('carry the timestamp and sign query parameters (set by the signing middleware)', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, ok(null)));
    try {
      const { client } = makeClient(server.baseUrl);
      await client.POST('/open/pp/logistics/orderRenderFreight', { body: { orderId: 'o1' } });
      const sent = server.requests[0];
      const query = new URL(sent?.url ?? '', 'http://x').searchParams;
      expect(query.get('timestamp')).toBe(String(sent?.headers.timestamp));
      expect(query.get('sign')).toBe(String(sent?.headers.signature));
    } finally {
      await server.close();
    }
  });
});
