/**
 * Typed 1688 calls, end to end over real HTTP against the local sandbox: search, preview,
 * create, detail, pay URL, cancel (v1 and v2), envelope errors, pagination and the escape hatch.
 */
import { SANDBOX_CODES } from '@pandapon/sandbox';
import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlibabaClient,
  createAlibabaClient,
  operations,
  PandaPonApiError,
  PandaPonHttpError,
  type PlatformClientOptions,
} from '../src/index.js';
import { addressParam, cargoParamList } from './fixtures.js';

let harness: SandboxHarness<AlibabaClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createAlibabaClient, { userId: 'alibaba-test-user' });
});
afterAll(() => harness.close());

/**
 * The created order's id exactly as the response gave it: 19 digits, beyond 2^53, so a string
 * or a bigint, never a rounded number. The create response's `data` is an open object.
 */
function orderIdOf(created: { [key: string]: unknown }): string | bigint {
  const { orderId } = created;
  if (typeof orderId === 'string' || typeof orderId === 'bigint') return orderId;
  throw new TypeError(`unexpected orderId ${String(orderId)}`);
}

describe('typed calls', () => {
  it('v1 product details', async () => {
    const { client } = harness.client();
    const product = await client.unwrap(
      client.POST('/alibaba/product/detail/get', {
        body: { offerId: 706627393257, country: 'en' },
      }),
    );
    expect(product).toMatchObject({ offerId: 706627393257, subject: expect.any(String) });
  });

  it('v2 keyword search: a typed page', async () => {
    const { client, sent } = harness.client();
    const page = await client.unwrap(
      client.POST('/v2/alibaba/product/keywords/query', {
        body: { keyword: 'T恤', beginPage: 1, pageSize: 20, country: 'en' },
      }),
    );
    expect(page.totalRecords).toEqual(expect.any(Number));
    expect(page.data?.[0]).toMatchObject({ subject: expect.any(String) });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      keyword: 'T恤',
      beginPage: 1,
      pageSize: 20,
      country: 'en',
    });
  });

  it('v1 preview → create → detail → pay URL', async () => {
    const { client } = harness.client({ userId: 'alibaba-v1-buyer' });
    const preview = await client.unwrap(
      client.POST('/alibaba/order/create/preview', {
        body: { addressParam, cargoParamList },
      }),
    );
    expect(preview.success).toBe(true);
    expect(preview.orderPreviewResuslt[0]).toMatchObject({ sumPayment: expect.any(Number) });

    const created = await client.unwrap(
      client.POST('/alibaba/order/create', {
        body: { flow: 'general', addressParam, cargoParamList },
      }),
    );
    const orderId = orderIdOf(created);
    expect(String(orderId)).toMatch(/^\d{19}$/);

    const detail = await client.unwrap(
      client.POST('/alibaba/order/detail', { body: { webSite: '1688', orderId: String(orderId) } }),
    );
    expect(detail).toMatchObject({
      baseInfo: { idOfStr: String(orderId), status: 'waitbuyerpay' },
    });

    const pay = await client.unwrap(
      client.GET('/alibaba/order/pay/url', { params: { query: { orderId: String(orderId) } } }),
    );
    expect(pay.orderId).toBe(String(orderId));
    expect(pay.payUrl).toBe(`${harness.sandbox.url}/__sandbox/pay/${orderId}`);
  });

  // Depends on exact 64-bit ids: cancel takes `orderId` as a JSON integer, and a 19-digit id
  // only survives as a bigint (client-core writes it back as digits).
  it('v2 create → list → cancel, with the 19-digit id kept exact', async () => {
    const userId = 'alibaba-v2-buyer';
    const { client, sent } = harness.client({ userId });
    const created = await client.unwrap(
      client.POST('/v2/alibaba/order/create', {
        body: { flow: 'general', addressParam, cargoParamList },
      }),
    );
    const orderId = BigInt(orderIdOf(created));
    expect(Number.isSafeInteger(Number(orderId))).toBe(false);

    const page = await client.unwrap(
      client.POST('/v2/alibaba/order/page', { body: { pageNo: 1, pageSize: 10 } }),
    );
    expect(page).toMatchObject({ totalRecords: 1 });

    const cancelled = await client.unwrap(
      client.POST('/v2/alibaba/order/cancel', {
        body: { webSite: '1688', orderId, cancelReason: 'buyerCancel' },
      }),
    );
    expect(cancelled).toBe(true);
    // On the wire: the exact digits, unquoted.
    expect(sent.at(-1)?.body).toContain(`"orderId":${orderId}`);
    expect(harness.sandbox.state.orders.find((o) => o.userId === userId)?.status).toBe('cancel');
  });
});

describe('envelope errors', () => {
  it('a wrong secret: PandaPonApiError with the sandbox code, requestId and status', async () => {
    const { client } = harness.client({ accessSecret: 'not-the-sandbox-secret' });
    const error = await client
      .unwrap(client.POST('/alibaba/product/detail/get', { body: { offerId: 1 } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({
      code: SANDBOX_CODES.SIGNATURE_MISMATCH,
      status: 200,
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      operationId: 'alibabaGetProductDetail',
    });
  });

  it('an order of another user is not found (40402)', async () => {
    const { client: owner } = harness.client({ userId: 'alibaba-owner' });
    const created = await owner.unwrap(
      owner.POST('/alibaba/order/create', {
        body: { flow: 'general', addressParam, cargoParamList },
      }),
    );
    const { client: stranger } = harness.client({ userId: 'alibaba-stranger' });
    const error = await stranger
      .unwrap(
        stranger.GET('/v2/alibaba/order/pay/url', {
          params: { query: { orderId: String(orderIdOf(created)) } },
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect((error as PandaPonApiError).code).toBe(SANDBOX_CODES.NOT_FOUND);
  });

  it('paying a cancelled order is a state conflict (40901)', async () => {
    const { client } = harness.client({ userId: 'alibaba-conflict' });
    const created = await client.unwrap(
      client.POST('/alibaba/order/create', {
        body: { flow: 'general', addressParam, cargoParamList },
      }),
    );
    const orderId = orderIdOf(created);
    await client.unwrap(
      client.POST('/alibaba/order/cancel', {
        body: { webSite: '1688', orderId: BigInt(orderId), cancelReason: 'buyerCancel' },
      }),
    );
    const error = await client
      .unwrap(
        client.GET('/alibaba/order/pay/url', { params: { query: { orderId: String(orderId) } } }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: SANDBOX_CODES.STATE_CONFLICT });
  });
});

describe('pagination', () => {
  it('v2 keyword search pages through beginPage/pageSize in the body', async () => {
    expect(operations['POST /v2/alibaba/product/keywords/query'].pagination).toMatchObject({
      page: 'beginPage',
      size: 'pageSize',
      items: 'data',
      total: 'totalRecords',
    });
    const { client, sent } = harness.client();
    const subjects: string[] = [];
    for await (const product of client.paginate(
      'POST',
      '/v2/alibaba/product/keywords/query',
      { body: { keyword: 'T恤', country: 'en' } },
      { pageSize: 20 },
    )) {
      subjects.push(String(product.subject));
    }
    // The sandbox's paged searches hold 45 distinct results: three pages of 20.
    expect(new Set(subjects).size).toBe(45);
    expect(sent.map((r) => JSON.parse(r.body).beginPage)).toEqual([1, 2, 3]);
  });

  it('seller offers: startPage and maxPages', async () => {
    const { client, sent } = harness.client();
    const offers = [];
    for await (const offer of client.paginate(
      'POST',
      '/v2/alibaba/product/query/selleroffer',
      { body: { sellerOpenId: 'seller-1' } },
      { startPage: 3, pageSize: 5, maxPages: 1 },
    )) {
      offers.push(offer);
    }
    expect(offers).toHaveLength(5);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      sellerOpenId: 'seller-1',
      beginPage: 3,
      pageSize: 5,
    });
  });

  it('an operation without pagination metadata is refused before any request', async () => {
    const { client, sent } = harness.client();
    const firstPage = async () =>
      client.paginate('POST', '/alibaba/product/keywords/query', { body: {} }).next();
    await expect(firstPage()).rejects.toBeInstanceOf(TypeError);
    expect(sent).toHaveLength(0);
  });
});

describe('escape hatch: request()', () => {
  it('a known path: the raw envelope, typed data left to the caller', async () => {
    const { client } = harness.client();
    const envelope = await client.request('POST', '/alibaba/order/create/preview', {
      body: { addressParam, cargoParamList },
    });
    expect(envelope.code).toBe(200);
    expect(envelope.data).toMatchObject({ success: true });
  });

  it('a path not in the specs: HTTP 404 carrying the 40401 envelope', async () => {
    const { client } = harness.client();
    const error = await client
      .request('GET', '/alibaba/order/somethingNew', { query: { orderId: '1' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect((error as PandaPonHttpError).status).toBe(404);
    expect(JSON.parse((error as PandaPonHttpError).bodyExcerpt)).toMatchObject({
      code: SANDBOX_CODES.UNKNOWN_OPERATION,
    });
  });
});
