/**
 * What is retried and what is not, on 1688's order calls, with faults injected by the sandbox:
 * previews and searches are retried, order creation and the pay URL are not unless the call opts
 * in; timeouts, dropped connections and clock skew over real HTTP.
 */
import { SANDBOX_CODES } from '@pandapon/sandbox';
import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlibabaClient,
  createAlibabaClient,
  PandaPonConnectionError,
  PandaPonHttpError,
  PandaPonTimeoutError,
  type PlatformClientOptions,
} from '../src/index.js';

let harness: SandboxHarness<AlibabaClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createAlibabaClient, { userId: 'alibaba-test-user' });
});
afterAll(() => harness.close());
afterEach(() => harness.sandbox.faults.clear());

const CREATE = '/alibaba/order/create';
const PREVIEW = '/v2/alibaba/order/create/preview';
const SEARCH = '/v2/alibaba/product/keywords/query';
const addressParam = {
  fullName: 'Li Si',
  mobile: '13900000000',
  phone: '010-66666666',
  provinceText: '北京',
  cityText: '北京市',
  townText: '朝阳区',
  address: '建国路 1 号',
};
const order = {
  flow: 'general',
  addressParam,
  cargoParamList: [{ offerId: 624985472342, specId: 'spec-1', quantity: 1 }],
};

/** Orders the sandbox really created for `userId`. */
const ordersOf = (userId: string) =>
  harness.sandbox.state.orders.filter((o) => o.userId === userId).length;

describe('retries', () => {
  it('a 503 on a preview (safe) is retried with fresh signatures and succeeds', async () => {
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: PREVIEW, count: 2 });
    const { client, sent } = harness.client();
    const preview = await client.unwrap(
      client.POST(PREVIEW, {
        body: { addressParam, cargoParamList: [{ offerMapId: '1', quantity: 1 }] },
      }),
    );
    expect(preview).toMatchObject({ success: true });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers.get('nonce-str'))).size).toBe(3);
    expect(new Set(sent.map((r) => r.headers.get('signature'))).size).toBe(3);
  });

  it('a 503 on order create is NOT retried: one attempt, no order', async () => {
    const userId = 'alibaba-create-503';
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CREATE, count: 1 });
    const { client, sent } = harness.client({ userId });
    const error = await client
      .unwrap(client.POST(CREATE, { body: order }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect(error).toMatchObject({ status: 503, operationId: 'alibabaCreateOrder' });
    expect(JSON.parse((error as PandaPonHttpError).bodyExcerpt)).toMatchObject({
      code: SANDBOX_CODES.INJECTED_FAULT,
    });
    expect(sent).toHaveLength(1);
    expect(ordersOf(userId)).toBe(0);
  });

  it('order create opted in per call is retried and creates exactly one order', async () => {
    const userId = 'alibaba-create-opt-in';
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CREATE, count: 1 });
    const { client, sent } = harness.client({ userId });
    const created = await client.unwrap(client.POST(CREATE, { body: order, retry: true }));
    expect(created).toMatchObject({ orderId: expect.stringMatching(/^\d{19}$/) });
    expect(sent).toHaveLength(2);
    expect(ordersOf(userId)).toBe(1);
  });

  it('retry: { maxRetries: 1 } caps the opt-in', async () => {
    const userId = 'alibaba-create-capped';
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CREATE, count: 2 });
    const { client, sent } = harness.client({ userId });
    const { response } = await client.POST(CREATE, { body: order, retry: { maxRetries: 1 } });
    expect(response.status).toBe(503);
    expect(sent).toHaveLength(2);
    expect(ordersOf(userId)).toBe(0);
  });

  it('the pay URL is a GET but not safe to repeat: not retried', async () => {
    harness.sandbox.faults.add({ kind: 'status', status: 502, path: '/v2/alibaba/order/pay/url' });
    const { client, sent } = harness.client();
    const { response } = await client.GET('/v2/alibaba/order/pay/url', {
      params: { query: { orderId: '2500000000000000001' } },
    });
    expect(response.status).toBe(502);
    expect(sent).toHaveLength(1);
  });
});

describe('timeouts and dropped connections', () => {
  it('a search slower than timeoutMs: PandaPonTimeoutError', async () => {
    harness.sandbox.faults.add({ kind: 'latency', ms: 3_000, path: SEARCH });
    const { client, sent } = harness.client({ timeoutMs: 100, maxRetries: 1 });
    const error = await client
      .POST(SEARCH, { body: { keyword: 'x' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonTimeoutError);
    expect(error).toMatchObject({
      timeoutMs: 100,
      operationId: 'alibabaSearchProductsByKeywordV2',
    });
    expect(sent).toHaveLength(2);
  });

  it('a dropped connection on order create: PandaPonConnectionError, not retried', async () => {
    const userId = 'alibaba-create-drop';
    harness.sandbox.faults.add({ kind: 'drop', path: CREATE, count: 1 });
    const { client, sent } = harness.client({ userId });
    await expect(client.POST(CREATE, { body: order })).rejects.toBeInstanceOf(
      PandaPonConnectionError,
    );
    expect(sent).toHaveLength(1);
    expect(ordersOf(userId)).toBe(0);
  });
});

describe('clock skew', () => {
  it('order create rejected for its timestamp is corrected and sent again, once', async () => {
    const userId = 'alibaba-create-skew';
    harness.sandbox.faults.add({ kind: 'clockSkew', ms: 20 * 60_000 });
    const { client, sent } = harness.client({ userId });
    await client.unwrap(client.POST(CREATE, { body: order }));
    expect(sent).toHaveLength(2);
    expect(ordersOf(userId)).toBe(1);
    expect(Math.abs(client.clockOffsetMs - 20 * 60_000)).toBeLessThan(5_000);
  });
});
