/**
 * Every generated alibaba method against the sandbox (the shared table test, scripts/methods).
 * The sandbox's 1688 orders, cart and refunds are stateful: calls that need an existing order,
 * cart line or refund get one made first, through the methods themselves.
 */

import { startSandboxHarness } from '@pandapon/sandbox/testing';
import { describeMethodTable, type PrepareParams } from '../../../scripts/methods/method-suite.js';
import { createAlibabaClient } from '../src/index.js';
import { addressParam, cargoParamList } from './fixtures.js';

const order = { addressParam, cargoParamList };

const prepare: PrepareParams = async (name, example, { client, sandboxUrl }) => {
  const placeOrder = async () => {
    const created = (await client.createOrderV2?.({ flow: 'general', ...order })) as {
      orderId?: unknown;
    };
    return created.orderId;
  };
  const paidOrder = async () => {
    const orderId = await placeOrder();
    await fetch(`${sandboxUrl}/__sandbox/pay/${orderId}`);
    return orderId;
  };
  const cartLine = async () => {
    // The sandbox keeps one cart per user for both platforms; 1688 has no "add" call.
    const added = await (
      client as unknown as {
        request(
          method: 'POST',
          path: `/${string}`,
          init: { body: unknown },
        ): Promise<{
          data?: { cartId?: number };
        }>;
      }
    ).request('POST', '/open/cart/add', { body: { mpId: '1', mpSkuId: '2', quantity: 1 } });
    return added.data?.cartId;
  };
  switch (name) {
    case 'editCartQuantity':
      return { ...example, id: await cartLine(), quantity: 3 };
    case 'previewCartOrder':
    case 'createCartOrder':
      return { ...example, cartIds: [await cartLine()], addressParam };
    case 'previewOrder':
    case 'createOrder':
    case 'createOrderV2':
      return { ...example, ...order };
    case 'previewOrderV2': {
      // v2 names the item by its mapped id.
      return {
        ...example,
        addressParam,
        cargoParamList: cargoParamList.map(({ offerId, ...line }) => ({
          ...line,
          offerMapId: String(offerId),
        })),
      };
    }
    case 'getOrderDetail':
    case 'cancelOrder':
    case 'cancelOrderV2':
    case 'getPayUrl':
    case 'getPayUrlV2':
      return { ...example, orderId: await placeOrder() };
    case 'createRefund':
    case 'createRefundV2': {
      // The example's entry ids belong to the docs' order, not to this one.
      const { orderEntryIds: _entries, orderEntryCountList: _counts, ...rest } = example;
      return { ...rest, orderId: await paidOrder() };
    }
    case 'getRefundInfo': {
      const refund = (await client.createRefundV2?.({
        orderId: await paidOrder(),
        disputeRequest: 'refund',
        applyPayment: 1,
        applyCarriage: 0,
        applyReasonId: 1,
        description: 'test',
        goodsStatus: 'refundWaitSellerSend',
      })) as { refundId?: string };
      return { refundId: refund.refundId };
    }
    default:
      return undefined;
  }
};

describeMethodTable(
  'alibaba',
  () => startSandboxHarness(createAlibabaClient, { userId: 'alibaba-methods-user' }),
  prepare,
);
