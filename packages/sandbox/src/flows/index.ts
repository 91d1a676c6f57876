import { addOrUpdateAddress } from './addresses.js';
import {
  addCartItem,
  createCartOrder,
  editCartQuantity,
  listCart,
  previewCartOrder,
} from './cart.js';
import type { Flow } from './context.js';
import {
  cancelOrder,
  getOrderDetail,
  getPayUrl,
  listOrders,
  placeOrder,
  previewOrder,
} from './orders.js';
import { createRefund, getRefundInfo } from './refunds.js';

export type { Flow, FlowContext, FlowResult } from './context.js';

/**
 * The stateful operations, keyed by method and path (the docs' own coordinates, stable while
 * operationIds are still being settled). Each answers instead of the spec's example; every
 * other operation stays purely spec-driven. A flow whose operation is missing from the specs is
 * simply never reached.
 */
export const FLOWS: Readonly<Record<string, Flow>> = {
  // Cart: Taobao add, 1688 list / edit / preview / order.
  'POST /open/cart/add': addCartItem,
  'POST /v2/taobao/cart/add': addCartItem,
  'GET /v2/alibaba/cart/list': listCart,
  'POST /alibaba/cart/edit-quantity': editCartQuantity,
  'POST /alibaba/cart/preview/order': previewCartOrder,
  'POST /alibaba/cart/create/order': createCartOrder,
  // 1688 orders.
  'POST /alibaba/order/create/preview': previewOrder,
  'POST /v2/alibaba/order/create/preview': previewOrder,
  'POST /alibaba/order/create': placeOrder,
  'POST /v2/alibaba/order/create': placeOrder,
  'POST /alibaba/order/detail': getOrderDetail,
  'POST /v2/alibaba/order/page': listOrders,
  'POST /alibaba/order/cancel': cancelOrder,
  'POST /v2/alibaba/order/cancel': cancelOrder,
  'GET /alibaba/order/pay/url': getPayUrl,
  'GET /v2/alibaba/order/pay/url': getPayUrl,
  // 1688 after-sales.
  'POST /alibaba/refund/detail/create': createRefund,
  'POST /v2/alibaba/refund/detail/create': createRefund,
  'POST /alibaba/refund/info': getRefundInfo,
  // Addresses.
  'POST /open/address/addOrUpdate': addOrUpdateAddress,
  'POST /v2/open/address/addOrUpdate': addOrUpdateAddress,
};
