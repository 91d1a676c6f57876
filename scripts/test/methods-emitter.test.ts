/** The operation-method emitter: names, params merging, exact types, ids, routes, docs. */

import { methodName } from '@pandapon/spec-model';
import { describe, expect, it } from 'vitest';
import { emitMethods, idPaths, type MethodOperation } from '../methods/emit-methods.js';
import { typeExpression } from '../methods/schema-type.js';

const names = {
  platform: 'shop',
  prefix: 'shop',
  interfaceName: 'ShopMethods',
  tableName: 'shopRoutes',
};

function operation(overrides: Partial<MethodOperation>): MethodOperation {
  return {
    operationId: 'shopCancelOrderV2',
    method: 'POST',
    path: '/v2/shop/order/cancel/{shopId}',
    summary: 'Cancel an order',
    docs: [{ url: 'https://doc.example.test/api-1', lang: 'en' }],
    safeToRetry: false,
    truncated: false,
    parameters: [
      { name: 'shopId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'lang', in: 'query', required: false, schema: { type: 'string' } },
    ],
    body: {
      required: true,
      schema: {
        type: 'object',
        required: ['orderId'],
        properties: {
          orderId: { type: 'integer', description: 'The order.' },
          lines: {
            type: 'array',
            items: { type: 'object', properties: { itemId: { type: 'integer' } } },
          },
        },
      },
    },
    data: { type: 'boolean' },
    ...overrides,
  };
}

describe('method names', () => {
  it('drop the platform word and lower-case the next letter', () => {
    expect(methodName('alibabaCancelOrderV2', 'alibaba')).toBe('cancelOrderV2');
    expect(methodName('taobaoGetProductV2', 'taobao')).toBe('getProductV2');
  });
  it('keep ids without the platform word', () => {
    expect(methodName('addressAddOrUpdate', undefined)).toBe('addressAddOrUpdate');
    expect(methodName('taobaoish', 'taobao')).toBe('taobaoish');
  });
});

describe('emitMethods', () => {
  const source = emitMethods([operation({})], names);

  it('merges path, query and body fields into one named params interface', () => {
    expect(source).toMatch(
      /export interface CancelOrderV2Params \{[\s\S]*shopId: string;[\s\S]*lang\?: string;[\s\S]*orderId: PandaPonId;[\s\S]*lines\?: Array<\{[\s\S]*itemId\?: PandaPonId;/,
    );
    expect(source).toContain('export type CancelOrderV2Data = boolean;');
  });

  it('writes the method with JSDoc from the spec', () => {
    expect(source).toContain(
      'cancelOrderV2(params: CancelOrderV2Params, options?: RequestOptions): APIPromise<CancelOrderV2Data>;',
    );
    expect(source).toContain('* Cancel an order');
    expect(source).toContain('@see https://doc.example.test/api-1 (en)');
    expect(source).toContain('Not retried automatically');
  });

  it('routes each field and lists the body ids', () => {
    expect(source).toContain(
      `cancelOrderV2: { method: 'POST', path: '/v2/shop/order/cancel/{shopId}', query: ["lang"], body: ["orderId","lines"], ids: ["orderId","lines[].itemId"] },`,
    );
  });

  it('warns where the response is only partly documented', () => {
    expect(emitMethods([operation({ truncated: true })], names)).toContain('**Partly documented**');
  });

  it('fails on a field in two places', () => {
    const clash = operation({
      parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
    });
    expect(() => emitMethods([clash], names)).toThrow(/`orderId` is both a path and a body field/);
  });

  it('fails on a name that would hide a client member', () => {
    expect(() => emitMethods([operation({ operationId: 'shopPaginate' })], names)).toThrow(
      /client member/,
    );
  });

  it('gives paged operations paginate(), with item and page-params types', () => {
    const paged = emitMethods(
      [
        operation({
          operationId: 'shopListOrders',
          path: '/shop/orders',
          parameters: [],
          pagination: {
            in: 'body',
            page: 'pageNo',
            size: 'pageSize',
            items: 'records',
            total: 'total',
          },
          body: {
            required: true,
            schema: {
              type: 'object',
              required: ['pageNo', 'pageSize'],
              properties: { pageNo: { type: 'integer' }, pageSize: { type: 'integer' } },
            },
          },
          data: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              records: {
                type: 'array',
                items: { type: 'object', properties: { name: { type: 'string' } } },
              },
            },
          },
        }),
      ],
      names,
    );
    expect(paged).toMatch(/export type ListOrdersItem = \{\s*name\?: string;\s*\};/);
    expect(paged).toContain('records?: ListOrdersItem[];');
    expect(paged).toMatch(/export interface ListOrdersPageParams \{\s*pageSize\?: number;\s*\}/);
    expect(paged).toContain(
      'paginate(params?: ListOrdersPageParams, options?: PaginateRequestOptions): Paginator<ListOrdersData, ListOrdersItem>;',
    );
  });
});

describe('schema types', () => {
  it('accept ids in every form in params and return numbers or digit strings', () => {
    const id = { type: 'integer' };
    expect(typeExpression(id, { direction: 'in' }, '', 'orderId')).toBe('PandaPonId');
    expect(typeExpression(id, { direction: 'out' }, '', 'orderId')).toBe('number | string');
    expect(typeExpression(id, { direction: 'out' }, '', 'count')).toBe('number');
  });

  it('keep params exact but give open results an index signature', () => {
    const open = {
      type: 'object',
      additionalProperties: true,
      properties: { a: { type: 'string' } },
    };
    expect(typeExpression(open, { direction: 'in' })).not.toContain('[key: string]');
    expect(typeExpression(open, { direction: 'out' })).toContain('[key: string]: unknown;');
  });

  it('finds nested ids', () => {
    expect(
      idPaths({
        type: 'object',
        properties: {
          a: { type: 'object', properties: { shopId: { type: ['integer', 'null'] } } },
        },
      }),
    ).toEqual(['a.shopId']);
  });
});
