import { inspect } from 'node:util';
import { createNonce, sign } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import { createCredentialStore } from '../src/credentials.js';
import { SANDBOX_DEFAULT_CREDENTIALS, startSandbox } from '../src/index.js';
import { NonceCache } from '../src/nonce-cache.js';
import { listOperations, type Operation } from '../src/spec/catalog.js';
import { getAtPointer } from '../src/spec/pointer.js';
import { Router } from '../src/spec/router.js';
import { synthesize } from '../src/spec/synthesize.js';
import type { OpenApiDocument } from '../src/spec/types.js';
import { SpecValidator } from '../src/spec/validator.js';
import { ACCESS_KEY, ACCESS_SECRET, call, startTestSandbox } from './helpers.js';

describe('NonceCache', () => {
  it('refuses a nonce until twice the window has passed, then forgets it', () => {
    const cache = new NonceCache(1000, 100);
    expect(cache.claim('a', 0)).toBe(true);
    expect(cache.claim('a', 1999)).toBe(false);
    expect(cache.claim('a', 2000)).toBe(true);
  });

  it('evicts expired entries, so memory follows the request rate, not the uptime', () => {
    const cache = new NonceCache(1000, 100);
    for (let i = 0; i < 50; i++) cache.claim(`n${i}`, i);
    expect(cache.size).toBe(50);
    cache.claim('later', 5000);
    expect(cache.size).toBe(1);
  });

  it('drops the oldest entries beyond its cap', () => {
    const cache = new NonceCache(1000, 3);
    for (const key of ['a', 'b', 'c', 'd']) cache.claim(key, 0);
    expect(cache.size).toBe(3);
    expect(cache.claim('a', 1)).toBe(true);
    expect(cache.claim('d', 1)).toBe(false);
  });
});

describe('Router', () => {
  const op = (method: string, path: string): Operation => ({
    spec: 'taobao',
    operationId: path,
    method,
    path,
    parameters: [],
    response: {},
    queryAuth: false,
  });
  const router = new Router([
    op('GET', '/open/order/refund/cancel/{refundId}'),
    op('GET', '/open/order/refund/cancel/all'),
    op('POST', '/a/b'),
  ]);

  it('prefers literal paths and decodes template parameters', () => {
    expect(router.match('GET', '/open/order/refund/cancel/all')?.operation.path).toBe(
      '/open/order/refund/cancel/all',
    );
    expect(router.match('GET', '/open/order/refund/cancel/R%2F1')?.pathParams).toEqual({
      refundId: 'R/1',
    });
    expect(router.match('GET', '/open/order/refund/cancel/a/b')).toBeUndefined();
  });

  it('knows which methods a path has', () => {
    expect(router.match('GET', '/a/b')).toBeUndefined();
    expect(router.methodsFor('/a/b')).toEqual(['POST']);
  });
});

// A tiny OpenAPI 3.1 document exercising what the real specs rely on.
const miniDoc: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/thing/{id}': {
      post: {
        operationId: 'postThing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'flag', in: 'query', schema: { type: 'boolean' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
        },
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: '#/components/schemas/Envelope' },
                    {
                      type: 'object',
                      properties: { data: { $ref: '#/components/schemas/Thing' } },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Envelope: {
        type: 'object',
        properties: { code: { type: 'integer', examples: [200] }, data: {} },
      },
      Thing: {
        type: 'object',
        'x-pandapon-truncated': true,
        'x-something-new': { any: 'value' },
        required: ['name', 'kind'],
        properties: {
          name: { type: ['string', 'null'], minLength: 10 },
          kind: { type: ['null', 'string'], enum: [null, 'big', 'small'] },
          count: { type: 'integer', minimum: 5 },
          parent: { $ref: '#/components/schemas/Thing' },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
};

describe('SpecValidator and synthesize on OpenAPI 3.1 schemas', () => {
  const [operation] = listOperations('taobao', miniDoc);
  const validator = new SpecValidator(new Map([['taobao', miniDoc]]));
  const validate = validator.request(operation as NonNullable<typeof operation>);

  it('accepts type arrays and unknown x- keywords, and coerces parameters', () => {
    expect(
      validate({
        query: { flag: 'true' },
        pathParams: { id: '12' },
        headers: {},
        body: { name: null, kind: 'big' },
      }),
    ).toBeUndefined();
  });

  it('names the failing field', () => {
    expect(validate({ query: {}, pathParams: { id: 'x' }, headers: {}, body: {} })).toBe(
      'path.id must be integer',
    );
    expect(
      validate({ query: { flag: 'maybe' }, pathParams: { id: '1' }, headers: {}, body: {} }),
    ).toBe('query.flag must be boolean');
    expect(validate({ query: {}, pathParams: { id: '1' }, headers: {}, body: { name: 'n' } })).toBe(
      'body.kind is required',
    );
    expect(
      validate({
        query: {},
        pathParams: { id: '1' },
        headers: {},
        body: { name: null, kind: 'huge' },
      }),
    ).toContain('body.kind must be one of');
  });

  it('synthesizes values that satisfy the schema, without looping on self-references', () => {
    const thing = synthesize(miniDoc, { $ref: '#/components/schemas/Thing' }) as Record<
      string,
      unknown
    >;
    expect(thing).toMatchObject({
      name: 'stringxxxx',
      kind: 'big',
      count: 5,
      at: '2025-01-01T00:00:00Z',
    });
    expect(thing).not.toHaveProperty('parent');
    expect(validator.schema('taobao', '/components/schemas/Thing')(thing)).toBeUndefined();
    const envelope = synthesize(
      miniDoc,
      getAtPointer(
        miniDoc,
        '/paths/~1thing~1{id}/post/responses/200/content/application~1json/schema',
      ),
    );
    expect(envelope).toMatchObject({ code: 200, data: { kind: 'big' } });
  });
});

describe('secrets stay out of objects, messages and logs', () => {
  it('never shows the access secret or a computed signature', async () => {
    const lines: string[] = [];
    const sandbox = await startTestSandbox({ log: (line) => lines.push(line) });
    try {
      const timestamp = String(Date.now());
      const nonce = createNonce();
      const signature = sign({
        accessKey: ACCESS_KEY,
        accessSecret: ACCESS_SECRET,
        timestamp,
        nonceStr: nonce,
      });
      const good = await call(sandbox, 'GET', '/v2/taobao/product/get', {
        query: { itemId: '1' },
        timestamp,
        nonce,
      });
      const bad = await call(sandbox, 'GET', '/v2/taobao/product/get', {
        query: { itemId: '1' },
        accessSecret: 'wrong',
      });
      const state = await fetch(`${sandbox.url}/__sandbox/state`).then((response) =>
        response.text(),
      );
      const visible = [
        inspect(sandbox, { depth: 10, getters: true }),
        JSON.stringify(sandbox),
        JSON.stringify(good.json),
        JSON.stringify(bad.json),
        state,
        ...lines,
      ].join('\n');
      expect(lines.length).toBeGreaterThanOrEqual(3);
      expect(visible).not.toContain(ACCESS_SECRET);
      expect(visible).not.toContain(signature);
    } finally {
      await sandbox.close();
    }
  });

  it('keeps the credential store opaque', () => {
    const store = createCredentialStore({ accessKey: 'k', accessSecret: 'hidden-secret-value' });
    expect(inspect(store, { depth: 10, showHidden: true })).not.toContain('hidden-secret-value');
    expect(JSON.stringify(store)).not.toContain('hidden-secret-value');
  });
});

describe('option checks (TypeError naming the option, before listening)', () => {
  it.each([
    [{ port: 70000 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ host: '' }, 'host'],
    [{ callbackUrl: 'ftp://x' }, 'callbackUrl'],
    [{ callbackUrl: 'not a url' }, 'callbackUrl'],
    [{ callbackRetryIntervalMs: 0 }, 'callbackRetryIntervalMs'],
    [{ callbackTimeoutMs: -1 }, 'callbackTimeoutMs'],
    [{ stateful: 'yes' }, 'stateful'],
    [{ credentials: [] }, 'credentials'],
    [{ credentials: [{ accessKey: 'k', accessSecret: '' }] }, 'credentials[0].accessSecret'],
    [{ credentials: { accessKey: 'k' } }, 'credentials.accessSecret'],
    [{ specs: { nope: {} } }, 'specs.nope'],
    [{ specs: { taobao: { openapi: '3.1.0' } } }, 'specs.taobao'],
    [{ now: 5 }, 'now'],
  ])('%j', async (options, name) => {
    const attempt = startSandbox(options as never);
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.toThrow(name);
  });

  it('refuses half-configured environment credentials', async () => {
    await expect(startSandbox({ env: { PANDAPON_SANDBOX_ACCESS_KEY: 'k' } })).rejects.toThrow(
      /PANDAPON_SANDBOX_ACCESS_SECRET/,
    );
  });

  it('falls back to the documented default test credentials', async () => {
    const sandbox = await startTestSandbox({ credentials: undefined, env: {} });
    try {
      expect(sandbox.accessKeys).toEqual([SANDBOX_DEFAULT_CREDENTIALS.accessKey]);
      const { json } = await call(sandbox, 'GET', '/v2/taobao/product/get', {
        query: { itemId: '1' },
        accessKey: SANDBOX_DEFAULT_CREDENTIALS.accessKey,
        accessSecret: SANDBOX_DEFAULT_CREDENTIALS.accessSecret,
      });
      expect(json.code).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('says where the bundled specs were looked for when they are missing', async () => {
    await expect(startSandbox({ specsDir: '/nonexistent/specs' })).rejects.toThrow(
      /nonexistent.*specsDir/s,
    );
  });
});

describe('listOperations: the logistics query pair', () => {
  const doc = (security: Array<Record<string, unknown>>): OpenApiDocument => ({
    openapi: '3.1.0',
    security: [{ header: [] }],
    components: {
      securitySchemes: {
        header: { type: 'apiKey', in: 'header', name: 'access-key' },
        sign: { type: 'apiKey', in: 'query', name: 'sign' },
      },
    },
    paths: {
      '/open/pp/logistics/x': { post: { operationId: 'plain', responses: {} } },
      '/open/other': { post: { operationId: 'signed', security, responses: {} } },
    },
  });

  it('comes from the security schemes in force, not from the path', () => {
    const ops = listOperations('logistics', doc([{ header: [], sign: [] }]));
    expect(ops.map((op) => [op.operationId, op.queryAuth])).toEqual([
      ['plain', false],
      ['signed', true],
    ]);
  });
});
