import { verifyCallbackSignature } from '@pandapon/signing';
import { startRecordingServer } from '@pandapon/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_MAX_RETRIES, SANDBOX_CODES, type Sandbox } from '../src/index.js';
import type { OpenApiDocument } from '../src/spec/types.js';
import { SpecValidator } from '../src/spec/validator.js';
import {
  ACCESS_SECRET,
  admin,
  call,
  MINIMAL_1688_ADDRESS,
  repoSpecs,
  startTestSandbox,
} from './helpers.js';

interface Received {
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A callback receiver on loopback that answers with the statuses queued (then `fallback`). */
async function startReceiver(statuses: number[] = [], fallback = 200) {
  let hang = 0;
  const server = await startRecordingServer((_request, response) => {
    if (hang > 0) {
      hang--;
      return; // never answered: the sandbox must give up on it (close() cuts it)
    }
    response.writeHead(statuses.shift() ?? fallback).end('ok');
  });
  return {
    url: `${server.url}/pandapon/callback`,
    get received(): Received[] {
      return server.requests.map((request) => ({
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: request.body,
      }));
    },
    hangNext(count: number) {
      hang = count;
    },
    close: server.close,
  };
}

async function createOrder(sandbox: Sandbox): Promise<string> {
  const { json } = await call(sandbox, 'POST', '/alibaba/order/create', {
    body: {
      flow: 'general',
      addressParam: MINIMAL_1688_ADDRESS,
      cargoParamList: [{ offerId: 1, specId: 's', quantity: 1 }],
    },
  });
  expect(json.code).toBe(200);
  return (json.data as { orderId: string }).orderId;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(statuses: number[] = [], fallback = 200, timeoutMs = 1000) {
  const receiver = await startReceiver(statuses, fallback);
  const sandbox = await startTestSandbox({
    callbackUrl: receiver.url,
    callbackRetryIntervalMs: 10,
    callbackTimeoutMs: timeoutMs,
  });
  cleanups.push(() => sandbox.close(), receiver.close);
  return { receiver, sandbox };
}

describe('callback pushes', () => {
  it('pushes order created / paid / cancelled / price modified, signed with HMAC-SHA256 of the raw body', async () => {
    const { receiver, sandbox } = await setup();
    const paidOrder = await createOrder(sandbox);
    await fetch(`${sandbox.url}/__sandbox/pay/${paidOrder}`);
    const cancelledOrder = await createOrder(sandbox);
    const modify = await admin(
      sandbox,
      'POST',
      `/__sandbox/orders/${cancelledOrder}/modify-price`,
      {
        totalAmount: 12.34,
      },
    );
    expect(modify.status).toBe(200);
    const cancel = await call(sandbox, 'POST', '/alibaba/order/cancel', {
      rawBody: `{"webSite":"1688","orderId":${cancelledOrder},"cancelReason":"x"}`,
    });
    expect(cancel.json.code).toBe(200);
    await sandbox.waitForPushes();

    // Deliveries run concurrently and may arrive out of order (so may the platform's): the
    // sandbox's delivery log gives the order events happened in.
    const messages = sandbox.pushes.map((push) => JSON.parse(push.body) as Record<string, unknown>);
    expect(receiver.received.map((entry) => entry.body).sort()).toEqual(
      sandbox.pushes.map((push) => push.body).sort(),
    );
    expect(
      messages.map((message) => [
        message.messageType,
        (message.messageBody as { baseInfo: { idOfStr: string } }).baseInfo.idOfStr,
      ]),
    ).toEqual([
      ['ORDER_CREATE', paidOrder],
      ['ORDER_PAY_SUCCESS', paidOrder],
      ['ORDER_CREATE', cancelledOrder],
      ['1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', cancelledOrder],
      ['ORDER_CANCEL', cancelledOrder],
    ]);
    for (const entry of receiver.received) {
      expect(entry.authorization).toMatch(/^[0-9a-f]{64}$/);
      expect(await verifyCallbackSignature(entry.body, entry.authorization, ACCESS_SECRET)).toBe(
        true,
      );
      expect(await verifyCallbackSignature(entry.body, entry.authorization, 'another-secret')).toBe(
        false,
      );
      expect(entry.contentType).toContain('application/json');
      expect(JSON.parse(entry.body)).toMatchObject({
        messagePlatform: 1,
        timestamp: expect.stringMatching(/^\d{13}$/),
      });
    }
    const priceMessage = messages[3] as { messageBody: { baseInfo: { totalAmount: number } } };
    expect(priceMessage.messageBody.baseInfo.totalAmount).toBe(12.34);

    // The price-change message matches the 1688 spec's webhook schema.
    const specs = await repoSpecs();
    const validator = new SpecValidator(new Map([['alibaba', specs.alibaba as OpenApiDocument]]));
    const check = validator.schema('alibaba', '/components/schemas/AlibabaOrderPriceModifyMessage');
    expect(check(messages[3])).toBeUndefined();

    const pushes = await admin(sandbox, 'GET', '/__sandbox/pushes');
    expect((pushes.json.data as unknown[]).length).toBe(5);
    expect(
      sandbox.pushes.every((push) => push.state === 'delivered' && push.attempts.length === 1),
    ).toBe(true);
  });

  it('retries a failed delivery until the receiver answers 200, with the same signed body', async () => {
    const { receiver, sandbox } = await setup([500, 404, 302]);
    await createOrder(sandbox);
    await sandbox.waitForPushes();
    const [push] = sandbox.pushes;
    expect(push?.state).toBe('delivered');
    expect(push?.attempts.map((attempt) => attempt.status)).toEqual([500, 404, 302, 200]);
    expect(push?.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4]);
    expect(new Set(receiver.received.map((entry) => entry.body)).size).toBe(1);
    expect(new Set(receiver.received.map((entry) => entry.authorization)).size).toBe(1);
  });

  it(`gives up after ${CALLBACK_MAX_RETRIES} retries`, async () => {
    const { receiver, sandbox } = await setup([], 503);
    await createOrder(sandbox);
    await sandbox.waitForPushes();
    const [push] = sandbox.pushes;
    expect(push?.state).toBe('failed');
    expect(push?.attempts).toHaveLength(1 + CALLBACK_MAX_RETRIES);
    expect(receiver.received).toHaveLength(6);
    expect(push?.attempts.every((attempt) => attempt.error === 'receiver answered HTTP 503')).toBe(
      true,
    );
  });

  it('counts a receiver that does not answer in time as a failure, and retries', async () => {
    const { receiver, sandbox } = await setup([], 200, 200);
    receiver.hangNext(1);
    await createOrder(sandbox);
    await sandbox.waitForPushes();
    const [push] = sandbox.pushes;
    expect(push?.state).toBe('delivered');
    expect(push?.attempts.map((attempt) => [attempt.status, attempt.error])).toEqual([
      [null, 'no answer within 200 ms'],
      [200, null],
    ]);
  });

  it('gives up on a receiver that never answers while the garbage collector runs', {
    timeout: 15_000,
  }, async () => {
    // The time limit was AbortSignal.any([AbortSignal.timeout(..), ..]): Node 20 can collect a
    // timeout signal that only a composite follows, and then it never fires (nodejs/node#57736);
    // under load this test hung. Collect garbage all along to make that happen every time.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'vitest.config.ts runs the tests with --expose-gc').toBeTypeOf('function');
    const collecting = setInterval(() => gc?.(), 5);
    try {
      const { receiver, sandbox } = await setup([], 200, 200);
      receiver.hangNext(1);
      await createOrder(sandbox);
      await sandbox.waitForPushes();
      expect(sandbox.pushes[0]?.attempts.map((attempt) => attempt.error)).toEqual([
        'no answer within 200 ms',
        null,
      ]);
    } finally {
      clearInterval(collecting);
    }
  });

  it('counts an unreachable receiver as a failure', async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const sandbox = await startTestSandbox({
      callbackUrl: receiver.url,
      callbackRetryIntervalMs: 5,
    });
    cleanups.push(() => sandbox.close());
    await createOrder(sandbox);
    await sandbox.waitForPushes();
    const [push] = sandbox.pushes;
    expect(push?.state).toBe('failed');
    expect(push?.attempts[0]?.error).toMatch(/^delivery failed/);
  });

  it('pushes nothing without a callback URL', async () => {
    const sandbox = await startTestSandbox();
    cleanups.push(() => sandbox.close());
    await createOrder(sandbox);
    await sandbox.waitForPushes();
    expect(sandbox.pushes).toEqual([]);
  });

  it('modify-price refuses bad amounts (400), unknown orders (404) and paid orders (409)', async () => {
    const { sandbox } = await setup();
    const orderId = await createOrder(sandbox);
    const bad = await admin(sandbox, 'POST', `/__sandbox/orders/${orderId}/modify-price`, {
      totalAmount: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.msg).toContain('totalAmount');
    const unknown = await admin(sandbox, 'POST', '/__sandbox/orders/1/modify-price', {
      totalAmount: 1,
    });
    expect(unknown.status).toBe(404);
    await fetch(`${sandbox.url}/__sandbox/pay/${orderId}`);
    const paid = await admin(sandbox, 'POST', `/__sandbox/orders/${orderId}/modify-price`, {
      totalAmount: 1,
    });
    expect(paid.status).toBe(409);
    expect(paid.json.code).toBe(SANDBOX_CODES.STATE_CONFLICT);
  });
});
