import { CALLBACK_MESSAGE_TYPES } from '../callback-dispatcher.js';
import type { Order, OrderAddress, OrderLine, StateStore } from '../state.js';
import {
  conflict,
  type Flow,
  type FlowContext,
  type FlowResult,
  fenToYuan,
  field,
  idString,
  invalid,
  isoTime,
  notFound,
  ok,
  positiveInteger,
  pseudoPriceFen,
  textOrNull,
} from './context.js';

/** Flat domestic shipping fee the sandbox charges per order (8.00 yuan). */
export const SHIPPING_FEE_FEN = 800;

/** 1688 order ids have 19 digits; the sandbox's do too, so clients meet ids beyond 2^53. */
const ORDER_ID_BASE = 2_500_000_000_000_000_000n;

const MESSAGE_PLATFORM_1688 = 1;

/** A goods line before it becomes part of an order. */
export interface DraftLine {
  offerId: string;
  specId: string;
  title: string;
  imageUrl: string;
  sellerOpenId: string;
  unitPriceFen: number;
  quantity: number;
}

/** Reads `cargoParamList` (v1 offerId, v2 offerMapId); an error message when unusable. */
export function draftLinesFromCargo(body: unknown): DraftLine[] | string {
  const cargo = field(body, 'cargoParamList');
  if (!Array.isArray(cargo) || cargo.length === 0) {
    return 'body.cargoParamList must list at least one item';
  }
  const lines: DraftLine[] = [];
  for (const [index, entry] of cargo.entries()) {
    const offerId = idString(field(entry, 'offerId')) ?? idString(field(entry, 'offerMapId'));
    if (!offerId) return `body.cargoParamList[${index}].offerId (or offerMapId) is required`;
    const quantity = positiveInteger(field(entry, 'quantity'));
    if (!quantity) return `body.cargoParamList[${index}].quantity must be a positive integer`;
    const specId = idString(field(entry, 'specId')) ?? '';
    lines.push({
      offerId,
      specId,
      title: `Sandbox offer ${offerId}`,
      imageUrl: `https://sandbox.pandapon.invalid/images/${encodeURIComponent(offerId)}.jpg`,
      sellerOpenId:
        idString(field(entry, 'sellerOpenId')) ?? `sandbox-seller-${pseudoPriceFen(offerId) % 10}`,
      unitPriceFen: pseudoPriceFen(`${offerId}/${specId}`),
      quantity,
    });
  }
  return lines;
}

export function addressFrom(body: unknown): OrderAddress {
  const param = field(body, 'addressParam');
  return {
    fullName: textOrNull(field(param, 'fullName')),
    mobile: textOrNull(field(param, 'mobile')),
    phone: textOrNull(field(param, 'phone')),
    postCode: textOrNull(field(param, 'postCode')),
    provinceText: textOrNull(field(param, 'provinceText')),
    cityText: textOrNull(field(param, 'cityText')),
    areaText: textOrNull(field(param, 'areaText')),
    townText: textOrNull(field(param, 'townText')),
    address: textOrNull(field(param, 'address')),
  };
}

function productAmountFen(lines: readonly DraftLine[]): number {
  return lines.reduce((sum, line) => sum + line.unitPriceFen * line.quantity, 0);
}

/** The preview 1688 gives before ordering; amounts in fen, as 1688 reports them. */
export function previewData(lines: readonly DraftLine[]): unknown {
  const goods = productAmountFen(lines);
  return {
    success: true,
    errorCode: null,
    errorMsg: null,
    postFeeByDescOfferList: null,
    consignOfferList: null,
    unsupportedCrossBorderPayOfferList: [],
    orderPreviewResuslt: [
      {
        status: true,
        discountFee: 0,
        tradeModeNameList: ['general'],
        sumPayment: goods + SHIPPING_FEE_FEN,
        sumCarriage: SHIPPING_FEE_FEN,
        sumPaymentNoCarriage: goods,
        cargoList: lines.map((line) => ({
          offerId: line.offerId,
          specId: line.specId,
          quantity: line.quantity,
          finalUnitPrice: fenToYuan(line.unitPriceFen),
          amount: fenToYuan(line.unitPriceFen * line.quantity),
        })),
      },
    ],
  };
}

export function createOrder(
  context: FlowContext,
  lines: readonly DraftLine[],
  address: OrderAddress,
  message: string | null,
): Order {
  const { store } = context;
  const now = isoTime(context);
  const orderLines: OrderLine[] = lines.map((line) => ({ ...line, entryId: store.nextId() }));
  const goods = productAmountFen(lines);
  const order: Order = {
    orderId: String(ORDER_ID_BASE + BigInt(store.nextId())),
    userId: context.userId,
    accessKey: context.accessKey,
    status: 'waitbuyerpay',
    lines: orderLines,
    productAmountFen: goods,
    shippingFeeFen: SHIPPING_FEE_FEN,
    totalAmountFen: goods + SHIPPING_FEE_FEN,
    address,
    message,
    createdAt: now,
    updatedAt: now,
    paidAt: null,
    cancelledAt: null,
    cancelReason: null,
  };
  store.current.orders.push(order);
  store.commit();
  context.notify(
    order.accessKey,
    CALLBACK_MESSAGE_TYPES.orderCreated,
    MESSAGE_PLATFORM_1688,
    orderView(order),
  );
  return order;
}

/** 1688's create result: the order id and the amounts in fen. */
export function createdOrderData(order: Order): unknown {
  return {
    orderId: order.orderId,
    totalSuccessAmount: order.totalAmountFen,
    postFee: order.shippingFeeFen,
  };
}

/**
 * An order as 1688's buyer view shows it (baseInfo, productItems, nativeLogistics...), used for
 * order details, order lists and callback message bodies. Amounts in yuan, as 1688 shows them.
 * The id is given as `idOfStr` only: as a JSON number it would not survive JavaScript parsing.
 */
export function orderView(order: Order): Record<string, unknown> {
  const address = order.address;
  return {
    baseInfo: {
      idOfStr: order.orderId,
      status: order.status,
      totalAmount: fenToYuan(order.totalAmountFen),
      sumProductPayment: fenToYuan(order.productAmountFen),
      shippingFee: fenToYuan(order.shippingFeeFen),
      buyerID: order.userId,
      sellerID: order.lines[0]?.sellerOpenId ?? null,
      createTime: order.createdAt,
      modifyTime: order.updatedAt,
      payTime: order.paidAt,
      remark: order.message,
      closeReason: order.cancelReason,
    },
    productItems: order.lines.map((line) => ({
      ...(/^\d{1,15}$/.test(line.offerId) ? { productID: Number(line.offerId) } : {}),
      offerMapId: line.offerId,
      specId: line.specId,
      subItemIDString: String(line.entryId),
      name: line.title,
      price: fenToYuan(line.unitPriceFen),
      quantity: line.quantity,
      itemAmount: fenToYuan(line.unitPriceFen * line.quantity),
      productImgUrl: [line.imageUrl],
    })),
    nativeLogistics: {
      contactPerson: address.fullName ?? '',
      mobile: address.mobile ?? '',
      telephone: address.phone ?? '',
      province: address.provinceText ?? '',
      city: address.cityText ?? '',
      area: address.areaText ?? '',
      address: [address.townText, address.address].filter(Boolean).join(' '),
      zip: address.postCode ?? '',
    },
    tradeTerms: [],
    orderBizInfo: {},
  };
}

function findOrder(
  store: StateStore,
  orderId: string | undefined,
  userId?: string,
): Order | undefined {
  if (!orderId) return undefined;
  return store.current.orders.find(
    (order) => order.orderId === orderId && (userId === undefined || order.userId === userId),
  );
}

function missingOrder(orderId: string | undefined, userId: string): FlowResult {
  return orderId
    ? notFound(`order ${orderId} does not exist for user-id ${userId}`)
    : invalid('orderId is required');
}

export const previewOrder: Flow = (context) => {
  const lines = draftLinesFromCargo(context.body);
  return typeof lines === 'string' ? invalid(lines) : ok(previewData(lines));
};

export const placeOrder: Flow = (context) => {
  const lines = draftLinesFromCargo(context.body);
  if (typeof lines === 'string') return invalid(lines);
  const order = createOrder(
    context,
    lines,
    addressFrom(context.body),
    textOrNull(field(context.body, 'message')),
  );
  return ok(createdOrderData(order));
};

export const getOrderDetail: Flow = (context) => {
  const orderId = idString(field(context.body, 'orderId'));
  const order = findOrder(context.store, orderId, context.userId);
  return order ? ok(orderView(order)) : missingOrder(orderId, context.userId);
};

/** The v2 order page: the request's paging fields are not in our copies, so several names work. */
export const listOrders: Flow = (context) => {
  const body = context.body;
  const page =
    positiveInteger(field(body, 'pageNo')) ??
    positiveInteger(field(body, 'currentPage')) ??
    positiveInteger(field(body, 'beginPage')) ??
    1;
  const pageSize = positiveInteger(field(body, 'pageSize')) ?? 10;
  const mine = context.store.current.orders
    .filter((order) => order.userId === context.userId)
    .reverse();
  return ok({
    totalRecords: mine.length,
    totalPage: Math.ceil(mine.length / pageSize),
    pageSize,
    currentPage: page,
    data: mine.slice((page - 1) * pageSize, page * pageSize).map(orderView),
  });
};

export const cancelOrder: Flow = (context) => {
  const orderId = idString(field(context.body, 'orderId'));
  const order = findOrder(context.store, orderId, context.userId);
  if (!order) return missingOrder(orderId, context.userId);
  if (order.status === 'waitsellersend') {
    return conflict(`order ${order.orderId} is already paid; only unpaid orders can be cancelled`);
  }
  if (order.status === 'cancel') return conflict(`order ${order.orderId} is already cancelled`);
  const now = isoTime(context);
  order.status = 'cancel';
  order.cancelledAt = now;
  order.updatedAt = now;
  order.cancelReason = textOrNull(field(context.body, 'cancelReason'));
  context.store.commit();
  context.notify(
    order.accessKey,
    CALLBACK_MESSAGE_TYPES.orderCancelled,
    MESSAGE_PLATFORM_1688,
    orderView(order),
  );
  return ok(true);
};

/** Sandbox-only page that plays the payment site: GET it to pay the order. */
export function payUrlFor(baseUrl: string, orderId: string): string {
  return `${baseUrl}/__sandbox/pay/${orderId}`;
}

export const getPayUrl: Flow = (context) => {
  const orderId = context.query.get('orderId') ?? undefined;
  const order = findOrder(context.store, orderId, context.userId);
  if (!order) return missingOrder(orderId, context.userId);
  if (order.status === 'cancel')
    return conflict(`order ${order.orderId} is cancelled and cannot be paid`);
  if (order.status === 'waitsellersend') return conflict(`order ${order.orderId} is already paid`);
  return ok({
    orderId: order.orderId,
    protocolPaySuccess: false,
    payUrl: payUrlFor(context.baseUrl, order.orderId),
    cantPayOrderList: [],
  });
};

export type OrderActionResult = { order: Order } | { code: number; msg: string };

/** What the sandbox pay page does. Paying twice is harmless (no second callback). */
export function payOrder(
  store: StateStore,
  orderId: string,
  now: () => number,
  notify: FlowContext['notify'],
): OrderActionResult {
  const order = findOrder(store, orderId);
  if (!order) return notFound(`order ${orderId} does not exist`) as OrderActionResult;
  if (order.status === 'cancel')
    return conflict(`order ${orderId} is cancelled and cannot be paid`) as OrderActionResult;
  if (order.status === 'waitsellersend') return { order };
  const time = new Date(now()).toISOString();
  order.status = 'waitsellersend';
  order.paidAt = time;
  order.updatedAt = time;
  store.commit();
  notify(
    order.accessKey,
    CALLBACK_MESSAGE_TYPES.orderPaid,
    MESSAGE_PLATFORM_1688,
    orderView(order),
  );
  return { order };
}

/** Sandbox-only stand-in for the seller changing the price of an unpaid order. */
export function modifyOrderPrice(
  store: StateStore,
  orderId: string,
  totalAmountFen: number,
  now: () => number,
  notify: FlowContext['notify'],
): OrderActionResult {
  const order = findOrder(store, orderId);
  if (!order) return notFound(`order ${orderId} does not exist`) as OrderActionResult;
  if (order.status !== 'waitbuyerpay') {
    return conflict(
      `order ${orderId} is ${order.status === 'cancel' ? 'cancelled' : 'paid'}; only unpaid orders can change price`,
    ) as OrderActionResult;
  }
  order.totalAmountFen = totalAmountFen;
  order.productAmountFen = Math.max(0, totalAmountFen - order.shippingFeeFen);
  order.updatedAt = new Date(now()).toISOString();
  store.commit();
  notify(
    order.accessKey,
    CALLBACK_MESSAGE_TYPES.orderPriceModified1688,
    MESSAGE_PLATFORM_1688,
    orderView(order),
  );
  return { order };
}
