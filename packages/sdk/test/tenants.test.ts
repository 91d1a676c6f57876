/**
 * Issue 10 item 1: one options object reused (and changed) for several tenants must never leak
 * one tenant's settings into another's clients, however late those clients are built.
 */
import { type RecordingServer, sendJson, startRecordingServer } from '@pandapon/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPandaPon, type PandaPon, type PlatformClientOptions } from '../src/index.js';

/** What the server answers: status and envelope. */
let answer: { status: number; body: unknown } = {
  status: 200,
  body: { requestId: 'r', code: 200, msg: 'ok', data: null },
};
let server: RecordingServer;
let baseUrl = '';
beforeAll(async () => {
  server = await startRecordingServer((_request, response) =>
    sendJson(response, answer.status, answer.body, { 'content-type': 'application/json' }),
  );
  baseUrl = server.url;
});
afterAll(() => server.close());

/** Who each request since the last `clearReceived()` came as. */
function received() {
  return server.requests.map((request) => ({
    path: new URL(request.url, 'http://x').pathname,
    userId: String(request.headers['user-id']),
    accessKey: String(request.headers['access-key']),
    header: String(request.headers['x-tenant']),
  }));
}
function clearReceived(): void {
  server.requests.length = 0;
}

describe('createPandaPon with one options object reused per tenant', () => {
  it('sends every call under the tenant it was created for (3 tenants x 4 clients)', async () => {
    const tenants = ['tenant-a', 'tenant-b', 'tenant-c'];
    const cfg: PlatformClientOptions = {
      accessKey: 'key-initial',
      accessSecret: 'secret-initial',
      userId: 'nobody',
      baseUrl,
      headers: { 'x-tenant': 'nobody' },
      retry: { baseDelayMs: 1 },
    };
    const clients: Record<string, PandaPon> = {};
    for (const t of tenants) {
      cfg.userId = t;
      cfg.accessKey = `key-${t}`;
      // A nested object changed in place, too.
      (cfg.headers as Record<string, string>)['x-tenant'] = t;
      clients[t] = createPandaPon(cfg);
    }
    // Changes after the last creation must not reach any client either.
    cfg.userId = 'intruder';
    (cfg.headers as Record<string, string>)['x-tenant'] = 'intruder';

    clearReceived();
    for (const t of tenants) {
      const pandapon = clients[t] as PandaPon;
      // The three lazily built clients are built only now, after the object changed.
      await pandapon.taobao.request('GET', '/v2/taobao/product/get', { query: { itemId: '1' } });
      await pandapon.alibaba.request('POST', '/alibaba/product/detail/get', { body: {} });
      await pandapon.foundations.request('POST', '/v2/open/address/addOrUpdate', { body: {} });
      await pandapon.logistics.request('POST', '/v2/open/pp/logistics/orderRenderFreight', {
        body: {},
      });
    }
    expect(received()).toHaveLength(12);
    const wrong = received().filter(
      (r, i) =>
        r.userId !== tenants[Math.floor(i / 4)] ||
        r.accessKey !== `key-${r.userId}` ||
        r.header !== r.userId,
    );
    console.log(`tenant isolation: 12 calls, ${wrong.length} under the wrong user-id`);
    expect(wrong).toEqual([]);
  });
});

describe('one clock for the four clients', () => {
  const options = { accessKey: 'k', accessSecret: 's', userId: 'u', maxRetries: 0 };

  it('an offset set through any client is the offset of all four', () => {
    const pandapon = createPandaPon({ ...options, baseUrl, clockOffsetMs: 1_000 });
    const { alibaba } = pandapon;
    pandapon.logistics.setClockOffset(-5_000);
    expect(pandapon.taobao.clockOffsetMs).toBe(-5_000);
    expect(alibaba.clockOffsetMs).toBe(-5_000);
    expect(pandapon.foundations.clockOffsetMs).toBe(-5_000);
  });

  // Issue 10 item 2: an answer that is not a documented timestamp rejection moves nobody's clock.
  it('does not move on a 500 envelope or a business error mentioning a timestamp', async () => {
    const pandapon = createPandaPon({ ...options, baseUrl, clockOffsetMs: -3_600_000 });
    clearReceived();
    for (const next of [
      { status: 500, body: { code: 40102, msg: 'timestamp outside the 600 s window' } },
      { status: 200, body: { code: 50013, msg: 'delivery timestamp invalid' } },
    ]) {
      answer = next;
      await pandapon.alibaba.POST('/alibaba/order/create' as never, { body: {} } as never);
      await pandapon.taobao
        .request('POST', '/v2/taobao/order/cancel', { body: {} })
        .catch(() => {});
    }
    answer = { status: 200, body: { requestId: 'r', code: 200, msg: 'ok', data: null } };
    expect(received()).toHaveLength(4);
    for (const client of [pandapon.taobao, pandapon.alibaba, pandapon.logistics]) {
      expect(client.clockOffsetMs).toBe(-3_600_000);
    }
  });
});
