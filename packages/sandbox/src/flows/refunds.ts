import type { Refund } from '../state.js';
import {
  conflict,
  type Flow,
  field,
  idString,
  invalid,
  isoTime,
  notFound,
  ok,
  textOrNull,
} from './context.js';

/** After-sales on a paid 1688 order: refused (40901) before payment or after cancellation. */
export const createRefund: Flow = (context) => {
  const { body, store, userId } = context;
  const orderId = idString(field(body, 'orderId'));
  const order = store.current.orders.find(
    (candidate) => candidate.orderId === orderId && candidate.userId === userId,
  );
  if (!order) return notFound(`order ${orderId ?? ''} does not exist for user-id ${userId}`);
  if (order.status !== 'waitsellersend') {
    return conflict(
      `order ${order.orderId} is ${order.status === 'cancel' ? 'cancelled' : 'not paid yet'}; only paid orders can be refunded`,
    );
  }
  const entryIds = field(body, 'orderEntryIds');
  const known = new Set(order.lines.map((line) => line.entryId));
  const orderEntryIds = Array.isArray(entryIds) ? entryIds.map(Number) : [...known];
  const unknown = orderEntryIds.find((id) => !known.has(id));
  if (unknown !== undefined) return notFound(`order ${order.orderId} has no entry ${unknown}`);
  const numberField = (name: string) => {
    const value = field(body, name);
    return typeof value === 'number' ? value : 0;
  };
  const id = store.nextId();
  const refund: Refund = {
    id,
    refundId: `TQ${String(id).padStart(12, '0')}`,
    orderId: order.orderId,
    userId,
    status: 'waitselleragree',
    disputeRequest: textOrNull(field(body, 'disputeRequest')) ?? '',
    applyPayment: numberField('applyPayment'),
    applyCarriage: numberField('applyCarriage'),
    applyReasonId: numberField('applyReasonId'),
    description: textOrNull(field(body, 'description')) ?? '',
    goodsStatus: textOrNull(field(body, 'goodsStatus')) ?? '',
    orderEntryIds,
    vouchers: (Array.isArray(field(body, 'vouchers'))
      ? (field(body, 'vouchers') as unknown[])
      : []
    ).filter((voucher): voucher is string => typeof voucher === 'string'),
    createdAt: isoTime(context),
  };
  store.current.refunds.push(refund);
  store.commit();
  return ok({ refundId: refund.refundId });
};

/** The refund record in AlibabaRefundInfo's field names, plus the ids it concerns. */
export const getRefundInfo: Flow = ({ body, query, store, userId }) => {
  // Pages disagree on where refundId goes (body or query); both are read.
  const refundId = idString(field(body, 'refundId')) ?? query.get('refundId') ?? undefined;
  if (!refundId) return invalid('refundId is required (body or query)');
  const refund = store.current.refunds.find(
    (candidate) => candidate.refundId === refundId && candidate.userId === userId,
  );
  if (!refund) return notFound(`refund ${refundId} does not exist for user-id ${userId}`);
  return ok({
    id: refund.id,
    refundId: refund.refundId,
    orderId: refund.orderId,
    status: refund.status,
    createBy: userId,
    createById: null,
    createTime: refund.createdAt,
    updateBy: userId,
    updateById: null,
    updateTime: refund.createdAt,
    remark: refund.description,
    alipayPaymentId: null,
    applyCarriage: refund.applyCarriage,
    applyExpect: null,
    applyPayment: refund.applyPayment,
    applyReason: refund.description,
    applyReasonId: refund.applyReasonId,
    applySubReason: null,
    applySubReasonId: null,
    buyerAlipayId: null,
    buyerLogisticsName: null,
    buyerMemberId: userId,
    buyerSendGoods: false,
    disputeRequest: refund.disputeRequest,
    goodsStatus: refund.goodsStatus,
    orderEntryIds: refund.orderEntryIds,
  });
};
