import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CODES, type Sandbox, type SandboxOptions } from '../src/index.js';
import { admin, call, expectEnvelopeShape, startTestSandbox } from './helpers.js';

const PRODUCT = '/v2/taobao/product/get';
const QUERY = { itemId: '1' };
const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);

const started: Sandbox[] = [];
afterEach(async () => {
  for (const sandbox of started.splice(0)) await sandbox.close();
});

async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startTestSandbox(options);
  started.push(sandbox);
  return sandbox;
}

const product = (sandbox: Sandbox, timestamp?: string) =>
  call(sandbox, 'GET', PRODUCT, { query: QUERY, ...(timestamp ? { timestamp } : {}) });

describe('HTTP 5xx faults', () => {
  it('fails the next N matching requests with the status and code 50001, then recovers', async () => {
    const sandbox = await sandboxWith();
    const rule = sandbox.faults.add({ kind: 'status', status: 503, path: PRODUCT, count: 2 });
    expect(rule).toMatchObject({ id: expect.any(Number), fired: 0 });
    for (let i = 0; i < 2; i++) {
      const { status, json, headers } = await product(sandbox);
      expect(status).toBe(503);
      expectEnvelopeShape(json);
      expect(json.code).toBe(SANDBOX_CODES.INJECTED_FAULT);
      expect(headers.get('date')).not.toBeNull();
    }
    expect((await product(sandbox)).status).toBe(200);
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('only touches requests on its exact path, prefix or method', async () => {
    const sandbox = await sandboxWith({
      faults: [
        { kind: 'status', status: 500, path: '/open/product/get' },
        { kind: 'status', status: 502, pathPrefix: '/alibaba/', method: 'get' },
      ],
    });
    expect((await product(sandbox)).status).toBe(200);
    expect((await call(sandbox, 'GET', '/open/product/get', { query: QUERY })).status).toBe(500);
    expect(
      (await call(sandbox, 'GET', '/alibaba/order/pay/url', { query: { orderId: '1' } })).status,
    ).toBe(502);
    const post = await call(sandbox, 'POST', '/alibaba/order/detail', {
      body: { webSite: '1688', orderId: '1' },
    });
    expect(post.status).toBe(200);
  });

  it('fires on a percentage of requests, deterministically with an injected random source', async () => {
    const draws = [0.2, 0.7, 0.49, 0.5];
    const sandbox = await sandboxWith({
      random: () => draws.shift() ?? 0.99,
      faults: [{ kind: 'status', status: 500, percentage: 50 }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await product(sandbox)).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
  });

  it('leaves the sandbox admin endpoints alone', async () => {
    const sandbox = await sandboxWith({
      faults: [{ kind: 'status', status: 500 }, { kind: 'drop' }],
    });
    expect((await admin(sandbox, 'GET', '/__sandbox/faults')).status).toBe(200);
  });
});

describe('dropped connections', () => {
  it('destroys the connection without an answer', async () => {
    const sandbox = await sandboxWith({ faults: [{ kind: 'drop', path: PRODUCT, count: 1 }] });
    await expect(product(sandbox)).rejects.toThrow();
    expect((await product(sandbox)).status).toBe(200);
  });
});

describe('a faulted request reaches no handler', () => {
  // Clients re-send a write only when the server provably did not act on it; for the sandbox's
  // own faults that proof is this: a request failed with a status or dropped changes nothing.
  const ADDRESS_ADD = '/open/address/addOrUpdate';
  const address = {
    body: {
      name: 'Li Lei',
      province: 'Zhejiang',
      city: 'Hangzhou',
      district: 'Yuhang',
      address: '1 Road',
      phone: '138',
    },
  };

  it('a write failed with HTTP 503 or dropped stores nothing; the next one stores one', async () => {
    const sandbox = await sandboxWith({
      faults: [{ kind: 'status', status: 503, path: ADDRESS_ADD, count: 1 }],
    });
    expect((await call(sandbox, 'POST', ADDRESS_ADD, address)).status).toBe(503);
    expect(sandbox.state.addresses).toHaveLength(0);
    sandbox.faults.add({ kind: 'drop', path: ADDRESS_ADD, count: 1 });
    await expect(call(sandbox, 'POST', ADDRESS_ADD, address)).rejects.toThrow();
    expect(sandbox.state.addresses).toHaveLength(0);
    const stored = await call(sandbox, 'POST', ADDRESS_ADD, address);
    expect(stored.status).toBe(200);
    expect(stored.json.code).toBe(200);
    expect(sandbox.state.addresses).toHaveLength(1);
  });
});

describe('latency', () => {
  it('delays the answer by at least the configured time', async () => {
    const sandbox = await sandboxWith({
      faults: [{ kind: 'latency', ms: 300, path: PRODUCT, count: 1 }],
    });
    const started = performance.now();
    const { json } = await product(sandbox);
    // A lower bound only: a slow machine can make it later, never earlier.
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(json.code).toBe(200);
    expect(sandbox.faults.list()).toEqual([]);
  });
});

describe('clock skew', () => {
  it('shifts the clock the timestamp is checked against, and the Date header with it', async () => {
    const skew = 20 * 60 * 1000;
    const sandbox = await sandboxWith({
      now: () => NOW,
      faults: [{ kind: 'clockSkew', ms: skew }],
    });
    const refused = await product(sandbox, String(NOW));
    expect(refused.json.code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
    expect(refused.json.msg).toContain('timestamp');
    const serverDate = refused.headers.get('date') as string;
    expect(serverDate).toBe(new Date(NOW + skew).toUTCString());
    // What a client does: correct its clock from the Date header and sign again.
    const corrected = await product(sandbox, String(Date.parse(serverDate)));
    expect(corrected.json.code).toBe(200);
  });
});

describe('the /__sandbox/faults endpoint', () => {
  it('adds, lists and removes rules', async () => {
    const sandbox = await sandboxWith();
    const added = await admin(sandbox, 'POST', '/__sandbox/faults', [
      { kind: 'status', status: 504, path: PRODUCT },
      { kind: 'latency', ms: 10, pathPrefix: '/open/' },
    ]);
    expect(added.status).toBe(200);
    const rules = added.json.data as Array<{ id: number }>;
    expect(rules).toHaveLength(2);
    expect((await product(sandbox)).status).toBe(504);
    expect((await admin(sandbox, 'GET', '/__sandbox/faults')).json.data).toHaveLength(2);
    expect((await admin(sandbox, 'DELETE', `/__sandbox/faults/${rules[0]?.id}`)).status).toBe(200);
    expect((await product(sandbox)).status).toBe(200);
    expect((await admin(sandbox, 'DELETE', '/__sandbox/faults/9999')).status).toBe(404);
    await admin(sandbox, 'DELETE', '/__sandbox/faults');
    expect(sandbox.faults.list()).toEqual([]);
  });

  it.each([
    [{ kind: 'status', status: 404 }, 'status'],
    [{ kind: 'latency' }, 'ms'],
    [{ kind: 'explode' }, 'kind'],
    [{ kind: 'drop', percentage: 150 }, 'percentage'],
    [{ kind: 'drop', count: 0 }, 'count'],
  ])('refuses an invalid rule %j, naming %s', async (rule, field) => {
    const sandbox = await sandboxWith();
    const answer = await admin(sandbox, 'POST', '/__sandbox/faults', [{ kind: 'drop' }, rule]);
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
    expect(answer.json.msg).toContain(field);
    // Nothing from a rejected batch is added.
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('throws a TypeError for an invalid rule given as an option', async () => {
    await expect(sandboxWith({ faults: [{ kind: 'status', status: 200 }] })).rejects.toThrow(
      TypeError,
    );
  });
});
