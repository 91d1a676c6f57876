import { describe, expect, it } from 'vitest';
import { enumMatches, parsePage } from '../apifox/parse-page.js';
import type { PageField } from '../apifox/types.js';
import { PAGE, page } from './helpers/fixtures.js';

const byPath = (fields: PageField[]) => new Map(fields.map((f) => [f.path, f]));

describe('parsePage: a complete page', () => {
  const p = parsePage(page(PAGE.orderCreate));

  it('reads the preamble', () => {
    expect(p).toMatchObject({
      url: 'https://doc.example.test/api-1001',
      kind: 'api',
      title: '创建订单',
      folder: '订单',
      method: 'POST',
      path: '/open/shop/order/create',
      underDevelopment: false,
      complete: true,
      lastModified: '2025-04-24 09:35:15',
      requestContentType: 'application/json',
      responseStatus: 200,
    });
    expect(p.cut).toBeUndefined();
    expect(p.menu).toEqual(['商店', '商品', '订单', '售后']);
    expect(p.warnings).toEqual([]);
  });

  it('reports the system headers separately, never as request fields', () => {
    expect(p.headers.map((h) => [h.name, h.required])).toEqual([
      ['access-key', true],
      ['nonce-str', false],
      ['timestamp', true],
      ['user-id', true],
      ['signature', true],
    ]);
    expect(p.headers[0]?.defaultValue).toBe('ak-0000');
    expect(p.body.map((f) => f.name)).not.toContain('access-key');
  });

  it('flattens body fields with dotted paths and [] for array items', () => {
    expect(p.body.map((f) => f.path)).toEqual([
      'orderNo',
      'remark',
      'address',
      'address.city',
      'address.zip',
      'items',
      'items[].skuId',
      'items[].quantity',
      'channel',
    ]);
    const f = byPath(p.body);
    expect(f.get('orderNo')).toMatchObject({ required: true, depth: 1, nesting: 'top-level' });
    expect(f.get('remark')).toMatchObject({ description: '买家备注' });
    expect(f.get('remark')?.required).toBeUndefined();
    expect(f.get('remark')?.type).toMatchObject({ types: ['string'], nullable: true });
    expect(f.get('address')?.type).toMatchObject({ types: ['object'], schemaName: 'ShopAddress' });
    expect(f.get('address.city')).toMatchObject({ depth: 2, nesting: 'example', required: true });
    expect(f.get('items')?.type).toMatchObject({ types: ['array'], childCount: 2 });
    expect(f.get('items[].skuId')?.nesting).toBe('count');
    expect(f.get('items[].quantity')).toMatchObject({ defaultValue: '1' });
    expect(f.get('items[].quantity')?.type).toMatchObject({ types: ['integer'], format: 'int32' });
    // The enum values are printed glued together on one line.
    expect(f.get('channel')).toMatchObject({ required: false, enumValues: ['WEBAPPSTORE'] });
    expect(f.get('channel')?.type).toMatchObject({
      types: ['string'],
      nullable: true,
      isEnum: true,
    });
    expect(p.bodyExpanded.sort()).toEqual(['', 'address', 'items[]']);
  });

  it('reads the response table, closing `data` at the envelope fields', () => {
    expect(p.response.map((f) => f.path)).toEqual([
      'requestId',
      'code',
      'msg',
      'data',
      'data.orderId',
      'data.lines',
      'data.total',
    ]);
    // data.lines is a depth-2 container: collapsed, so data.total is its sibling.
    expect(byPath(p.response).get('data.total')?.type?.types).toEqual(['number']);
  });

  it('returns both examples when complete', () => {
    expect(p.requestExample).toMatchObject({ complete: true, from: 'example' });
    expect(p.requestExample?.value).toEqual({
      orderNo: 'A-1',
      address: { city: 'Hangzhou', zip: '310000' },
      items: [{ skuId: 's-1', quantity: 2 }],
      channel: 'WEB',
    });
    expect(p.responseExample?.value).toMatchObject({ code: 200, data: { orderId: 7, total: 19 } });
    expect(p.responseExample?.paths).toContain('data.lines[].price');
  });
});

describe('parsePage: cut pages', () => {
  it('reports a cut inside the body table and keeps the field whose type line is cut', () => {
    const p = parsePage(page(PAGE.orderCreateCut));
    expect(p.complete).toBe(false);
    expect(p.cut).toMatchObject({ section: 'request.body', lastField: 'city', lastLine: 'intege' });
    const last = p.body[p.body.length - 1];
    expect(last).toMatchObject({
      name: 'city',
      cut: true,
      nesting: 'guess',
      alternativePath: 'city',
    });
    expect(last?.type).toBeUndefined();
    expect(p.body.filter((f) => f.cut)).toHaveLength(1);
    expect(p.response).toEqual([]);
    expect(p.responseStatus).toBeUndefined();
  });

  it('reports a cut inside the response table and drops the half-printed name', () => {
    const p = parsePage(page(PAGE.orderGet));
    expect(p.cut).toMatchObject({
      section: 'response.fields',
      lastField: 'createdAt',
      lastLine: 'buyerN',
    });
    expect(p.response.map((f) => f.path)).toEqual([
      'requestId',
      'code',
      'msg',
      'data',
      'data.orderId',
      'data.status',
      'data.createdAt',
    ]);
    expect(p.response[p.response.length - 1]?.cut).toBe(true);
    expect(p.response[p.response.length - 1]?.type?.format).toBe('date-time');
  });

  it('reports a cut inside the response example (a literal cut short is not bad JSON)', () => {
    const p = parsePage(page(PAGE.refundSubmit));
    expect(p.cut).toMatchObject({ section: 'response.example', lastLine: '"data": tr' });
    expect(p.responseExample).toMatchObject({ complete: false, paths: ['code', 'data'] });
    expect(p.responseExample?.value).toBeUndefined();
    expect(p.warnings).toEqual([]);
  });

  it('never throws, whatever byte the page is cut at, and only the full copy is complete', () => {
    for (const name of Object.values(PAGE)) {
      const text = page(name);
      for (let end = 0; end <= text.length; end += 3) {
        const p = parsePage(text.slice(0, end));
        if (p.complete) expect(text.slice(0, end)).toMatch(/(修改于|Modified at)/);
        else if (text.slice(0, end).trim() !== '') expect(p.cut).toBeDefined();
      }
    }
  });

  it('handles empty and non-page input', () => {
    expect(parsePage('')).toMatchObject({ kind: 'doc', complete: false, body: [] });
    expect(parsePage('{"not": "a page"}').kind).toBe('doc');
    expect(parsePage('POST\n').kind).toBe('doc');
  });
});

describe('parsePage: page kinds and labels', () => {
  it('reads the 开发中 label, a request example and a nullable array', () => {
    const p = parsePage(page(PAGE.refundSubmit));
    expect(p).toMatchObject({ underDevelopment: true, title: '提交退款', folder: '售后' });
    expect(p.body.find((f) => f.name === 'images')?.type).toMatchObject({
      types: ['array'],
      nullable: true,
      items: { types: ['string'] },
    });
    expect(p.requestExample?.value).toEqual({
      orderId: 7,
      reason: 'damaged',
      images: ['https://img.example.test/1.jpg'],
    });
  });

  it('reads path and query parameters with their example values', () => {
    const p = parsePage(page(PAGE.orderGet));
    expect(p.path).toBe('/open/shop/order/{orderId}');
    expect(p.params.path).toMatchObject([
      { name: 'orderId', required: true, exampleValue: '7', type: { types: ['integer'] } },
    ]);
    expect(p.params.query.map((q) => [q.name, q.required])).toEqual([
      ['lang', undefined],
      ['sign', true],
    ]);
    expect(p.params.query[0]?.exampleValue).toBe('en');
    expect(p.headers.map((h) => h.name)).toEqual(['access-key']);
    expect(p.body).toEqual([]);
  });

  it('finds the page after a navigation menu (the seed layout, no URL line)', () => {
    const p = parsePage(page(PAGE.menuSeed));
    expect(p).toMatchObject({
      kind: 'api',
      title: 'List refund messages',
      method: 'POST',
      path: '/open/shop/refund/messages',
      underDevelopment: true,
      complete: true,
      lastModified: '2025-02-24 06:56:56',
    });
    expect(p.url).toBeUndefined();
    expect(p.menu).toContain('Cancel an order');
    // Non-breaking spaces after the types; the required word after the description.
    expect(p.body.map((f) => [f.path, f.required, f.description])).toEqual([
      ['pageNo', false, '页码'],
      ['refundId', true, '退款ID'],
    ]);
    expect(p.response.map((f) => f.path)).toEqual([
      'code',
      'data',
      'data.messages',
      'data.total',
      'msg',
    ]);
    expect(p.response.find((f) => f.path === 'msg')?.type).toMatchObject({
      types: ['string'],
      nullable: true,
    });
  });

  it('reads a callback page: the message fields come as the response', () => {
    const p = parsePage(page(PAGE.callback));
    expect(p).toMatchObject({ kind: 'callback', method: 'POST', path: 'SHOP_ORDER_PRICE_MODIFY' });
    expect(p.response.map((f) => f.path)).toEqual([
      'messageType',
      'messageBody',
      'messageBody.orderId',
      'messageBody.lines',
      'messagePlatform',
      'timestamp',
    ]);
  });

  it('recognises a manual page (no method and path) and its completeness', () => {
    const p = parsePage(page(PAGE.manual));
    expect(p).toMatchObject({ kind: 'doc', complete: true, lastModified: '2025-08-19 06:50:46' });
    expect(p.method).toBeUndefined();
  });

  it('takes a path glued to 请求参数 (older layout)', () => {
    const p = parsePage('Title\nPOST\n/open/x/get请求参数\nSome text\n');
    expect(p).toMatchObject({ method: 'POST', path: '/open/x/get' });
  });

  it('uses the spec hints to end an object the page cannot end by itself', () => {
    const text = [
      'T',
      'POST',
      '/open/x',
      '请求参数',
      'Body 参数application/json',
      'address',
      'object',
      'city',
      'string',
      'items',
      'array [object {1}]',
      'skuId',
      'string',
      '示例代码',
    ].join('\n');
    const guessed = parsePage(text);
    expect(guessed.body.map((f) => f.path)).toEqual([
      'address',
      'address.city',
      'address.items',
      'address.skuId',
    ]);
    expect(guessed.body[2]).toMatchObject({ nesting: 'guess', alternativePath: 'items' });
    const hinted = parsePage(text, {
      hints: () => ({ body: new Set(['address', 'address.city', 'items', 'items[].skuId']) }),
    });
    expect(hinted.body.map((f) => [f.path, f.nesting])).toEqual([
      ['address', 'top-level'],
      ['address.city', 'hint'],
      ['items', 'top-level'],
      ['items[].skuId', 'count'],
    ]);
  });
});

describe('enumMatches', () => {
  it('matches listed values as a set and glued values by concatenation', () => {
    expect(enumMatches(['A', 'B'], ['B', 'A'])).toBe(true);
    expect(enumMatches(['WEBAPPSTORE'], ['WEB', 'APP', 'STORE', null])).toBe(true);
    expect(enumMatches(['WEBAPP'], ['WEB', 'APP', 'STORE'])).toBe(false);
    expect(enumMatches(['A', 'C'], ['A', 'B'])).toBe(false);
  });
});
