/**
 * Retries, re-signing, timeouts, dropped connections and clock-skew correction, each provoked
 * by the sandbox's fault injection over real HTTP.
 */
import { SANDBOX_CODES } from '@pandapon/sandbox';
import {
  type SandboxHarness,
  type SentRequest,
  startSandboxHarness,
} from '@pandapon/sandbox/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTaobaoClient,
  PandaPonApiError,
  PandaPonConnectionError,
  PandaPonHttpError,
  PandaPonTimeoutError,
  type PlatformClientOptions,
  type TaobaoClient,
} from '../src/index.js';

let harness: SandboxHarness<TaobaoClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createTaobaoClient, { userId: 'taobao-test-user' });
});
afterAll(() => harness.close());
afterEach(() => harness.sandbox.faults.clear());

const PRODUCT = '/v2/taobao/product/get';
const CART_ADD = '/open/cart/add';
const cartLine = { mpId: 'mp-retry', mpSkuId: 'sku-retry', quantity: 1 };

const nonces = (sent: readonly SentRequest[]) => sent.map((r) => r.headers.get('nonce-str'));

/** Total quantity in the sandbox cart of `userId`: how many cart adds really happened. */
function cartQuantity(userId: string): number {
  return harness.sandbox.state.cartLines
    .filter((line) => line.userId === userId)
    .reduce((sum, line) => sum + line.quantity, 0);
}

describe('retries', () => {
  it('a 503 on a read is retried, each attempt signed afresh, and succeeds', async () => {
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: PRODUCT, count: 2 });
    const { client, sent } = harness.client();
    const product = await client.unwrap(
      client.GET(PRODUCT, { params: { query: { itemId: 'x' } } }),
    );
    expect(product).toEqual({ quantity: 1 });
    expect(sent).toHaveLength(3);
    expect(new Set(nonces(sent)).size).toBe(3);
    expect(new Set(sent.map((r) => r.headers.get('signature'))).size).toBe(3);
  });

  it('a read that keeps failing: PandaPonHttpError after maxRetries', async () => {
    harness.sandbox.faults.add({ kind: 'status', status: 502, path: PRODUCT });
    const { client, sent } = harness.client({ maxRetries: 1 });
    const error = await client
      .unwrap(client.GET(PRODUCT, { params: { query: { itemId: 'x' } } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect(error).toMatchObject({ status: 502, operationId: 'taobaoGetProductV2' });
    expect(sent).toHaveLength(2);
  });

  it('a write (cart add) is not retried: one attempt, nothing added', async () => {
    const userId = 'taobao-write-no-retry';
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CART_ADD, count: 1 });
    const { client, sent } = harness.client({ userId });
    const error = await client
      .unwrap(client.POST(CART_ADD, { body: cartLine }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect((error as PandaPonHttpError).status).toBe(503);
    expect(sent).toHaveLength(1);
    expect(cartQuantity(userId)).toBe(0);
  });

  it('a write opted in per call is retried, and lands once', async () => {
    const userId = 'taobao-write-opt-in';
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: CART_ADD, count: 1 });
    const { client, sent } = harness.client({ userId });
    const added = await client.unwrap(client.POST(CART_ADD, { body: cartLine, retry: true }));
    expect(added).toMatchObject({ quantity: 1 });
    expect(sent).toHaveLength(2);
    expect(new Set(nonces(sent)).size).toBe(2);
    expect(cartQuantity(userId)).toBe(1);
  });

  it('a read opted out per call is not retried', async () => {
    harness.sandbox.faults.add({ kind: 'status', status: 503, path: PRODUCT, count: 1 });
    const { client, sent } = harness.client();
    const { error, response } = await client.GET(PRODUCT, {
      params: { query: { itemId: 'x' } },
      retry: false,
    });
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ code: SANDBOX_CODES.INJECTED_FAULT });
    expect(sent).toHaveLength(1);
  });
});

describe('timeouts and dropped connections', () => {
  it('latency beyond timeoutMs: PandaPonTimeoutError', async () => {
    harness.sandbox.faults.add({ kind: 'latency', ms: 3_000, path: PRODUCT });
    const { client } = harness.client({ timeoutMs: 100, maxRetries: 0 });
    const error = await client
      .GET(PRODUCT, { params: { query: { itemId: 'x' } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, path: PRODUCT });
  });

  it('a timed-out read is retried, and the next attempt succeeds', async () => {
    harness.sandbox.faults.add({ kind: 'latency', ms: 10_000, path: PRODUCT, count: 1 });
    const { client, sent } = harness.client({ timeoutMs: 100 });
    // The per-call limit wins over the client's; generous, so a busy machine still answers
    // the second attempt in time.
    const product = await client.unwrap(
      client.GET(PRODUCT, { params: { query: { itemId: 'x' } }, timeoutMs: 1_500 }),
    );
    expect(product).toEqual({ quantity: 1 });
    expect(sent).toHaveLength(2);
  });

  it('a dropped connection: PandaPonConnectionError once retries are spent', async () => {
    harness.sandbox.faults.add({ kind: 'drop', path: PRODUCT });
    const { client, sent } = harness.client({ maxRetries: 1 });
    const error = await client
      .GET(PRODUCT, { params: { query: { itemId: 'x' } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonConnectionError);
    expect((error as PandaPonConnectionError).cause).toBeDefined();
    expect(sent).toHaveLength(2);
  });

  it('a dropped connection on a write is not retried', async () => {
    const userId = 'taobao-write-drop';
    harness.sandbox.faults.add({ kind: 'drop', path: CART_ADD, count: 1 });
    const { client, sent } = harness.client({ userId });
    await expect(client.POST(CART_ADD, { body: cartLine })).rejects.toBeInstanceOf(
      PandaPonConnectionError,
    );
    expect(sent).toHaveLength(1);
  });
});

describe('clock skew', () => {
  const SKEW_MS = 15 * 60_000;

  it('a 40102 rejection corrects the clock from Date and the call succeeds', async () => {
    harness.sandbox.faults.add({ kind: 'clockSkew', ms: SKEW_MS });
    const before = harness.sandboxLog.length;
    const { client, sent } = harness.client();
    const product = await client.unwrap(
      client.GET(PRODUCT, { params: { query: { itemId: 'x' } } }),
    );
    expect(product).toEqual({ quantity: 1 });
    expect(
      harness.sandboxLog.slice(before).map((line) => line.split(' -> ')[1]?.split(' ')[0]),
    ).toEqual([String(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW), '200']);
    expect(sent).toHaveLength(2);
    // Date has a 1 s resolution and the two clocks are read at different moments.
    expect(Math.abs(client.clockOffsetMs - SKEW_MS)).toBeLessThan(5_000);
    const [first, second] = sent.map((r) => Number(r.headers.get('timestamp')));
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThan(SKEW_MS - 5_000);

    // The corrected offset stays: the next call is accepted at once.
    await client.unwrap(client.GET(PRODUCT, { params: { query: { itemId: 'y' } } }));
    expect(sent).toHaveLength(3);
  });

  it('also for a write: the timestamp is checked before the server acts', async () => {
    const userId = 'taobao-skew-write';
    harness.sandbox.faults.add({ kind: 'clockSkew', ms: -SKEW_MS });
    const { client, sent } = harness.client({ userId });
    await client.unwrap(client.POST(CART_ADD, { body: cartLine }));
    expect(sent).toHaveLength(2);
    expect(cartQuantity(userId)).toBe(1);
  });

  it('with autoClockSkew: false the rejection is the error', async () => {
    harness.sandbox.faults.add({ kind: 'clockSkew', ms: SKEW_MS });
    const { client, sent } = harness.client({ autoClockSkew: false });
    const error = await client
      .unwrap(client.GET(PRODUCT, { params: { query: { itemId: 'x' } } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect((error as PandaPonApiError).code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
    expect(sent).toHaveLength(1);
    expect(client.clockOffsetMs).toBe(0);
  });
});
