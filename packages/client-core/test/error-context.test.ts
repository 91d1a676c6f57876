// Issue 9 item 6 support: errors name the operation (from the call's init when given), method,
// path template (never the query), server code and msg, requestId, and the attempts made.
import { describe, expect, it } from 'vitest';
import { type PandaPonApiError, PandaPonHttpError, PandaPonTimeoutError } from '../src/index.js';
import { makeClient } from './helpers/client.js';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('error context', () => {
  it('takes the operation id from init and counts attempts', async () => {
    const { client } = makeClient('http://127.0.0.1:1', {
      fetch: async () => json({ code: 503, msg: 'busy' }, 503),
    });
    const error = (await client
      .unwrap(
        client.GET('/open/product/get', {
          params: { query: { itemId: 'secret-query-value' } },
          operationId: 'taobaoGetProductV2',
        }),
      )
      .catch((e: unknown) => e)) as PandaPonHttpError;
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect(error).toMatchObject({
      operationId: 'taobaoGetProductV2',
      method: 'GET',
      path: '/open/product/get',
      attempts: 3,
      status: 503,
    });
    expect(error.message).toContain('(taobaoGetProductV2, 3 attempts)');
    expect(error.message).not.toContain('secret-query-value');
  });

  it('API errors carry code, msg, requestId and attempts; transport errors attempts too', async () => {
    const { client } = makeClient('http://127.0.0.1:1', {
      fetch: async () => json({ code: 4001, msg: 'no stock', requestId: 'rid-7' }),
    });
    const error = (await client
      .unwrap(client.POST('/open/order', { body: { itemId: '1', quantity: 1 } }))
      .catch((e: unknown) => e)) as PandaPonApiError;
    expect(error).toMatchObject({
      code: 4001,
      msg: 'no stock',
      requestId: 'rid-7',
      operationId: 'createOrder',
      attempts: 1,
    });

    const slow = makeClient('http://127.0.0.1:1', {
      timeoutMs: 20,
      maxRetries: 1,
      fetch: (_request, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    }).client;
    const timeout = await slow
      .GET('/open/product/get', { params: { query: { itemId: '1' } } })
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(PandaPonTimeoutError);
    expect(timeout).toMatchObject({ attempts: 2, operationId: 'getProduct' });
  });
});
