/**
 * The sandbox's 1688 order flow under faults: an attempt the sandbox fails (HTTP 503) or refuses
 * for its timestamp creates no order; the attempt that gets through creates exactly one. Which
 * operations the client retries is each operation's row in the method table test, and how it
 * retries and corrects its clock is client-core's; this file only proves that the order counts
 * behind those rules are right.
 */
import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlibabaClient,
  createAlibabaClient,
  PandaPonHttpError,
  type PlatformClientOptions,
} from '../src/index.js';

let harness: SandboxHarness<AlibabaClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createAlibabaClient, { userId: 'alibaba-test-user' });
});
afterAll(() => harness.close());
afterEach(() => harness.sandbox.faults.clear());

const CREATE = '/alibaba/order/create';
const order = {
  flow: 'general',
  addressParam: {
    fullName: 'Li Si',
    mobile: '13900000000',
    phone: '010-66666666',
    provinceText: '北京',
    cityText: '北京市',
    townText: '朝阳区',
    address: '建国路 1 号',
  },
  cargoParamList: [{ offerId: 624985472342, specId: 'spec-1', quantity: 1 }],
};

/** Orders the sandbox really created for `userId`. */
const ordersOf = (userId: string) =>
  harness.sandbox.state.orders.filter((o) => o.userId === userId).length;

describe('order create under faults', () => {
  it('a 503 creates no order; the retry a call opts into creates exactly one', async () => {
    const userId = 'alibaba-create-503';
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CREATE, count: 1 });
    const { client, sent } = harness.client({ userId });
    const error = await client
      .unwrap(client.POST(CREATE, { body: order }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect(ordersOf(userId)).toBe(0);

    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CREATE, count: 1 });
    const created = await client.unwrap(client.POST(CREATE, { body: order, retry: true }));
    expect(created).toMatchObject({ orderId: expect.stringMatching(/^\d{19}$/) });
    expect(sent).toHaveLength(3);
    expect(ordersOf(userId)).toBe(1);
  });

  it('a create refused for its timestamp creates nothing; the corrected one, one order', async () => {
    const userId = 'alibaba-create-skew';
    harness.sandbox.faults.add({ kind: 'clockSkew', ms: 20 * 60_000 });
    const { client, sent } = harness.client({ userId });
    await client.unwrap(client.POST(CREATE, { body: order }));
    expect(sent).toHaveLength(2);
    expect(ordersOf(userId)).toBe(1);
  });
});
