/**
 * createPandaPon: one configuration for the four platform clients, built lazily, with one clock
 * offset. Exercised over real HTTP against the local sandbox.
 */
import * as alibabaPackage from '@pandapon/alibaba';
import * as logisticsPackage from '@pandapon/logistics';
import { SANDBOX_DEFAULT_CREDENTIALS, type Sandbox, startSandbox } from '@pandapon/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPandaPon, PandaPonApiError, type PlatformClientOptions } from '../src/index.js';

// Spy on two of the factories to see when the umbrella builds each client.
vi.mock('@pandapon/alibaba', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@pandapon/alibaba')>();
  return { ...actual, createAlibabaClient: vi.fn(actual.createAlibabaClient) };
});
vi.mock('@pandapon/logistics', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@pandapon/logistics')>();
  return { ...actual, createLogisticsClient: vi.fn(actual.createLogisticsClient) };
});

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.faults.clear();
  vi.mocked(alibabaPackage.createAlibabaClient).mockClear();
  vi.mocked(logisticsPackage.createLogisticsClient).mockClear();
});

interface Sent {
  url: URL;
  headers: Headers;
}

/** Options for the sandbox, recording every request that leaves any of the four clients. */
function sandboxOptions(sent: Sent[], extra: Partial<PlatformClientOptions> = {}) {
  return {
    ...SANDBOX_DEFAULT_CREDENTIALS,
    userId: 'sdk-user',
    baseUrl: sandbox.url,
    fetch: (request: Request, init?: RequestInit) => {
      sent.push({ url: new URL(request.url), headers: new Headers(request.headers) });
      return fetch(request, init);
    },
    ...extra,
  } satisfies PlatformClientOptions;
}

/** One successful call on each platform. */
async function callEveryPlatform(pandapon: ReturnType<typeof createPandaPon>): Promise<void> {
  const { taobao, alibaba, foundations, logistics } = pandapon;
  await taobao.unwrap(taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }));
  await alibaba.unwrap(alibaba.POST('/alibaba/product/detail/get', { body: { offerId: 1 } }));
  await foundations.unwrap(
    foundations.POST('/v2/open/address/addOrUpdate', { body: { name: 'A' } }),
  );
  await logistics.unwrap(logistics.POST('/v2/open/pp/logistics/orderRenderFreight', { body: {} }));
}

describe('createPandaPon', () => {
  it('the four clients share credentials, user-id, base URL and headers', async () => {
    const sent: Sent[] = [];
    const pandapon = createPandaPon(sandboxOptions(sent, { headers: { 'x-app': 'sdk-test' } }));
    await callEveryPlatform(pandapon);
    expect(sent.map((r) => r.url.pathname)).toEqual([
      '/v2/taobao/product/get',
      '/alibaba/product/detail/get',
      '/v2/open/address/addOrUpdate',
      '/v2/open/pp/logistics/orderRenderFreight',
    ]);
    for (const request of sent) {
      expect(request.url.origin).toBe(sandbox.url);
      expect(request.headers.get('access-key')).toBe(SANDBOX_DEFAULT_CREDENTIALS.accessKey);
      expect(request.headers.get('user-id')).toBe('sdk-user');
      expect(request.headers.get('x-app')).toBe('sdk-test');
    }
  });

  it('builds each client on first use, once', () => {
    const pandapon = createPandaPon(sandboxOptions([]));
    expect(alibabaPackage.createAlibabaClient).not.toHaveBeenCalled();
    expect(logisticsPackage.createLogisticsClient).not.toHaveBeenCalled();

    const alibaba = pandapon.alibaba;
    expect(pandapon.alibaba).toBe(alibaba);
    expect(alibabaPackage.createAlibabaClient).toHaveBeenCalledTimes(1);
    expect(logisticsPackage.createLogisticsClient).not.toHaveBeenCalled();
    expect(pandapon.taobao).toBe(pandapon.taobao);
  });

  it('validates the options at once, before any request', () => {
    const sent: Sent[] = [];
    expect(() => createPandaPon(sandboxOptions(sent, { timeoutMs: -1 }))).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('timeoutMs') }),
    );
    expect(() => createPandaPon(sandboxOptions(sent, { accessKey: '' }))).toThrow(TypeError);
    expect(sent).toHaveLength(0);
  });

  it('keeps the secret out of JSON and inspect output', async () => {
    const { inspect } = await import('node:util');
    const pandapon = createPandaPon(sandboxOptions([]));
    void pandapon.alibaba;
    const { accessSecret } = SANDBOX_DEFAULT_CREDENTIALS;
    expect(JSON.stringify(pandapon)).not.toContain(accessSecret);
    expect(inspect(pandapon, { depth: 5, getters: true })).not.toContain(accessSecret);
  });
});

describe('setClockOffset', () => {
  it('reaches the clients built so far and those built later', () => {
    const pandapon = createPandaPon(sandboxOptions([], { clockOffsetMs: 1_000 }));
    expect(pandapon.taobao.clockOffsetMs).toBe(1_000);
    const alibaba = pandapon.alibaba;
    pandapon.setClockOffset(-42_000);
    expect(pandapon.taobao.clockOffsetMs).toBe(-42_000);
    expect(alibaba.clockOffsetMs).toBe(-42_000);
    expect(pandapon.foundations.clockOffsetMs).toBe(-42_000);
    expect(pandapon.logistics.clockOffsetMs).toBe(-42_000);
    expect(() => pandapon.setClockOffset(Number.NaN)).toThrow(TypeError);
  });

  it('one call puts every platform in step with a skewed server', async () => {
    const skewMs = 15 * 60_000;
    sandbox.faults.add({ kind: 'clockSkew', ms: skewMs });
    const sent: Sent[] = [];
    const pandapon = createPandaPon(sandboxOptions(sent, { autoClockSkew: false }));

    // Unsynchronised (automatic correction off), the sandbox refuses the timestamp...
    const refused = await pandapon.taobao
      .unwrap(pandapon.taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }))
      .catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(PandaPonApiError);
    expect((refused as PandaPonApiError).code).toBe(40102);

    // ...after setClockOffset, every platform is accepted on its first attempt.
    pandapon.setClockOffset(skewMs);
    sent.length = 0;
    await callEveryPlatform(pandapon);
    expect(sent).toHaveLength(4);
  });

  it("shares one client's automatic clock correction with the others", async () => {
    const skewMs = 15 * 60_000;
    sandbox.faults.add({ kind: 'clockSkew', ms: skewMs });
    const seen: number[] = [];
    const sent: Sent[] = [];
    const pandapon = createPandaPon(
      sandboxOptions(sent, { onClockOffsetChange: (ms) => seen.push(ms) }),
    );
    const alibaba = pandapon.alibaba; // built before the correction: must follow it too

    // Taobao corrects its clock (how, and how exactly, is client-core's clock-skew test)...
    await pandapon.taobao.unwrap(
      pandapon.taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }),
    );
    expect(seen).toHaveLength(1);
    expect(pandapon.taobao.clockOffsetMs).toBe(seen[0]);
    // ...and the clock is the umbrella's: the other clients hold the same offset.
    expect(alibaba.clockOffsetMs).toBe(seen[0]);
    expect(pandapon.logistics.clockOffsetMs).toBe(seen[0]); // built after: starts in step

    // So the other platforms are accepted on their first attempt.
    sent.length = 0;
    await callEveryPlatform(pandapon);
    expect(sent).toHaveLength(4);
  });

  it('rejects a non-function onClockOffsetChange before any call', () => {
    expect(() =>
      createPandaPon(sandboxOptions([], { onClockOffsetChange: 'no' as never })),
    ).toThrow(/onClockOffsetChange/);
  });
});
