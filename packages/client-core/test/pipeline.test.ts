// How a call travels (see transport.ts and client.ts): where the request is signed, which signal
// fetch receives, and how unwrap finds out what a response was for.

import { inspect } from 'node:util';
import { sign } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import {
  createPlatformClient,
  PandaPonApiError,
  PandaPonHttpError,
  type PlatformMeta,
  unwrap,
} from '../src/index.js';
import type { paths } from './fixtures/generated/fixture-paths.js';
import {
  ACCESS_KEY,
  ACCESS_SECRET,
  expectedSignature,
  makeClient,
  recordingFetch,
} from './helpers/client.js';

const getProduct = { params: { query: { itemId: '1' } } } as const;

describe('signing', () => {
  it('signs every request exactly once, before and after the caller adds middleware', async () => {
    const { calls, fetch } = recordingFetch();
    let signerCalls = 0;
    const { client } = makeClient('http://127.0.0.1:1', {
      fetch,
      signer: (input) => {
        signerCalls++;
        return sign(input);
      },
    });
    await client.GET('/open/product/get', getProduct);
    expect(signerCalls).toBe(1);

    const seenByMiddleware: (string | null)[] = [];
    client.use({
      onRequest({ request }) {
        seenByMiddleware.push(request.headers.get('signature'));
      },
    });
    await client.GET('/open/product/get', getProduct);
    await client.POST('/open/order', { body: { itemId: '1', quantity: 1 } });
    expect(signerCalls).toBe(3);
    // The caller's middleware runs after signing, so it sees the signed request.
    expect(seenByMiddleware).toHaveLength(2);
    expect(seenByMiddleware[0]).toMatch(/^[0-9A-F]{32}$/);

    expect(calls).toHaveLength(3);
    for (const { request } of calls) {
      expect(request.headers.get('access-key')).toBe(ACCESS_KEY);
      expect(request.headers.get('signature')).toBe(expectedSignature(request));
    }
    expect(calls[1]?.request.headers.get('signature')).toBe(seenByMiddleware[0]);
  });

  it('signs retries afresh after middleware was added too', async () => {
    let attempts = 0;
    const sent: Request[] = [];
    const { client } = makeClient('http://127.0.0.1:1', {
      fetch: async (request) => {
        sent.push(request);
        attempts++;
        return new Response(attempts === 1 ? '{}' : '{"code":200}', {
          status: attempts === 1 ? 503 : 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    client.use({ onResponse: () => undefined });
    await client.GET('/open/product/get', getProduct);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.headers.get('nonce-str')).not.toBe(sent[1]?.headers.get('nonce-str'));
    for (const request of sent)
      expect(request.headers.get('signature')).toBe(expectedSignature(request));
  });
});

// Issue 10 item 4: the warehouse-logistics query signature, also under a base URL with a path.
describe('the logistics query signature', () => {
  for (const baseUrl of [
    'https://gw.example/pandapon/',
    'https://gw.example/a/b',
    'https://gw.example',
  ]) {
    it(`is added under baseUrl ${baseUrl}, signed in fetch or by middleware`, async () => {
      const { calls, fetch } = recordingFetch();
      const { client } = makeClient(baseUrl, { fetch });
      const call = () =>
        client.request('POST', '/v2/open/pp/logistics/orderRenderFreight', { body: {} });
      await call();
      client.use({ onRequest: () => undefined }); // signing moves into the middleware chain
      await call();
      expect(calls).toHaveLength(2);
      for (const { request } of calls) {
        const url = new URL(request.url);
        expect(url.pathname).toBe(
          `${new URL(baseUrl).pathname.replace(/\/$/, '')}/v2/open/pp/logistics/orderRenderFreight`,
        );
        expect(url.searchParams.get('timestamp')).toBe(request.headers.get('timestamp'));
        expect(url.searchParams.get('sign')).toBe(request.headers.get('signature'));
      }
    });
  }

  it('is signed afresh on every retry: each attempt carries its own pair', async () => {
    const sent: Request[] = [];
    const { client } = makeClient('https://gw.example', {
      fetch: async (request) => {
        sent.push(request);
        const busy = sent.length < 3;
        return new Response(busy ? '{}' : '{"code":200}', {
          status: busy ? 503 : 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await client.POST('/open/pp/logistics/orderRenderFreight', { body: { orderId: 'o1' } });
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      const query = new URL(request.url).searchParams;
      expect(query.get('timestamp')).toBe(request.headers.get('timestamp'));
      expect(query.get('sign')).toBe(request.headers.get('signature'));
      expect(request.headers.get('signature')).toBe(expectedSignature(request));
    }
    expect(new Set(sent.map((r) => new URL(r.url).searchParams.get('sign'))).size).toBe(3);
  });

  it('is not added to other paths under a base path', async () => {
    const { calls, fetch } = recordingFetch();
    const { client } = makeClient('https://gw.example/pandapon/', { fetch });
    await client.GET('/open/product/get', getProduct);
    expect(new URL(calls[0]?.request.url ?? '').searchParams.has('sign')).toBe(false);
  });
});

// Issue 15: the generated per-operation flag decides the logistics query pair, not the path.
describe('the query signature follows the operation table', () => {
  const tableOf = (entries: PlatformMeta['operations']): PlatformMeta => ({
    platform: 'fixture',
    operations: entries,
  });
  const flagged = tableOf({
    'GET /open/product/get': { operationId: 'getProduct', safeToRetry: true, querySignature: true },
    'POST /open/pp/logistics/orderRenderFreight': {
      operationId: 'previewFreight',
      safeToRetry: true,
    },
  });

  it('adds the pair where the flag is set and leaves a listed unflagged path alone', async () => {
    const { calls, fetch } = recordingFetch();
    const client = createPlatformClient<paths>(
      {
        accessKey: ACCESS_KEY,
        accessSecret: ACCESS_SECRET,
        userId: 'u',
        baseUrl: 'https://x.test',
        fetch,
      },
      flagged,
    );
    const both = async () => {
      await client.GET('/open/product/get', getProduct);
      await client.POST('/open/pp/logistics/orderRenderFreight', { body: { orderId: 'o1' } });
    };
    await both();
    client.use({ onRequest: () => undefined }); // signing moves into the middleware chain
    await both();
    const signed = calls.map(({ request }) => new URL(request.url).searchParams.has('sign'));
    expect(signed).toEqual([true, false, true, false]);
  });

  it('falls back to the path for an operation the table does not list', async () => {
    const { calls, fetch } = recordingFetch();
    const client = createPlatformClient<paths>(
      {
        accessKey: ACCESS_KEY,
        accessSecret: ACCESS_SECRET,
        userId: 'u',
        baseUrl: 'https://x.test',
        fetch,
      },
      tableOf({}),
    );
    await client.request('POST', '/open/pp/logistics/orderRenderFreight', { body: {} });
    await client.request('GET', '/open/product/get', { query: { itemId: '1' } });
    const signed = calls.map(({ request }) => new URL(request.url).searchParams.has('sign'));
    expect(signed).toEqual([true, false]);
  });
});

describe('the signal fetch receives', () => {
  it('is a per-attempt signal when the attempt has a time limit', async () => {
    const { calls, fetch } = recordingFetch();
    const { client } = makeClient('http://127.0.0.1:1', { fetch, timeoutMs: 5_000 });
    await client.GET('/open/product/get', getProduct);
    const signal = calls[0]?.init?.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(false);
  });

  it('is a per-attempt signal that follows the caller’s, without a time limit', async () => {
    const { calls, fetch } = recordingFetch();
    const { client } = makeClient('http://127.0.0.1:1', { fetch, timeoutMs: 0 });
    const controller = new AbortController();
    await client.GET('/open/product/get', { ...getProduct, signal: controller.signal });
    const signal = calls[0]?.init?.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal).not.toBe(controller.signal);
  });

  it('is absent when there is nothing to abort (no time limit, no caller signal)', async () => {
    const { calls, fetch } = recordingFetch();
    const { client } = makeClient('http://127.0.0.1:1', { fetch, timeoutMs: 0 });
    await client.GET('/open/product/get', getProduct);
    expect(calls[0]?.init).toEqual({ signal: undefined, redirect: 'manual' });
  });

  it("never reaches openapi-fetch's Request: fetch gets it directly", async () => {
    const { calls, fetch } = recordingFetch();
    const { client } = makeClient('http://127.0.0.1:1', { fetch, timeoutMs: 5_000 });
    await client.GET('/open/product/get', getProduct);
    expect(calls[0]?.request.signal).not.toBe(calls[0]?.init?.signal);
  });
});

describe('what unwrap knows about a response', () => {
  const echo = { code: 40001, msg: `rejected ${ACCESS_SECRET}`, requestId: 'r-1' };

  it('travels with the Response, so a copy of the result still unwraps fully', async () => {
    const { fetch } = recordingFetch(echo);
    const { client } = makeClient('http://127.0.0.1:1', { fetch });
    const result = await client.POST('/open/order', { body: { itemId: '1', quantity: 1 } });
    const { data, error, response } = result;
    for (const copy of [{ ...result }, { data, error, response }]) {
      const failure = await unwrap(copy).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PandaPonApiError);
      expect(failure).toMatchObject({
        method: 'POST',
        path: '/open/order',
        operationId: 'createOrder',
        msg: 'rejected [REDACTED]',
      });
    }
  });

  it('shows neither in util.inspect nor in JSON of the response, and holds no secret', async () => {
    const { calls, fetch } = recordingFetch();
    const { client } = makeClient('http://127.0.0.1:1', { fetch });
    const { response } = await client.POST('/open/order', { body: { itemId: '1', quantity: 1 } });
    const signature = String(calls[0]?.request.headers.get('signature'));
    expect(JSON.stringify(response)).toBe('{}');
    const shown = inspect(response, { showHidden: true, depth: Number.POSITIVE_INFINITY });
    expect(shown).not.toContain(ACCESS_SECRET);
    expect(shown).not.toContain('pandapon');
    const ours = Object.getOwnPropertySymbols(response).filter(
      (symbol) => symbol.description === 'pandapon.response',
    );
    expect(ours).toHaveLength(1);
    const info = Reflect.get(response, ours[0] as symbol);
    const everything = `${inspect(info, { showHidden: true, depth: 5 })} ${JSON.stringify(info)}`;
    expect(everything).not.toContain(ACCESS_SECRET);
    expect(everything).not.toContain(signature);
  });

  it('is kept aside for a frozen Response, so its errors are still scrubbed', async () => {
    const { client } = makeClient('http://127.0.0.1:1', {
      fetch: async () =>
        Object.freeze(
          new Response(JSON.stringify({ leaked: ACCESS_SECRET }), {
            status: 500,
            headers: { 'content-type': 'application/json' },
          }),
        ),
    });
    const result = await client.GET('/open/product/get', { ...getProduct, retry: false });
    const failure = await unwrap(result).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PandaPonHttpError);
    expect(failure).toMatchObject({
      operationId: 'getProduct',
      bodyExcerpt: '{"leaked":"[REDACTED]"}',
    });
  });
});
