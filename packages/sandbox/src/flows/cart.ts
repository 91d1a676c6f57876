import type { CartLine } from '../state.js';
import {
  type Flow,
  type FlowContext,
  fenToYuan,
  field,
  idString,
  invalid,
  isoTime,
  notFound,
  ok,
  positiveInteger,
  textOrNull,
} from './context.js';
import {
  addressFrom,
  createdOrderData,
  createOrder,
  type DraftLine,
  previewData,
} from './orders.js';

/**
 * The sandbox keeps one cart per user-id. Our specs have an "add" call only for Taobao and a
 * "list" call only for 1688 (v2), so both act on this one cart: lines added through Taobao's
 * call are listed by 1688's, and can be ordered through 1688's cart-order calls.
 */
export const addCartItem: Flow = (context: FlowContext) => {
  const { body, store, userId } = context;
  const mpId = idString(field(body, 'mpId')) as string;
  const mpSkuId = idString(field(body, 'mpSkuId')) as string;
  const quantity = positiveInteger(field(body, 'quantity')) ?? 1;
  const existing = store.current.cartLines.find(
    (line) => line.userId === userId && line.mpId === mpId && line.mpSkuId === mpSkuId,
  );
  if (existing) {
    existing.quantity += quantity;
    store.commit();
    return ok({ cartId: existing.id, quantity: existing.quantity });
  }
  const price = field(body, 'promotionPrice') ?? field(body, 'price');
  const line: CartLine = {
    id: store.nextId(),
    userId,
    itemId: idString(field(body, 'itemId')) ?? idString(field(body, 'itemMapId')) ?? mpId,
    skuId: idString(field(body, 'skuId')) ?? null,
    mpId,
    mpSkuId,
    itemTitle: textOrNull(field(body, 'itemTitle')) ?? `Sandbox item ${mpId}`,
    itemPic: textOrNull(field(body, 'itemPic')) ?? '',
    priceFen: typeof price === 'number' && price >= 0 ? Math.round(price) : 0,
    quantity,
    shopId: idString(field(body, 'aliShopId')) ?? idString(field(body, 'shopId')) ?? 'sandbox-shop',
    shopName: textOrNull(field(body, 'shopName')) ?? 'Sandbox shop',
    properties: textOrNull(field(body, 'properties')),
    stock: positiveInteger(field(body, 'skuQuantity')) ?? 999,
    addedAt: isoTime(context),
  };
  store.current.cartLines.push(line);
  store.commit();
  return ok({ cartId: line.id, quantity: line.quantity });
};

/** 1688's v2 cart list: lines grouped by seller; every line can be ordered (`disableList` empty). */
export const listCart: Flow = ({ store, userId }) => {
  const groups = new Map<string, CartLine[]>();
  for (const line of store.current.cartLines) {
    if (line.userId !== userId) continue;
    const group = groups.get(line.shopId) ?? [];
    group.push(line);
    groups.set(line.shopId, group);
  }
  return ok({
    disableList: [],
    enableList: [...groups.values()].map((lines) => ({
      sellerOpenId: (lines[0] as CartLine).shopId,
      sellerNickName: (lines[0] as CartLine).shopName,
      cartItemInfos: lines.map((line) => ({
        id: line.id,
        offerMapId: line.itemId,
        specId: line.mpSkuId,
        skuId: line.skuId ?? '',
        itemTitle: line.itemTitle,
        itemPic: line.itemPic,
        price: fenToYuan(line.priceFen),
        quantity: line.quantity,
        amountOnSale: line.stock,
        properties: line.properties ?? '',
      })),
    })),
  });
};

export const editCartQuantity: Flow = ({ body, store, userId }) => {
  const id = positiveInteger(field(body, 'id'));
  if (id === undefined) return invalid('body.id must name a cart line');
  const quantity = positiveInteger(field(body, 'quantity'));
  if (quantity === undefined) return invalid('body.quantity must be a positive integer');
  const line = store.current.cartLines.find(
    (candidate) => candidate.id === id && candidate.userId === userId,
  );
  if (!line) return notFound(`cart line ${id} does not exist for user-id ${userId}`);
  line.quantity = quantity;
  store.commit();
  return ok(true);
};

/** The caller's cart lines named in `cartIds`, or an error message. */
function cartLinesFor(context: FlowContext): CartLine[] | string {
  const ids = field(context.body, 'cartIds');
  if (!Array.isArray(ids) || ids.length === 0)
    return 'body.cartIds must list at least one cart line';
  const lines: CartLine[] = [];
  for (const id of ids) {
    const line = context.store.current.cartLines.find(
      (candidate) => candidate.id === Number(id) && candidate.userId === context.userId,
    );
    if (!line) return `cart line ${String(id)} does not exist for user-id ${context.userId}`;
    lines.push(line);
  }
  return lines;
}

function draftsOf(lines: readonly CartLine[]): DraftLine[] {
  return lines.map((line) => ({
    offerId: line.itemId,
    specId: line.mpSkuId,
    title: line.itemTitle,
    imageUrl: line.itemPic,
    sellerOpenId: line.shopId,
    unitPriceFen: line.priceFen,
    quantity: line.quantity,
  }));
}

export const previewCartOrder: Flow = (context) => {
  const lines = cartLinesFor(context);
  if (typeof lines === 'string')
    return lines.startsWith('body.') ? invalid(lines) : notFound(lines);
  return ok(previewData(draftsOf(lines)));
};

/** Orders the named cart lines and removes them from the cart. */
export const createCartOrder: Flow = (context) => {
  const lines = cartLinesFor(context);
  if (typeof lines === 'string')
    return lines.startsWith('body.') ? invalid(lines) : notFound(lines);
  const order = createOrder(
    context,
    draftsOf(lines),
    addressFrom(context.body),
    textOrNull(field(context.body, 'message')),
  );
  const ordered = new Set(lines.map((line) => line.id));
  context.store.current.cartLines = context.store.current.cartLines.filter(
    (line) => !ordered.has(line.id),
  );
  context.store.commit();
  return ok(createdOrderData(order));
};
