// Issue 10 items 10 and 11 (client part): bad input refused before any network call, and one
// AbortSignal shared by many concurrent calls without a MaxListenersExceededWarning.
import { describe, expect, it } from 'vitest';
import { makeClient } from './helpers/client.js';
import { ok, sendJson, useServer } from './helpers/server.js';

const getProduct = { params: { query: { itemId: '1' } } } as const;

describe('input validation', () => {
  const server = useServer((_req, res) => sendJson(res, 200, ok(null)));

  it('refuses a baseUrl ending in ? or #', () => {
    for (const baseUrl of [
      'https://api.pandapon.com/?',
      'https://api.pandapon.com/#',
      'https://a.example?x#',
    ]) {
      expect(() => makeClient(baseUrl)).toThrow(/baseUrl/);
    }
  });

  it('refuses plain http to a non-loopback host unless allowInsecureHttp', () => {
    expect(() => makeClient('http://api.pandapon.com')).toThrow(/allowInsecureHttp/);
    expect(() => makeClient('http://10.0.0.5:8080')).toThrow(/baseUrl/);
    expect(() => makeClient('http://api.pandapon.com', { allowInsecureHttp: true })).not.toThrow();
    for (const loopback of ['http://127.0.0.1:1', 'http://localhost:8080', 'http://[::1]:9']) {
      expect(() => makeClient(loopback)).not.toThrow();
    }
    expect(() => makeClient('http://127.0.0.1:1', { allowInsecureHttp: 'yes' as never })).toThrow(
      /allowInsecureHttp/,
    );
  });

  it('refuses path parameters "..", ".", "", null and undefined before sending', async () => {
    const { client } = makeClient(server.baseUrl);
    const before = server.requests.length;
    for (const refundId of ['..', '.', '', null, undefined]) {
      await expect(
        client.GET('/open/refund/cancel/{refundId}', {
          params: { path: { refundId: refundId as never } },
        }),
      ).rejects.toThrow(/params\.path\.refundId/);
    }
    expect(server.requests.length).toBe(before);
    await client.GET('/open/refund/cancel/{refundId}', { params: { path: { refundId: 'r..1' } } });
    expect(server.requests.at(-1)?.url).toBe('/open/refund/cancel/r..1');
  });

  it('refuses a typed call whose path does not start with "/"', async () => {
    const { client } = makeClient(server.baseUrl);
    const before = server.requests.length;
    for (const path of [':9999/open/product/get', 'open/product/get', '']) {
      await expect(client.GET(path as never, getProduct as never)).rejects.toThrow(/`path`/);
    }
    expect(server.requests.length).toBe(before);
  });

  it('checks header names and values on every call, never quoting the value', async () => {
    const { client } = makeClient(server.baseUrl);
    await client.GET('/open/product/get', { ...getProduct, headers: { 'x-ok': 'fine' } });
    for (const headers of [
      { 'x-bad': 'a\r\nInjected: 1' },
      { 'bad name': 'v' },
      { 'x-null': 'a\u0000b' },
    ]) {
      const error = await client
        .GET('/open/product/get', { ...getProduct, headers })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).not.toContain('Injected');
    }
    expect(() => makeClient(server.baseUrl, { headers: { 'x-a': 'b\nc' } })).toThrow(/headers/);
  });

  it("refuses a signing header given per call, before sending (a user-id there would be silently replaced by the client's)", async () => {
    const { client } = makeClient(server.baseUrl);
    const before = server.requests.length;
    for (const name of [
      'user-id',
      'User-Id',
      'timestamp',
      'nonce-str',
      'access-key',
      'signature',
    ]) {
      const error = await client
        .GET('/open/product/get', { ...getProduct, headers: { [name]: 'other-value' } })
        .catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(`init.headers.${name}\` is a signing header`);
      expect((error as Error).message).not.toContain('other-value');
    }
    const tenant = await client
      .GET('/open/product/get', { ...getProduct, headers: new Headers({ 'user-id': 'u2' }) })
      .catch((caught: unknown) => caught);
    expect((tenant as Error).message).toContain('create a client with that userId');
    expect(server.requests.length).toBe(before);
  });

  it('bounds maxRetries and clockOffsetMs', async () => {
    expect(() => makeClient(server.baseUrl, { maxRetries: 1e9 })).toThrow(/maxRetries/);
    expect(() => makeClient(server.baseUrl, { maxRetries: 21 })).toThrow(/maxRetries/);
    expect(() => makeClient(server.baseUrl, { maxRetries: 20 })).not.toThrow();
    expect(() => makeClient(server.baseUrl, { clockOffsetMs: 1e300 })).toThrow(/clockOffsetMs/);
    expect(() => makeClient(server.baseUrl, { clockOffsetMs: -4e10 })).toThrow(/clockOffsetMs/);
    const { client } = makeClient(server.baseUrl);
    await expect(
      client.GET('/open/product/get', { ...getProduct, retry: { maxRetries: 1e9 } }),
    ).rejects.toThrow(/init\.retry/);
  });
});

describe('one AbortSignal across many concurrent calls', () => {
  const server = useServer((_req, res) => {
    setTimeout(() => sendJson(res, 200, ok(null)), 20);
  });

  it('prints no MaxListenersExceededWarning for 40 calls, with and without retries', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { client } = makeClient(server.baseUrl);
      const shared = new AbortController();
      const results = await Promise.all(
        Array.from({ length: 40 }, () =>
          client.GET('/open/product/get', { ...getProduct, signal: shared.signal }),
        ),
      );
      expect(results.every((r) => r.response.status === 200)).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('still aborts every call sharing the signal', async () => {
    const { client } = makeClient(server.baseUrl);
    const shared = new AbortController();
    const pending = Array.from({ length: 15 }, () =>
      client.GET('/open/product/get', { ...getProduct, signal: shared.signal }),
    );
    shared.abort(new Error('stop all'));
    const settled = await Promise.allSettled(pending);
    expect(
      settled.every((s) => s.status === 'rejected' && String(s.reason).includes('stop all')),
    ).toBe(true);
  });
});
