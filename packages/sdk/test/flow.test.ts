/**
 * The whole purchase flow through createPandaPon, over real HTTP: 1688 search → preview →
 * create → pay URL → open the pay page → the "order paid" callback arrives at a
 * createCallbackHandler on a local node:http server and is verified → Taobao logistics lookup
 * → address upsert, read back through the sandbox.
 */
import {
  createCallbackHandler,
  type PandaPonCallback,
  signCallbackBody,
  toNodeListener,
} from '@pandapon/callbacks';
import { SANDBOX_DEFAULT_CREDENTIALS, type Sandbox, startSandbox } from '@pandapon/sandbox';
import { type LoopbackServer, listenOnLoopback } from '@pandapon/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPandaPon } from '../src/index.js';

/** Callbacks that passed the handler's signature check, and waiters for a message type. */
class Inbox {
  readonly messages: PandaPonCallback[] = [];
  readonly rejections: number[] = [];
  #waiters: Array<{ type: string; resolve: (message: PandaPonCallback) => void }> = [];

  receive(message: PandaPonCallback): void {
    this.messages.push(message);
    for (const waiter of this.#waiters.filter((w) => w.type === message.messageType)) {
      waiter.resolve(message);
    }
    this.#waiters = this.#waiters.filter((w) => w.type !== message.messageType);
  }

  next(type: string): Promise<PandaPonCallback> {
    const arrived = this.messages.find((m) => m.messageType === type);
    if (arrived) return Promise.resolve(arrived);
    return new Promise((resolve) => this.#waiters.push({ type, resolve }));
  }
}

const inbox = new Inbox();
let receiver: LoopbackServer;
let callbackUrl: string;
let sandbox: Sandbox;

beforeAll(async () => {
  const handler = createCallbackHandler({
    accessSecret: SANDBOX_DEFAULT_CREDENTIALS.accessSecret,
    onMessage: (message) => inbox.receive(message),
    onRejected: (rejection) => {
      inbox.rejections.push(rejection.status);
    },
  });
  receiver = await listenOnLoopback(toNodeListener(handler));
  callbackUrl = `${receiver.url}/pandapon/callback`;
  // A generous delivery deadline: on a busy machine a late 200 would otherwise count as a
  // failed delivery, redelivered only 30 minutes later.
  sandbox = await startSandbox({ port: 0, callbackUrl, callbackTimeoutMs: 10_000 });
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const buyer = {
  fullName: 'Wang Wu',
  mobile: '13700000000',
  phone: '021-55555555',
  postCode: '200000',
  provinceText: '上海',
  cityText: '上海市',
  areaText: '浦东新区',
  townText: '陆家嘴街道',
  address: '世纪大道 100 号',
};

describe('full flow', () => {
  it('search → preview → create → pay → verified callback → logistics → address', async () => {
    const userId = 'sdk-flow-buyer';
    const pandapon = createPandaPon({
      ...SANDBOX_DEFAULT_CREDENTIALS,
      userId,
      baseUrl: sandbox.url,
    });
    const { alibaba, taobao, foundations } = pandapon;

    // 1. Search.
    const found = await alibaba.unwrap(
      alibaba.POST('/v2/alibaba/product/keywords/query', {
        body: { keyword: 'phone case', beginPage: 1, pageSize: 10, country: 'en' },
      }),
    );
    expect(found.data?.length).toBeGreaterThan(0);
    // The spec example carries no offer id, so the sandbox's answer has none either.
    const offerMapId = String(found.data?.[0]?.offerId ?? '624985472342');
    const cargoParamList = [{ offerMapId, specId: 'spec-1', quantity: 3 }];

    // 2. Preview.
    const preview = await alibaba.unwrap(
      alibaba.POST('/v2/alibaba/order/create/preview', {
        body: { addressParam: buyer, cargoParamList },
      }),
    );
    expect(preview).toMatchObject({ success: true });

    // 3. Create.
    const created = await alibaba.unwrap(
      alibaba.POST('/v2/alibaba/order/create', {
        body: { flow: 'general', addressParam: buyer, cargoParamList },
      }),
    );
    const orderId = String(created.orderId);
    expect(orderId).toMatch(/^\d{19}$/);

    // 4. Pay URL.
    const pay = await alibaba.unwrap(
      alibaba.GET('/v2/alibaba/order/pay/url', { params: { query: { orderId } } }),
    );
    expect(typeof pay.payUrl).toBe('string');

    // 5. Open the pay page, as the buyer's browser would.
    const paid = await fetch(String(pay.payUrl));
    expect(paid.status).toBe(200);
    await paid.arrayBuffer();

    // 6. The paid callback, delivered to our handler, which verified its Authorization.
    const message = await inbox.next('ORDER_PAY_SUCCESS');
    expect(message).toMatchObject({
      messageType: 'ORDER_PAY_SUCCESS',
      messagePlatform: 1,
      messageBody: { baseInfo: { idOfStr: orderId, status: 'waitsellersend' } },
    });
    await sandbox.waitForPushes();
    const pushes = sandbox.pushes.filter((p) => p.messageType === 'ORDER_PAY_SUCCESS');
    expect(pushes.map((p) => p.state)).toEqual(['delivered']);
    expect(inbox.rejections).toEqual([]);

    // 7. Taobao logistics.
    const logistics = await taobao.unwrap(
      taobao.GET('/v2/taobao/order/logistics/detail/get', {
        params: { query: { subPurchaseOrderId: '200048859480' } },
      }),
    );
    expect(Array.isArray(logistics.pnmLogisticsDetails)).toBe(true);

    // 8. Address upsert, read back through the sandbox (PandaPon has no list call).
    const addressId = await foundations.unwrap(
      foundations.POST('/v2/open/address/addOrUpdate', {
        body: { name: 'Wang Wu', phone: '13700000000', city: '上海市', address: '世纪大道 100 号' },
      }),
    );
    const response = await fetch(`${sandbox.url}/__sandbox/addresses?userId=${userId}`);
    const { data: addresses } = (await response.json()) as { data: unknown[] };
    expect(addresses).toEqual([
      expect.objectContaining({ id: addressId, userId, name: 'Wang Wu', city: '上海市' }),
    ]);
  });

  it('the receiver refuses a callback that is not signed with the secret', async () => {
    const body = JSON.stringify({
      messageType: 'ORDER_PAY_SUCCESS',
      messageBody: { baseInfo: { idOfStr: '1' } },
      messagePlatform: 1,
      timestamp: String(Date.now()),
    });
    const forged = await fetch(callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await signCallbackBody(body, 'some-other-secret'),
      },
      body,
    });
    expect(forged.status).toBe(401);
    await forged.arrayBuffer();
    expect(inbox.rejections).toContain(401);
    expect(
      inbox.messages.some((m) => JSON.stringify(m.messageBody).includes('"idOfStr":"1"')),
    ).toBe(false);
  });
});
