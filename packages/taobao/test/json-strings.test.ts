import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTaobaoClient,
  PandaPonApiError,
  type PlatformClientOptions,
  type TaobaoClient,
} from '../src/index.js';

// Typed JSON-string fields end to end: the method encodes the structured value, the sandbox (in
// its default strict mode) decodes it and holds it to the embedded schema.
type Harness = SandboxHarness<TaobaoClient, PlatformClientOptions>;
let strict: Harness;
let lenient: Harness;
beforeAll(async () => {
  strict = await startSandboxHarness(createTaobaoClient, { userId: 'json-strings-user' });
  lenient = await startSandboxHarness(createTaobaoClient, {
    userId: 'json-strings-user',
    rejectUndocumentedFields: false,
  });
});
afterAll(async () => {
  await Promise.all([strict?.close(), lenient?.close()]);
});

const lines = [
  {
    itemId: '600126245031041190',
    skuId: '5016042822039',
    orderLineNo: '1',
    quantity: '2',
    price: '1',
    currency: 'CNY',
  },
];
const receiver = {
  name: 'Ann',
  mobile_phone: '15068763421',
  country: '中国',
  city: '杭州市',
  address: 'x',
  zip: '11111',
};

async function apiError(promise: Promise<unknown>): Promise<PandaPonApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PandaPonApiError);
  return error as PandaPonApiError;
}

describe('JSON-string fields against the sandbox', () => {
  it('createOrder from typed lines: sent as JSON text, accepted', async () => {
    const { client, sent } = strict.client();
    await client.createOrder({ orderLineList: lines, receiver, purchaseAmount: 400 });
    const body = JSON.parse(sent[0]?.body ?? '{}');
    expect(typeof body.orderLineList).toBe('string');
    expect(JSON.parse(body.orderLineList)).toEqual(lines);
    expect(JSON.parse(body.receiver)).toEqual(receiver);
  });

  it('the path client takes the structured value too, and sends the same JSON text', async () => {
    const { client, sent } = strict.client();
    await client.unwrap(
      client.POST('/open/order', { body: { orderLineList: lines, receiver, purchaseAmount: 400 } }),
    );
    const body = JSON.parse(sent[0]?.body ?? '{}');
    expect(typeof body.orderLineList).toBe('string');
    expect(JSON.parse(body.orderLineList)).toEqual(lines);
    expect(JSON.parse(body.receiver)).toEqual(receiver);
    // A ready string still goes as it is.
    const ready = JSON.stringify(lines);
    await client.unwrap(
      client.POST('/open/order', { body: { orderLineList: ready, receiver, purchaseAmount: 1 } }),
    );
    expect(JSON.parse(sent[1]?.body ?? '{}').orderLineList).toBe(ready);
  });

  it('strict sandbox: a misspelt key inside a ready string is refused, naming it', async () => {
    const { client } = strict.client();
    const error = await apiError(
      client.createOrder({ orderLineList: '[{"itemID":"1"}]', receiver, purchaseAmount: 400 }),
    );
    expect(error.code).toBe(40002);
    expect(error.message).toContain('body.orderLineList (decoded)[0].itemID');
  });

  it('strict sandbox: text that is not JSON, or of the wrong type, is refused', async () => {
    const { client } = strict.client();
    const notJson = await apiError(
      client.createOrder({ orderLineList: '[{', receiver, purchaseAmount: 1 }),
    );
    expect(notJson.code).toBe(40001);
    expect(notJson.message).toContain('body.orderLineList must hold a JSON document');
    const wrongType = await apiError(
      client.createOrder({ orderLineList: '{"itemId":"1"}', receiver, purchaseAmount: 1 }),
    );
    expect(wrongType.code).toBe(40001);
    expect(wrongType.message).toContain('body.orderLineList (decoded) must be array');
  });

  it('lenient sandbox (rejectUndocumentedFields: false) lets a hand-made string through', async () => {
    const { client } = lenient.client();
    await expect(
      client.createOrder({ orderLineList: '[{"itemID":"1"}]', receiver, purchaseAmount: 400 }),
    ).resolves.toBeDefined();
  });
});
