/**
 * The PandaPon SDK demo: one realistic purchase flow through the typed clients.
 *
 *   search 1688 goods → preview an order → create it → get its pay URL → receive and verify the
 *   order callback → cancel it; a Taobao logistics lookup; an address upsert.
 *
 * Without credentials it starts the local sandbox and runs everything there. With
 * PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID set it calls the live API
 * (read-only unless PANDAPON_DEMO_WRITES=1, since orders there are real).
 */
import { createPandaPon, PandaPonError } from '@pandapon/sdk';
import { type CallbackReceiver, startCallbackReceiver } from './callback-receiver.js';
import { detail, heading, note, stepTitle } from './print.js';
import { chooseTarget, LIVE_ENV, type Target } from './target.js';

const BUYER_ADDRESS = {
  fullName: 'Li Lei',
  mobile: '13800000000',
  postCode: '310000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '余杭区',
  address: '文一西路 969 号 (PandaPon warehouse)',
};

async function main(): Promise<void> {
  let target: Target | undefined;
  const receiver = await startCallbackReceiver(() => {
    if (!target) throw new Error('callback before the target was chosen');
    return target.client.accessSecret ?? '';
  });
  try {
    target = await chooseTarget(process.env, receiver.url);
    heading(`PandaPon SDK demo — ${target.kind === 'sandbox' ? 'local sandbox' : 'LIVE API'}`);
    if (target.kind === 'sandbox') {
      note(`sandbox at ${target.sandbox?.url} (set ${LIVE_ENV.join(', ')} to use the live API)`);
      note(`callbacks are pushed to ${receiver.url}`);
    } else {
      note(
        `base URL ${target.client.baseUrl ?? 'https://api.pandapon.com'}, user ${target.client.userId}`,
      );
      note(
        target.writesAllowed
          ? 'writes ENABLED (PANDAPON_DEMO_WRITES=1)'
          : 'read-only: set PANDAPON_DEMO_WRITES=1 to place and cancel a real order',
      );
    }
    await runFlow(target, receiver);
    heading('Done');
  } finally {
    await target?.close();
    await receiver.close();
  }
}

async function runFlow(target: Target, receiver: CallbackReceiver): Promise<void> {
  const pandapon = createPandaPon(target.client);
  const { alibaba, taobao, foundations } = pandapon;

  // Every call is a typed method: one params object per operation (a misspelt field is a compile
  // error), resolving to the envelope's `data`; a non-200 code throws a PandaPonApiError.
  stepTitle('Search 1688 goods by keyword (POST /v2/alibaba/product/keywords/query)');
  const search = await alibaba.searchProductsByKeywordV2({
    keyword: 'phone case',
    beginPage: 1,
    pageSize: 5,
    country: 'en',
  });
  detail('total records', search.totalRecords ?? 'unknown');
  const offers = search.data ?? [];
  detail('first page', `${offers.length} offers`);
  const offerId = String(offers[0]?.offerId ?? '624985472342');
  detail('picked offer', offerId);

  const cargoParamList = [{ offerMapId: offerId, specId: 'spec-1', quantity: 2 }];

  stepTitle('Preview the order (POST /v2/alibaba/order/create/preview)');
  const preview = await alibaba.previewOrderV2({ addressParam: BUYER_ADDRESS, cargoParamList });
  detail('preview', preview);

  if (!target.writesAllowed) {
    note('skipping create → pay URL → callback → cancel (read-only live run)');
  } else {
    stepTitle('Create the order (POST /v2/alibaba/order/create)');
    // The v2 create body and answer are undocumented (the copies stop before them), so both
    // are open objects here.
    const created = (await alibaba.createOrderV2({
      addressParam: BUYER_ADDRESS,
      cargoParamList,
    })) as { orderId?: unknown } | null;
    const orderId = toOrderId(created?.orderId);
    detail('order id', orderId);
    note(
      `${String(orderId).length}-digit id kept exact as a ${typeof orderId} (beyond JavaScript's 2^53, where a number would round)`,
    );

    stepTitle('Get the pay URL (GET /v2/alibaba/order/pay/url)');
    const pay = await alibaba.getPayUrlV2({ orderId: String(orderId) });
    detail('pay URL', pay.payUrl ?? pay);

    stepTitle('Receive the order callback and verify its signature');
    if (target.kind === 'sandbox') {
      const message = await receiver.next('ORDER_CREATE');
      detail('message type', message.messageType);
      detail('platform', message.messagePlatform === 1 ? '1688' : message.messagePlatform);
      detail('body', message.messageBody);
      note(
        'Authorization header verified (HMAC-SHA256 of the raw body), 200 sent before processing',
      );
    } else {
      note('live callbacks go to the URL set in the PandaPon console; see @pandapon/callbacks');
    }

    stepTitle('Cancel the order before payment (POST /v2/alibaba/order/cancel)');
    // orderId is sent as the exact JSON integer the API expects, though given as a string.
    const cancelled = await alibaba.cancelOrderV2({
      webSite: '1688',
      orderId,
      cancelReason: 'buyerCancel',
      remark: 'demo',
    });
    detail('cancelled', cancelled);
    if (target.kind === 'sandbox') {
      const message = await receiver.next('ORDER_CANCEL');
      detail('callback', `${message.messageType} received and verified`);
    }
  }

  stepTitle("Look up a Taobao order's logistics (GET /v2/taobao/order/logistics/detail/get)");
  try {
    const logistics = await taobao.getOrderLogisticsV2({
      subPurchaseOrderId: process.env.PANDAPON_DEMO_SUB_ORDER_ID ?? '2001234567890',
    });
    detail('logistics', logistics);
  } catch (error) {
    // On the live API an unknown order id is an API error: show how errors look, and go on.
    if (!(error instanceof PandaPonError)) throw error;
    detail('API answered', `${error.name}: ${error.message}`);
  }

  stepTitle('Create a Taobao order from typed lines (POST /open/order)');
  if (target.writesAllowed) {
    // orderLineList and receiver travel as JSON inside strings; the method takes them typed
    // (a misspelt key is a compile error) and encodes them.
    const { envelope, requestId } = await taobao
      .createOrder({
        orderLineList: [
          {
            itemId: '600126245031041190',
            skuId: '5016042822039',
            orderLineNo: '1',
            quantity: '2',
            price: '1',
            currency: 'CNY',
          },
        ],
        receiver: {
          name: 'Demo Buyer',
          mobile_phone: '15068763421',
          country: '中国',
          state: '浙江省',
          city: '杭州市',
          district: '余杭区',
          address: '文一西路 1 号',
          zip: '311121',
        },
        purchaseAmount: 400,
      })
      .withResponse();
    detail(
      'answer',
      `code ${envelope.code}, requestId ${requestId ?? 'none'}, data ${JSON.stringify(envelope.data)}`,
    );
    note('order lines and receiver were sent as JSON strings, encoded by the method');
  } else {
    note('skipped (read-only live run)');
  }

  stepTitle('Add a delivery address (POST /v2/open/address/addOrUpdate)');
  if (!target.writesAllowed) {
    note('skipped (read-only live run)');
    return;
  }
  const saved = await foundations.addressAddOrUpdateV2(ADDRESS_BOOK_ENTRY);
  detail('saved', saved ?? '(no data in the response, as documented)');
  if (target.sandbox) {
    const response = await fetch(`${target.sandbox.url}/__sandbox/addresses`);
    const { data } = (await response.json()) as { data: unknown };
    detail('read back', data);
    note(
      'read back through the sandbox-only /__sandbox/addresses: PandaPon documents no list call',
    );
  }
}

/** Ids beyond 2^53 arrive as their exact digits (a string); smaller ones as numbers. */
function toOrderId(value: unknown): string | number {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    return value;
  }
  throw new Error(
    `The order was created but its id is missing from the response: ${String(value)}`,
  );
}

const ADDRESS_BOOK_ENTRY = {
  name: 'Li Lei',
  phone: '13800000000',
  province: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
};

main().catch((error: unknown) => {
  console.error(
    '\nDemo failed:',
    error instanceof Error ? `${error.name}: ${error.message}` : error,
  );
  process.exitCode = 1;
});
