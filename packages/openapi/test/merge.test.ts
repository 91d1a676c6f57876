import { describe, expect, it } from 'vitest';
import { externalRefs } from '../src/bundle.js';
import { highestVersion, mergeDocuments, type PlatformDocument } from '../src/merge.js';
import type { OpenApiDocument, OpenApiOperation, PathItem } from '../src/types.js';

const HEADERS = [{ accessKey: [] }];

function doc(overrides: Partial<OpenApiDocument> = {}): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'T',
      version: '1.0.0',
      contact: { name: 'c', url: 'https://example.test' },
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'https://api.example.test' }],
    security: HEADERS,
    tags: [{ name: 'Goods', description: 'goods' }],
    paths: {},
    components: {
      securitySchemes: { accessKey: { type: 'apiKey', in: 'header', name: 'access-key' } },
      schemas: { Envelope: { type: 'object' } },
    },
    ...overrides,
  };
}

/** The POST operation at `key` of a merged section; fails the test when it is missing. */
function post(section: Record<string, PathItem> | undefined, key: string): OpenApiOperation {
  const operation = section?.[key]?.post;
  if (!operation) throw new Error(`no POST ${key}`);
  return operation as OpenApiOperation;
}

function op(operationId: string, tag = 'Goods'): Record<string, unknown> {
  return { operationId, tags: [tag], responses: { '200': { description: 'ok' } } };
}

const taobao = { name: 'taobao', label: 'Taobao' };
const alibaba = { name: 'alibaba', label: 'Alibaba' };
const logistics = { name: 'logistics', label: 'Logistics' };

describe('mergeDocuments', () => {
  it('prefixes tags by platform, groups them, and renames operation tags to match', () => {
    const merged = mergeDocuments([
      { platform: taobao, document: doc({ paths: { '/a': { post: op('taobaoA') } } }) },
      { platform: alibaba, document: doc({ paths: { '/b': { post: op('alibabaB') } } }) },
    ]);
    expect(merged.tags?.map((t) => t.name)).toEqual(['Taobao Goods', 'Alibaba Goods']);
    expect(merged.tags?.[0]?.description).toBe('goods');
    expect(merged['x-tagGroups']).toEqual([
      { name: 'Taobao', tags: ['Taobao Goods'] },
      { name: 'Alibaba', tags: ['Alibaba Goods'] },
    ]);
    expect(post(merged.paths, '/a').tags).toEqual(['Taobao Goods']);
    expect(post(merged.paths, '/b').tags).toEqual(['Alibaba Goods']);
  });

  it('does not repeat a tag that already is the platform label', () => {
    const merged = mergeDocuments([
      {
        platform: logistics,
        document: doc({
          tags: [{ name: 'Logistics' }],
          paths: { '/l': { post: op('l', 'Logistics') } },
        }),
      },
    ]);
    expect(merged.tags?.map((t) => t.name)).toEqual(['Logistics']);
  });

  it("moves a platform's own root security onto its operations and webhooks", () => {
    const withSign = [{ accessKey: [], logisticsSign: [] }];
    const explicit = [{ accessKey: [] }, {}];
    const merged = mergeDocuments([
      { platform: taobao, document: doc({ paths: { '/a': { post: op('a') } } }) },
      {
        platform: logistics,
        document: doc({
          security: withSign,
          paths: { '/l': { post: op('l') }, '/m': { post: { ...op('m'), security: explicit } } },
          webhooks: { HOOK: { post: op('hook') } },
        }),
      },
    ]);
    expect(merged.security).toEqual(HEADERS);
    expect(post(merged.paths, '/a').security).toBeUndefined();
    expect(post(merged.paths, '/l').security).toEqual(withSign);
    expect(post(merged.paths, '/m').security).toEqual(explicit);
    expect(post(merged.webhooks, 'HOOK').security).toEqual(withSign);
  });

  it('merges webhooks of every platform', () => {
    const merged = mergeDocuments([
      { platform: taobao, document: doc({ webhooks: { T: { post: op('t', 'Goods') } } }) },
      { platform: alibaba, document: doc({ webhooks: { A: { post: op('a', 'Goods') } } }) },
    ]);
    expect(Object.keys(merged.webhooks ?? {})).toEqual(['T', 'A']);
  });

  it('keeps one copy of a component the platforms share unchanged', () => {
    const merged = mergeDocuments([
      { platform: taobao, document: doc() },
      { platform: alibaba, document: doc() },
    ]);
    expect(Object.keys(merged.components?.schemas ?? {})).toEqual(['Envelope']);
  });

  const failures: [string, PlatformDocument[], RegExp][] = [
    [
      'an operationId used twice',
      [
        { platform: taobao, document: doc({ paths: { '/a': { post: op('same') } } }) },
        { platform: alibaba, document: doc({ paths: { '/b': { get: op('same') } } }) },
      ],
      /operationId "same" is used by taobao and alibaba/,
    ],
    [
      'an operation without operationId',
      [{ platform: taobao, document: doc({ paths: { '/a': { post: { tags: ['Goods'] } } } }) }],
      /taobao path post \/a has no operationId/,
    ],
    [
      'two different schemas under one name',
      [
        { platform: taobao, document: doc() },
        {
          platform: alibaba,
          document: doc({ components: { schemas: { Envelope: { type: 'string' } } } }),
        },
      ],
      /components\.schemas\.Envelope of alibaba differs/,
    ],
    [
      'one path in two platforms',
      [
        { platform: taobao, document: doc({ paths: { '/a': { post: op('x') } } }) },
        { platform: alibaba, document: doc({ paths: { '/a': { get: op('y') } } }) },
      ],
      /path "\/a" of alibaba is declared by another platform/,
    ],
    [
      'different servers',
      [
        { platform: taobao, document: doc() },
        { platform: alibaba, document: doc({ servers: [{ url: 'https://other.test' }] }) },
      ],
      /servers of alibaba differs/,
    ],
    [
      'a platform without contact',
      [
        { platform: taobao, document: doc() },
        {
          platform: alibaba,
          document: doc({ info: { title: 'T', version: '1.0.0', license: { name: 'MIT' } } }),
        },
      ],
      /info\.contact of alibaba differs/,
    ],
    [
      'OpenAPI 3.0 input',
      [{ platform: taobao, document: doc({ openapi: '3.0.3' }) }],
      /not 3\.1\.x/,
    ],
  ];
  it.each(failures)('refuses %s', (_name, parts, message) => {
    expect(() => mergeDocuments(parts)).toThrow(message);
  });
});

describe('highestVersion', () => {
  it('compares numerically, part by part', () => {
    expect(highestVersion(['1.2.0', '1.10.0', '1.9.9'])).toBe('1.10.0');
    expect(highestVersion(['2', '1.99'])).toBe('2');
  });
  it('refuses a version it cannot order', () => {
    expect(() => highestVersion(['1.0.0-beta'])).toThrow(/not a dotted number/);
  });
});

describe('externalRefs', () => {
  it('finds $refs that leave the document, at any depth', () => {
    const refs = externalRefs({
      a: { $ref: '#/components/schemas/A' },
      b: [{ c: { $ref: './common.yaml#/components/schemas/Envelope' } }],
      d: { $ref: 'https://example.test/x.json' },
    });
    expect(refs).toEqual([
      './common.yaml#/components/schemas/Envelope',
      'https://example.test/x.json',
    ]);
  });
});
