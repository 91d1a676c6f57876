import type { Address } from '../state.js';
import {
  type Flow,
  type FlowContext,
  field,
  isoTime,
  notFound,
  ok,
  positiveInteger,
  textOrNull,
} from './context.js';

const ADDRESS_FIELDS = ['name', 'province', 'city', 'district', 'address', 'phone'] as const;

/**
 * Add or update: the page does not say how the platform tells the two apart; the sandbox updates
 * when `id` names one of the caller's addresses, and adds otherwise (an unknown non-zero id is a
 * 40402, so typos do not silently create records). `data` is the saved address's id (the
 * platform documents no `data` here).
 */
export const addOrUpdateAddress: Flow = (context: FlowContext) => {
  const { body, store, userId } = context;
  const id = positiveInteger(field(body, 'id'));
  const now = isoTime(context);
  if (id !== undefined) {
    const existing = store.current.addresses.find(
      (address) => address.id === id && address.userId === userId,
    );
    if (!existing) return notFound(`address ${id} does not exist for user-id ${userId}`);
    for (const name of ADDRESS_FIELDS) {
      if (field(body, name) !== undefined) existing[name] = textOrNull(field(body, name));
    }
    existing.updatedAt = now;
    store.commit();
    return ok(existing.id);
  }
  const address: Address = {
    id: store.nextId(),
    userId,
    name: textOrNull(field(body, 'name')),
    province: textOrNull(field(body, 'province')),
    city: textOrNull(field(body, 'city')),
    district: textOrNull(field(body, 'district')),
    address: textOrNull(field(body, 'address')),
    phone: textOrNull(field(body, 'phone')),
    createdAt: now,
    updatedAt: now,
  };
  store.current.addresses.push(address);
  store.commit();
  return ok(address.id);
};
