/**
 * Typed Taobao calls, end to end over real HTTP against the local sandbox: v1 and v2
 * operations, `unwrap`, envelope errors, pagination and the escape hatch.
 */
import { SANDBOX_CODES } from '@pandapon/sandbox';
import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTaobaoClient,
  operations,
  PandaPonApiError,
  PandaPonHttpError,
  type PlatformClientOptions,
  type TaobaoClient,
} from '../src/index.js';

let harness: SandboxHarness<TaobaoClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createTaobaoClient, { userId: 'taobao-test-user' });
});
afterAll(() => harness.close());

describe('typed calls', () => {
  it('v1 product details: GET with a query, unwrapped to the data', async () => {
    const { client, sent } = harness.client();
    const product = await client.unwrap(
      client.GET('/open/product/get', { params: { query: { itemId: '672991141190' } } }),
    );
    expect(product).toMatchObject({ itemId: expect.any(Number), price: expect.any(Number) });
    expect(Array.isArray(product.picUrls)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url.searchParams.get('itemId')).toBe('672991141190');
  });

  it('v2 product details', async () => {
    const { client } = harness.client();
    const product = await client.unwrap(
      client.GET('/v2/taobao/product/get', {
        params: { query: { itemId: 'WUnUC1cILiBjt-Jv3lDdlQ' } },
      }),
    );
    expect(product.quantity).toEqual(expect.any(Number));
  });

  it('v1 and v2 logistics lookups', async () => {
    const { client } = harness.client();
    const query = { subPurchaseOrderId: '200033789041' };
    const v1 = await client.unwrap(
      client.GET('/open/order/logistics/detail/get', { params: { query } }),
    );
    const v2 = await client.unwrap(
      client.GET('/v2/taobao/order/logistics/detail/get', { params: { query } }),
    );
    expect(Array.isArray(v1.pnmLogisticsDetails)).toBe(true);
    expect(v2.pnmLogisticsDetails?.[0]?.logisticsTraces).toEqual(expect.any(Array));
  });

  it('a POST with a JSON body: v2 refund template', async () => {
    const { client, sent } = harness.client();
    const template = await client.unwrap(
      client.POST('/v2/taobao/order/refund/render', {
        body: { subOrderId: '1', refundType: 1, goodsStatus: 2 },
      }),
    );
    expect(template.refundOrderTemplate?.refundReasons).toEqual(expect.any(Array));
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      subOrderId: '1',
      refundType: 1,
      goodsStatus: 2,
    });
  });

  it('v1 and v2 cart adds land in the same sandbox cart', async () => {
    const { client } = harness.client({ userId: 'taobao-cart-user' });
    const line = { mpId: 'mp-1', mpSkuId: 'sku-1', quantity: 2 };
    const first = await client.unwrap(client.POST('/open/cart/add', { body: line }));
    const second = await client.unwrap(client.POST('/v2/taobao/cart/add', { body: line }));
    // The sandbox documents `{ cartId, quantity }`; the spec leaves `data` open.
    expect(first).toEqual({ cartId: expect.any(Number), quantity: 2 });
    expect(second).toEqual({ cartId: (first as { cartId: number }).cartId, quantity: 4 });
  });

  it('every request carries the signing headers', async () => {
    const { client, sent } = harness.client();
    await client.unwrap(
      client.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }),
    );
    const headers = sent[0]?.headers;
    expect(headers?.get('access-key')).toBe('sandbox-access-key');
    expect(headers?.get('user-id')).toBe('taobao-test-user');
    expect(headers?.get('timestamp')).toMatch(/^\d{13}$/);
    expect(headers?.get('nonce-str')).toMatch(/^\S{8,}$/);
    expect(headers?.get('signature')).toMatch(/^[0-9A-F]{32}$/);
  });
});

describe('envelope errors', () => {
  it('a wrong secret: PandaPonApiError with the sandbox code, requestId and status', async () => {
    const { client } = harness.client({ accessSecret: 'not-the-sandbox-secret' });
    const error = await client
      .unwrap(client.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    const apiError = error as PandaPonApiError;
    expect(apiError.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
    expect(apiError.status).toBe(200);
    expect(apiError.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(apiError.operationId).toBe('taobaoGetProductV2');
    expect(apiError.path).toBe('/v2/taobao/product/get');
    expect(apiError.message).not.toContain('not-the-sandbox-secret');
  });

  it('a request the spec rejects: the sandbox message names the field', async () => {
    const { client } = harness.client();
    // The types require itemId; a caller that gets around them meets the server's check.
    const query = {} as { itemId: string };
    const error = await client
      .unwrap(client.GET('/v2/taobao/product/get', { params: { query } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({
      code: SANDBOX_CODES.VALIDATION_FAILED,
      msg: expect.stringContaining('query.itemId is required'),
    });
  });

  it('without unwrap the failure is data, as openapi-fetch returns it', async () => {
    const { client } = harness.client({ accessSecret: 'not-the-sandbox-secret' });
    const { data, error, response } = await client.GET('/v2/taobao/product/get', {
      params: { query: { itemId: 'x' } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
  });
});

describe('pagination', () => {
  it('the refund message list has pagination metadata', () => {
    expect(operations['POST /open/order/refund/query/message'].pagination).toEqual({
      in: 'body',
      page: 'pageNo',
      size: 'pageSize',
      items: 'refundMessages',
      total: 'total',
      numbersAs: 'string',
    });
  });

  // This operation declares pageNo/pageSize as strings: the generated metadata says so
  // (numbersAs: 'string') and paginate sends "1", "10" — the sandbox validates the type.
  it('paginate walks the refund messages until the reported total', async () => {
    const { client, sent } = harness.client();
    const messages = [];
    for await (const message of client.paginate(
      'POST',
      '/open/order/refund/query/message',
      { body: { refundId: '110002685755' } },
      { pageSize: 10 },
    )) {
      messages.push(message);
    }
    // The sandbox's paged answers hold 45 results: five pages of 10.
    expect(messages).toHaveLength(45);
    expect(sent).toHaveLength(5);
    expect(messages[0]).toMatchObject({ messageId: expect.any(String) });
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({
      refundId: '110002685755',
      pageNo: '1',
      pageSize: '10',
    });
  });
});

describe('escape hatch: request()', () => {
  it('a known path: signed, resolves to the raw envelope', async () => {
    const { client, sent } = harness.client();
    const envelope = await client.request('GET', '/v2/taobao/product/get', {
      query: { itemId: 'x' },
    });
    expect(envelope).toMatchObject({ code: 200, requestId: expect.any(String) });
    expect(envelope.data).toEqual({ quantity: 1 });
    expect(sent[0]?.headers.get('signature')).toMatch(/^[0-9A-F]{32}$/);
  });

  it('a path not in the specs: HTTP 404 carrying the 40401 envelope', async () => {
    const { client, sent } = harness.client();
    const error = await client
      .request('POST', '/open/order/somethingNew', { body: { orderId: '1' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    const httpError = error as PandaPonHttpError;
    expect(httpError.status).toBe(404);
    expect(JSON.parse(httpError.bodyExcerpt)).toMatchObject({
      code: SANDBOX_CODES.UNKNOWN_OPERATION,
      msg: 'no operation POST /open/order/somethingNew in the specs',
    });
    // Signed like any call: the sandbox got past its header checks to the routing.
    expect(sent[0]?.headers.get('nonce-str')).toBeTruthy();
    expect(sent).toHaveLength(1);
  });

  it('a failure code is returned, not thrown', async () => {
    const { client } = harness.client({ accessSecret: 'not-the-sandbox-secret' });
    const envelope = await client.request('GET', '/open/product/get', { query: { itemId: '1' } });
    expect(envelope.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
    expect(envelope.data).toBeNull();
  });
});
