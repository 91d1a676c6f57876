import { describe, expect, it } from 'vitest';
import { bindRoute, splitParams } from '../src/operation-params.js';

// x-pandapon-json-string fields: the structured value is encoded before sending, a ready string
// passes unchanged, and anything else is refused before any network call.
const route = bindRoute('createOrder', {
  method: 'POST',
  path: '/open/order',
  body: ['orderLineList', 'receiver', 'purchaseAmount'],
  jsonStrings: { orderLineList: 'json', receiver: 'json' },
});
const search = bindRoute('searchProductsByKeywordV2', {
  method: 'POST',
  path: '/v2/alibaba/product/keywords/query',
  body: ['keyword', 'filter', 'sort'],
  jsonStrings: { filter: 'comma-list', sort: 'json' },
});

describe('JSON-string fields', () => {
  it('encodes structured values as JSON text, exact for big ids', () => {
    const parts = splitParams(route, {
      orderLineList: [
        { itemId: '600126245031041190', quantity: '2', propId: 1234567890123456789n },
      ],
      receiver: { name: 'Ann', city: '杭州市' },
      purchaseAmount: 400,
    });
    const body = parts.body as Record<string, unknown>;
    expect(body.orderLineList).toBe(
      '[{"itemId":"600126245031041190","quantity":"2","propId":1234567890123456789}]',
    );
    expect(JSON.parse(body.receiver as string)).toEqual({ name: 'Ann', city: '杭州市' });
    expect(body.purchaseAmount).toBe(400);
  });

  it('sends a ready string, null and an absent field as they are', () => {
    const ready = '[{"itemId":"1"}]';
    const parts = splitParams(route, { orderLineList: ready, receiver: null, purchaseAmount: 1 });
    expect(parts.body).toEqual({ orderLineList: ready, receiver: null, purchaseAmount: 1 });
    expect(splitParams(search, { keyword: 'x' }).body).toEqual({ keyword: 'x' });
  });

  it('joins comma-list flags and refuses what cannot be a flag list', () => {
    const body = splitParams(search, {
      keyword: 'x',
      filter: ['shipInToday', 'ksCiphertext'],
      sort: { price: 'desc' },
    }).body as Record<string, unknown>;
    expect(body.filter).toBe('shipInToday,ksCiphertext');
    expect(body.sort).toBe('{"price":"desc"}');
    for (const filter of [{ shipInToday: true }, ['a,b'], [''], [1], 'ok-string'.length]) {
      expect(() => splitParams(search, { keyword: 'x', filter })).toThrow(
        /searchProductsByKeywordV2: `filter` is a comma-separated list/,
      );
    }
  });
});
