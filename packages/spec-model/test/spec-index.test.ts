import { describe, expect, it } from 'vitest';
import { specIndexFromTexts } from '../src/load.js';
import { callbackMessageTypes, findOperations, propertyValues } from '../src/spec-index.js';

const COMMON = `
components:
  securitySchemes:
    accessKey: { type: apiKey, in: header, name: access-key }
    querySign: { type: apiKey, in: query, name: sign }
  parameters:
    Page: { name: page, in: query, required: true, schema: { type: string } }
  schemas:
    Envelope:
      type: object
      properties:
        code: { type: integer }
    Id: { type: integer, description: shared }
`;

const SHOP = `
openapi: 3.1.0
security:
  - accessKey: []
components:
  securitySchemes:
    accessKey: { $ref: './common.yaml#/components/securitySchemes/accessKey' }
    querySign: { $ref: './common.yaml#/components/securitySchemes/querySign' }
  schemas:
    Order:
      allOf:
        - $ref: './common.yaml#/components/schemas/Envelope'
        - type: object
          properties:
            id: { $ref: './common.yaml#/components/schemas/Id', description: local }
paths:
  /orders/{orderId}:
    parameters:
      - { name: orderId, in: path, required: true, schema: { type: string } }
      - { name: verbose, in: query, schema: { type: boolean }, example: true }
    get:
      operationId: shopGetOrder
      summary: Get one order
      tags: [Orders]
      x-pandapon-api-version: v2
      x-pandapon-safe-to-retry: true
      x-pandapon-truncated: true
      x-pandapon-note: a note
      x-pandapon-docs:
        - { url: 'https://doc.example.test/api-1', lang: en, complete: false }
        - { lang: zh }
      parameters:
        - { name: verbose, in: query, required: true, schema: { type: string } }
        - $ref: './common.yaml#/components/parameters/Page'
      responses:
        '200':
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
  /orders:
    post:
      operationId: shopListOrders
      security:
        - accessKey: []
          querySign: []
      x-pandapon-safe-to-retry: false
      x-pandapon-pagination: { in: body, page: pageNo, size: pageSize, items: records }
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, properties: { pageNo: { type: string } } }
            examples:
              other: { value: { pageNo: '9' } }
              docs: { value: { pageNo: '1' } }
      responses:
        '201':
          content:
            application/json:
              schema: { type: object }
              example: { code: 200 }
webhooks:
  orderChanged:
    post:
      operationId: shopOrderChanged
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - properties: { messageType: { const: ORDER_CREATE } }
                - properties: { messageType: { enum: [ORDER_PAY, ORDER_CREATE] } }
`;

describe('buildSpecIndex', () => {
  const index = specIndexFromTexts({ 'common.yaml': COMMON, 'shop.yaml': SHOP });

  it('has no problems on a well-formed spec', () => {
    expect(index.problems).toEqual([]);
  });

  it('reads every operation-level x-pandapon-* extension, typed', () => {
    const get = index.byKey.get('GET /orders/{orderId}')?.[0];
    expect(get).toMatchObject({
      operationId: 'shopGetOrder',
      method: 'GET',
      summary: 'Get one order',
      tags: ['Orders'],
      file: 'shop.yaml',
      apiVersion: 'v2',
      safeToRetry: true,
      truncated: true,
      underDevelopment: false,
      note: 'a note',
      docs: [{ url: 'https://doc.example.test/api-1', lang: 'en', complete: false }],
    });
    expect(Object.keys(get?.raw ?? {})).toContain('x-pandapon-note');
    const post = index.byKey.get('POST /orders')?.[0];
    expect(post?.safeToRetry).toBe(false);
    expect(post?.pagination).toEqual({
      in: 'body',
      page: 'pageNo',
      size: 'pageSize',
      items: 'records',
    });
    expect(post?.requestBodyRequired).toBe(true);
  });

  it("takes the docs' example of a body and a response, and parameter examples", () => {
    const post = index.byKey.get('POST /orders')?.[0];
    expect(post?.requestExample).toEqual({ pageNo: '1' });
    expect(post?.responseExample).toEqual({ code: 200 });
    const get = index.byKey.get('GET /orders/{orderId}')?.[0];
    expect(get).not.toHaveProperty('requestExample');
    // The operation's own `verbose` (no example) wins over the path-level one.
    expect(get?.params.find((p) => p.name === 'verbose')).not.toHaveProperty('example');
  });

  it('merges path-level and operation-level parameters, following refs into common.yaml', () => {
    const get = index.byKey.get('GET /orders/{orderId}')?.[0];
    const params = get?.params.map(({ name, in: where, required }) => ({ name, where, required }));
    expect(params).toEqual([
      { name: 'orderId', where: 'path', required: true },
      { name: 'verbose', where: 'query', required: true },
      { name: 'page', where: 'query', required: true },
    ]);
    expect(get?.params[2]?.schema?.file).toBe('/specs/common.yaml');
  });

  it('finds the 2xx response schema and resolves it across files', () => {
    const get = index.byKey.get('GET /orders/{orderId}')?.[0];
    const order = index.resolver.resolve<{ allOf: unknown[] }>(
      get?.response?.node,
      '/specs/shop.yaml',
    );
    expect(order.node.allOf).toHaveLength(2);
    const envelope = index.resolver.resolve<{ properties: object }>(
      order.node.allOf[0],
      order.file,
    );
    expect(envelope.file).toBe('/specs/common.yaml');
    expect(Object.keys(envelope.node.properties)).toEqual(['code']);
    expect(index.byKey.get('POST /orders')?.[0]?.response?.node).toEqual({ type: 'object' });
  });

  it('lets keys beside a $ref override the target', () => {
    const id = index.resolver.resolve<{ description: string }>(
      { $ref: './common.yaml#/components/schemas/Id', description: 'local' },
      '/specs/shop.yaml',
    );
    expect(id.node).toEqual({ type: 'integer', description: 'local' });
  });

  it('derives the query signature from the security schemes in force', () => {
    expect(index.byKey.get('POST /orders')?.[0]?.querySignature).toBe(true);
    expect(index.byKey.get('POST /orders')?.[0]?.securityParams).toEqual(
      new Set(['header:access-key', 'query:sign']),
    );
    expect(index.byKey.get('GET /orders/{orderId}')?.[0]?.querySignature).toBe(false);
  });

  it('collects webhook message types through oneOf, each once', () => {
    expect(index.webhooks.map((hook) => [hook.name, hook.method, hook.messageTypes])).toEqual([
      ['orderChanged', 'POST', ['ORDER_CREATE', 'ORDER_PAY']],
    ]);
    expect(callbackMessageTypes(index)).toEqual(['ORDER_CREATE', 'ORDER_PAY']);
    expect(propertyValues(index.resolver, undefined, 'messageType')).toEqual([]);
  });

  it('finds operations by path shape when a parameter was renamed', () => {
    expect(findOperations(index, 'get', '/orders/{id}')).toMatchObject({
      exact: false,
      ops: [{ operationId: 'shopGetOrder' }],
    });
    expect(findOperations(index, 'GET', '/orders/{orderId}').exact).toBe(true);
  });
});

describe('problems', () => {
  it('reports a broken ref anywhere under a schema, and an unreadable file', () => {
    const index = specIndexFromTexts({
      'common.yaml': 'components: {}',
      'bad.yaml': 'paths: [unclosed',
      'ref.yaml': `
paths:
  /x:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                properties:
                  deep: { items: { $ref: './missing.yaml#/components/schemas/Gone' } }
`,
    });
    expect(index.problems.some((p) => p.includes('/specs/bad.yaml: cannot read or parse'))).toBe(
      true,
    );
    expect(index.problems.some((p) => p.includes('unresolvable $ref ./missing.yaml'))).toBe(true);
  });

  it('reports extensions of the wrong type instead of defaulting them', () => {
    const index = specIndexFromTexts({
      'common.yaml': 'components: {}',
      'x.yaml': `
paths:
  /x:
    get:
      x-pandapon-safe-to-retry: 'yes'
      x-pandapon-truncated: 1
      x-pandapon-api-version: 2
      x-pandapon-pagination: { page: 1 }
`,
    });
    const op = index.operations[0];
    expect(op?.safeToRetry).toBeUndefined();
    expect(op?.pagination).toBeUndefined();
    expect(index.problems).toEqual([
      '/specs/x.yaml: GET /x: x-pandapon-api-version must be a string',
      '/specs/x.yaml: GET /x: x-pandapon-safe-to-retry must be true or false',
      '/specs/x.yaml: GET /x: x-pandapon-truncated must be true or false',
      '/specs/x.yaml: GET /x: x-pandapon-pagination must be an object of strings',
    ]);
  });
});
