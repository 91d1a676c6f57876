import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CODES, type Sandbox, SPEC_NAMES } from '../src/index.js';
import { listOperations } from '../src/spec/catalog.js';
import type { OpenApiDocument, SpecName } from '../src/spec/types.js';
import { SpecValidator } from '../src/spec/validator.js';
import { admin, type CallOptions, call, repoSpecs, startTestSandbox, USER_ID } from './helpers.js';

const specs = await repoSpecs();
const docs = new Map(
  SPEC_NAMES.map((name) => [name, specs[name] as OpenApiDocument] as [SpecName, OpenApiDocument]),
);
const validator = new SpecValidator(docs);
const responseCheckers = new Map<string, (value: unknown) => string | undefined>();
for (const [spec, doc] of docs) {
  for (const operation of listOperations(spec, doc)) {
    if (operation.response.schemaPointer) {
      responseCheckers.set(
        `${operation.method} ${operation.path}`,
        validator.schema(spec, operation.response.schemaPointer),
      );
    }
  }
}

let sandbox: Sandbox;

/** A signed call whose success answer must also match the operation's response schema. */
async function api(method: string, path: string, options: CallOptions = {}) {
  const result = await call(sandbox, method, path, options);
  if (result.json.code === 200) {
    const check = responseCheckers.get(`${method} ${path}`);
    expect(check, `${method} ${path} is in the specs`).toBeDefined();
    expect(check?.(result.json)).toBeUndefined();
  }
  return result.json;
}

const ADDRESS = {
  fullName: 'Li Lei',
  mobile: '13800000000',
  phone: '010-12345678',
  postCode: '100000',
  provinceText: 'Zhejiang',
  cityText: 'Hangzhou',
  areaText: 'Yuhang',
  townText: 'Wuchang',
  address: '1 Wenyi West Road',
};

function createOrderBody(quantity = 2) {
  return {
    flow: 'general',
    message: 'leave at the door',
    addressParam: ADDRESS,
    cargoParamList: [
      { offerId: 706627393257, specId: 'b266e0726506185beaf205cbae88a289', quantity },
      { offerId: 612345678901, specId: 'c0ffee', quantity: 1 },
    ],
  };
}

/** JSON with `orderId` written as the exact digits (a JS number would round a 19-digit id). */
function withExactOrderId(body: Record<string, unknown>, orderId: string): string {
  return JSON.stringify({ ...body, orderId: '__ORDER_ID__' }).replace('"__ORDER_ID__"', orderId);
}

async function createOrder(): Promise<{ orderId: string; total: number }> {
  const json = await api('POST', '/alibaba/order/create', { body: createOrderBody() });
  expect(json.code).toBe(200);
  const data = json.data as { orderId: string; totalSuccessAmount: number };
  return { orderId: data.orderId, total: data.totalSuccessAmount };
}

async function orderStatus(orderId: string): Promise<string> {
  const json = await api('POST', '/alibaba/order/detail', { body: { webSite: '1688', orderId } });
  expect(json.code).toBe(200);
  return (json.data as { baseInfo: { status: string } }).baseInfo.status;
}

async function payThroughPayUrl(orderId: string): Promise<void> {
  const json = await api('GET', '/alibaba/order/pay/url', { query: { orderId } });
  expect(json.code).toBe(200);
  const payUrl = (json.data as { payUrl: string }).payUrl;
  expect(payUrl).toBe(`${sandbox.url}/__sandbox/pay/${orderId}`);
  const response = await fetch(payUrl);
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.resetState());

describe('cart', () => {
  const line = {
    itemId: 2048175493257375,
    skuId: '85',
    itemTitle: 'Wallet',
    itemPic: 'https://img.example/wallet.jpg',
    mpId: '26',
    mpSkuId: '65',
    price: 689,
    quantity: 2,
    shopId: 42,
    shopName: 'Paul shop',
    skuQuantity: '94',
  };

  it('lists (1688 v2) what was added (Taobao v1 and v2), grouped by seller', async () => {
    const first = await api('POST', '/open/cart/add', { body: line });
    expect(first.code).toBe(200);
    const again = await api('POST', '/open/cart/add', { body: { ...line, quantity: 3 } });
    expect(again.data).toEqual({ cartId: (first.data as { cartId: number }).cartId, quantity: 5 });
    await api('POST', '/v2/taobao/cart/add', {
      body: {
        itemMapId: 'WUnU1',
        mpId: '27',
        mpSkuId: '66',
        price: 1250,
        quantity: 1,
        aliShopId: 'shop-b',
        shopName: 'B',
      },
    });

    const list = await api('GET', '/v2/alibaba/cart/list');
    expect(list.code).toBe(200);
    const data = list.data as {
      disableList: unknown[];
      enableList: Array<{
        sellerOpenId: string;
        sellerNickName: string;
        cartItemInfos: Array<Record<string, unknown>>;
      }>;
    };
    expect(data.disableList).toEqual([]);
    expect(data.enableList.map((group) => group.sellerOpenId)).toEqual(['42', 'shop-b']);
    expect(data.enableList[0]?.cartItemInfos[0]).toMatchObject({
      offerMapId: '2048175493257375',
      specId: '65',
      skuId: '85',
      itemTitle: 'Wallet',
      price: 6.89,
      quantity: 5,
      amountOnSale: 94,
    });
    expect(data.enableList[1]?.cartItemInfos[0]).toMatchObject({
      offerMapId: 'WUnU1',
      price: 12.5,
      quantity: 1,
    });
  });

  it('keeps one cart per user-id', async () => {
    await api('POST', '/open/cart/add', { body: line });
    const other = await api('GET', '/v2/alibaba/cart/list', { userId: 'someone-else' });
    expect(other.data).toEqual({ disableList: [], enableList: [] });
  });

  it('edits a line quantity (1688 v1) and refuses unknown lines (40402)', async () => {
    const added = await api('POST', '/open/cart/add', { body: line });
    const id = (added.data as { cartId: number }).cartId;
    const edited = await api('POST', '/alibaba/cart/edit-quantity', { body: { id, quantity: 7 } });
    expect(edited.data).toBe(true);
    expect(sandbox.state.cartLines[0]?.quantity).toBe(7);
    const missing = await api('POST', '/alibaba/cart/edit-quantity', {
      body: { id: 999_999, quantity: 1 },
    });
    expect(missing.code).toBe(SANDBOX_CODES.NOT_FOUND);
  });

  it('previews and orders cart lines (1688 cart order), removing them from the cart', async () => {
    const added = await api('POST', '/open/cart/add', { body: line });
    const cartId = (added.data as { cartId: number }).cartId;
    const preview = await api('POST', '/alibaba/cart/preview/order', {
      body: { cartIds: [cartId], addressParam: ADDRESS },
    });
    const result = (
      preview.data as {
        orderPreviewResuslt: Array<{ sumPayment: number; sumPaymentNoCarriage: number }>;
      }
    ).orderPreviewResuslt[0];
    expect(result?.sumPaymentNoCarriage).toBe(689 * 2);
    const created = await api('POST', '/alibaba/cart/create/order', {
      body: { flow: 'general', cartIds: [cartId], addressParam: ADDRESS },
    });
    expect(created.code).toBe(200);
    expect((created.data as { totalSuccessAmount: number }).totalSuccessAmount).toBe(
      result?.sumPayment,
    );
    expect(sandbox.state.cartLines).toEqual([]);
    const again = await api('POST', '/alibaba/cart/create/order', {
      body: { flow: 'general', cartIds: [cartId] },
    });
    expect(again.code).toBe(SANDBOX_CODES.NOT_FOUND);
  });
});

describe('1688 order', () => {
  it('previews with amounts the created order then charges', async () => {
    // The v1 preview documents only the address and the goods (strict mode refuses the rest).
    const { addressParam, cargoParamList } = createOrderBody();
    const preview = await api('POST', '/alibaba/order/create/preview', {
      body: { addressParam, cargoParamList },
    });
    expect(preview.code).toBe(200);
    const result = (
      preview.data as {
        orderPreviewResuslt: Array<{
          sumPayment: number;
          sumCarriage: number;
          sumPaymentNoCarriage: number;
        }>;
      }
    ).orderPreviewResuslt[0];
    expect(result?.sumPayment).toBe(
      (result?.sumPaymentNoCarriage ?? 0) + (result?.sumCarriage ?? 0),
    );
    const { orderId, total } = await createOrder();
    expect(total).toBe(result?.sumPayment);
    expect(orderId).toMatch(/^\d{19}$/);
    expect(Number.isSafeInteger(Number(orderId))).toBe(false);
  });

  it('v2 preview accepts offerMapId goods', async () => {
    const preview = await api('POST', '/v2/alibaba/order/create/preview', {
      body: {
        cargoParamList: [{ offerMapId: 'L0PTnwSnx_dWNZWCtgK7Gg', specId: 's', quantity: 3 }],
      },
    });
    expect(preview.code).toBe(200);
  });

  it('refuses an order without goods (40001)', async () => {
    const json = await api('POST', '/alibaba/order/create', {
      body: { ...createOrderBody(), cargoParamList: [] },
    });
    expect(json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
    expect(json.msg).toContain('cargoParamList');
  });

  it('create → pay URL → pay → cannot cancel (40901)', async () => {
    const { orderId, total } = await createOrder();
    expect(await orderStatus(orderId)).toBe('waitbuyerpay');
    await payThroughPayUrl(orderId);
    expect(await orderStatus(orderId)).toBe('waitsellersend');
    const order = sandbox.state.orders.find((candidate) => candidate.orderId === orderId);
    expect(order?.totalAmountFen).toBe(total);
    expect(order?.paidAt).not.toBeNull();

    const cancelBody = { webSite: '1688', cancelReason: 'changed my mind' };
    const cancel = await api('POST', '/alibaba/order/cancel', {
      rawBody: withExactOrderId(cancelBody, orderId),
    });
    expect(cancel.code).toBe(SANDBOX_CODES.STATE_CONFLICT);
    expect(cancel.msg).toContain('paid');
    const payAgain = await api('GET', '/v2/alibaba/order/pay/url', { query: { orderId } });
    expect(payAgain.code).toBe(SANDBOX_CODES.STATE_CONFLICT);
  });

  it('cancels an unpaid order, once (v2 cancel with the exact 19-digit id as a JSON number)', async () => {
    const { orderId } = await createOrder();
    // A JSON number beyond 2^53, written out as digits: the sandbox must not round it.
    const rawBody = `{"webSite":"1688","orderId":${orderId},"cancelReason":"too slow"}`;
    const cancel = await api('POST', '/v2/alibaba/order/cancel', { rawBody });
    expect(cancel.code).toBe(200);
    expect(cancel.data).toBe(true);
    expect(await orderStatus(orderId)).toBe('cancel');
    // The trap this guards against: the id as a JavaScript number names another order.
    const rounded = await api('POST', '/v2/alibaba/order/cancel', {
      body: { webSite: '1688', orderId: Number(orderId), cancelReason: 'too slow' },
    });
    expect(rounded.code).toBe(SANDBOX_CODES.NOT_FOUND);
    const again = await api('POST', '/v2/alibaba/order/cancel', { rawBody });
    expect(again.code).toBe(SANDBOX_CODES.STATE_CONFLICT);
    const pay = await admin(sandbox, 'GET', `/__sandbox/pay/${orderId}`);
    expect(pay.status).toBe(409);
    expect(pay.json.code).toBe(SANDBOX_CODES.STATE_CONFLICT);
  });

  it('answers 40402 for orders it does not know, or of another user', async () => {
    const { orderId } = await createOrder();
    const unknown = await api('POST', '/alibaba/order/detail', {
      body: { webSite: '1688', orderId: '2500000000000099999' },
    });
    expect(unknown.code).toBe(SANDBOX_CODES.NOT_FOUND);
    const foreign = await api('POST', '/alibaba/order/detail', {
      body: { webSite: '1688', orderId },
      userId: 'someone-else',
    });
    expect(foreign.code).toBe(SANDBOX_CODES.NOT_FOUND);
    const pay = await admin(sandbox, 'GET', '/__sandbox/pay/123');
    expect(pay.status).toBe(404);
  });

  it('lists the caller’s orders, newest first (v2 order page)', async () => {
    const first = await createOrder();
    const second = await createOrder();
    const page = await api('POST', '/v2/alibaba/order/page', { body: { pageNo: 1, pageSize: 1 } });
    expect(page.data).toMatchObject({ totalRecords: 2, totalPage: 2, pageSize: 1, currentPage: 1 });
    const orders = (page.data as { data: Array<{ baseInfo: { idOfStr: string } }> }).data;
    expect(orders.map((order) => order.baseInfo.idOfStr)).toEqual([second.orderId]);
    expect(first.orderId).not.toBe(second.orderId);
  });
});

describe('1688 refund', () => {
  const refundBody = (orderId: string) =>
    withExactOrderId(
      {
        disputeRequest: 'refund',
        applyPayment: 1000,
        applyCarriage: 0,
        applyReasonId: 20006,
        description: 'arrived broken',
        goodsStatus: 'received',
      },
      orderId,
    );

  it('creates a refund on a paid order and reads it back', async () => {
    const { orderId } = await createOrder();
    const early = await api('POST', '/alibaba/refund/detail/create', {
      rawBody: refundBody(orderId),
    });
    expect(early.code).toBe(SANDBOX_CODES.STATE_CONFLICT);
    await payThroughPayUrl(orderId);

    const created = await api('POST', '/alibaba/refund/detail/create', {
      rawBody: refundBody(orderId),
    });
    expect(created.code).toBe(200);
    const refundId = (created.data as { refundId: string }).refundId;
    expect(refundId).toMatch(/^TQ\d+$/);

    const byBody = await api('POST', '/alibaba/refund/info', { body: { refundId } });
    expect(byBody.code).toBe(200);
    expect(byBody.data).toMatchObject({
      refundId,
      orderId,
      applyPayment: 1000,
      applyCarriage: 0,
      applyReasonId: 20006,
      buyerSendGoods: false,
    });
    const byQuery = await api('POST', '/alibaba/refund/info', { query: { refundId }, body: {} });
    expect(byQuery.data).toEqual(byBody.data);

    const v2 = await api('POST', '/v2/alibaba/refund/detail/create', {
      rawBody: refundBody(orderId),
    });
    expect(v2.code).toBe(200);
    expect(sandbox.state.refunds).toHaveLength(2);
  });

  it('answers 40402 for an unknown refund or order', async () => {
    const unknown = await api('POST', '/alibaba/refund/info', { body: { refundId: 'TQ404' } });
    expect(unknown.code).toBe(SANDBOX_CODES.NOT_FOUND);
    const noOrder = await api('POST', '/alibaba/refund/detail/create', {
      rawBody: refundBody('2500000000000099999'),
    });
    expect(noOrder.code).toBe(SANDBOX_CODES.NOT_FOUND);
  });
});

describe('address', () => {
  it('adds (v1), adds (v2), updates, and reads back through /__sandbox/addresses', async () => {
    const added = await api('POST', '/open/address/addOrUpdate', {
      body: {
        name: 'Li Lei',
        province: 'Zhejiang',
        city: 'Hangzhou',
        district: 'Yuhang',
        address: '1 Road',
        phone: '138',
      },
    });
    expect(added.code).toBe(200);
    const id = added.data as number;
    await api('POST', '/v2/open/address/addOrUpdate', {
      body: { name: 'Han Meimei', city: 'Beijing' },
    });
    const updated = await api('POST', '/open/address/addOrUpdate', { body: { id, phone: '139' } });
    expect(updated.data).toBe(id);
    await api('POST', '/open/address/addOrUpdate', {
      body: { name: 'Other' },
      userId: 'someone-else',
    });

    const listed = await admin(sandbox, 'GET', `/__sandbox/addresses?userId=${USER_ID}`);
    expect(listed.status).toBe(200);
    const addresses = listed.json.data as Array<Record<string, unknown>>;
    expect(addresses).toHaveLength(2);
    expect(addresses[0]).toMatchObject({
      id,
      name: 'Li Lei',
      city: 'Hangzhou',
      phone: '139',
      userId: USER_ID,
    });
    expect(addresses[1]).toMatchObject({ name: 'Han Meimei', city: 'Beijing' });
    const everyone = await admin(sandbox, 'GET', '/__sandbox/addresses');
    expect(everyone.json.data).toHaveLength(3);
  });

  it('refuses to update an address the caller does not have (40402)', async () => {
    const json = await api('POST', '/open/address/addOrUpdate', {
      body: { id: 424242, name: 'x' },
    });
    expect(json.code).toBe(SANDBOX_CODES.NOT_FOUND);
  });
});

describe('sandbox admin endpoints', () => {
  it('shows the whole state', async () => {
    await createOrder();
    const state = await admin(sandbox, 'GET', '/__sandbox/state');
    expect(state.json.data).toMatchObject({ version: 1, orders: [{ status: 'waitbuyerpay' }] });
  });

  it('lists its endpoints and the operations it serves', async () => {
    const index = await admin(sandbox, 'GET', '/__sandbox');
    expect(JSON.stringify(index.json.data)).toContain('/__sandbox/faults');
    const operations = await admin(sandbox, 'GET', '/__sandbox/operations');
    expect(operations.json.data).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/alibaba/order/cancel', stateful: true }),
    );
  });

  it('resets the state', async () => {
    await createOrder();
    const reset = await admin(sandbox, 'POST', '/__sandbox/reset');
    expect(reset.json.data).toBe(true);
    expect(sandbox.state.orders).toEqual([]);
  });

  it('answers unknown admin paths with 404 / 40401', async () => {
    const unknown = await admin(sandbox, 'GET', '/__sandbox/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe(SANDBOX_CODES.UNKNOWN_OPERATION);
  });
});
