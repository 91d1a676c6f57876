import { findOperations, pathShape, specIndexFromTexts } from '@pandapon/spec-model';
import { describe, expect, it } from 'vitest';
import { flattenSchema, parentObjectPath } from '../lib/schema-fields.js';
import { shopSpec } from './helpers/fixtures.js';

describe('flattenSchema', () => {
  const index = shopSpec();
  const create = index.byKey.get('POST /open/shop/order/create')?.[0];

  it('resolves $ref chains, across files, with sibling keys', () => {
    const response = flattenSchema(index.resolver, create?.response);
    // Envelope fields come from common.yaml through allOf; data is narrowed by the second part
    // through a $ref that has a `description` beside it.
    expect([...response.fields.keys()]).toEqual([
      'requestId',
      'code',
      'developId',
      'msg',
      'data',
      'data.orderId',
      'data.lines',
      'data.lines[].skuId',
      'data.lines[].quantity',
      'data.lines[].price',
      'data.total',
    ]);
    expect(response.fields.get('code')).toMatchObject({ required: true, nullable: false });
    expect(response.fields.get('developId')?.types).toEqual(new Set(['string', 'integer']));
    expect(response.fields.get('data')?.types).toEqual(new Set(['object']));
    expect(response.fields.get('data.lines')?.itemTypes).toEqual(new Set(['object']));
  });

  it('records required, nullability, enums and item types', () => {
    const body = flattenSchema(index.resolver, create?.requestBody);
    expect(body.fields.get('orderNo')).toMatchObject({ required: true });
    expect(body.fields.get('remark')).toMatchObject({ required: false, nullable: true });
    expect(body.fields.get('address.city')).toMatchObject({ required: true });
    expect(body.fields.get('items[].skuId')).toMatchObject({ required: true });
    expect(body.fields.get('channel')?.enum).toEqual(['WEB', 'APP', 'STORE', null]);
    expect(body.openObjects.size).toBe(0);
  });

  it('marks truncated and open objects', () => {
    const get = index.byKey.get('GET /open/shop/order/{orderId}')?.[0];
    expect(flattenSchema(index.resolver, get?.response).openObjects).toEqual(new Set(['data']));
  });

  it('merges oneOf branches without taking their required lists', () => {
    const idx = specIndexFromTexts({
      'common.yaml': 'components: {}',
      'x.yaml': `
paths:
  /x:
    post:
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - { type: object, required: [a], properties: { a: { type: string } } }
                - { type: object, properties: { b: { type: integer } } }
                - { type: 'null' }
`,
    });
    const op = idx.operations[0];
    const flat = flattenSchema(idx.resolver, op?.requestBody);
    expect([...flat.fields.keys()]).toEqual(['a', 'b']);
    expect(flat.fields.get('a')?.required).toBe(false);
  });

  it('stops on self-referencing schemas', () => {
    const idx = specIndexFromTexts({
      'x.yaml': `
paths:
  /x:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Node' }
components:
  schemas:
    Node:
      type: object
      properties:
        child: { $ref: '#/components/schemas/Node' }
`,
    });
    const flat = flattenSchema(idx.resolver, idx.operations[0]?.requestBody);
    expect(flat.fields.has('child.child.child')).toBe(true);
    expect(flat.fields.size).toBeLessThan(20);
  });

  it('gives parent object paths in the page notation', () => {
    expect(parentObjectPath('a')).toBe('');
    expect(parentObjectPath('a.b')).toBe('a');
    expect(parentObjectPath('a[].b')).toBe('a[]');
  });
});

describe('spec index', () => {
  it('collects params, security stand-ins, docs and flags', () => {
    const index = shopSpec();
    const get = index.byKey.get('GET /open/shop/order/{orderId}')?.[0];
    expect(get).toMatchObject({ operationId: 'shopGetOrder', file: 'shop.yaml', truncated: true });
    expect(get?.params.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:orderId:true',
      'query:lang:false',
    ]);
    expect([...(get?.securityParams ?? [])]).toEqual(['header:access-key', 'query:sign']);
    expect(index.webhooks).toMatchObject([
      { name: 'shopOrderPriceModify', messageTypes: ['SHOP_ORDER_PRICE_MODIFY'] },
    ]);
    expect(index.problems).toEqual([]);
  });

  it('matches a path whose parameter is named differently', () => {
    const index = shopSpec();
    expect(pathShape('/a/{id}/b')).toBe('/a/{}/b');
    const found = findOperations(index, 'get', '/open/shop/order/{id}');
    expect(found.exact).toBe(false);
    expect(found.ops[0]?.operationId).toBe('shopGetOrder');
  });

  it('records unparsable files and unresolvable refs as problems', () => {
    const index = specIndexFromTexts({
      'bad.yaml': 'paths: [unclosed',
      'ref.yaml': `
paths:
  /y:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: './missing.yaml#/components/schemas/X' }
`,
    });
    expect(index.problems.some((p) => p.includes('bad.yaml: cannot read or parse'))).toBe(true);
    expect(index.problems.some((p) => p.includes('unresolvable $ref ./missing.yaml'))).toBe(true);
  });
});
