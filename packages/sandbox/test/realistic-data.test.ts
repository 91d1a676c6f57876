/**
 * Issue 9 item 7: the sandbox answers with data shaped like PandaPon's, not placeholders, and
 * paged searches have several pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SPEC_NAMES } from '../src/index.js';
import { listOperations } from '../src/spec/catalog.js';
import { defaultResponseData } from '../src/spec/samples.js';
import type { OpenApiDocument, SpecName } from '../src/spec/types.js';
import { SpecValidator } from '../src/spec/validator.js';
import { call, repoSpecs, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

/** Every string value in `value`, with its path. */
function strings(value: unknown, path = 'data'): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => strings(child, `${path}.${key}`));
  }
  return [];
}

describe('realistic values', () => {
  it('no operation answers a placeholder string ("" or "string")', async () => {
    const specs = await repoSpecs();
    const placeholders: string[] = [];
    for (const name of SPEC_NAMES) {
      const doc = specs[name] as OpenApiDocument;
      for (const operation of listOperations(name as SpecName, doc)) {
        for (const [path, text] of strings(defaultResponseData(doc, operation))) {
          if (text === '' || text === 'string')
            placeholders.push(`${operation.operationId} ${path}`);
        }
      }
    }
    expect(placeholders).toEqual([]);
  });

  it('Taobao logistics details read like a parcel (the doc example is all empty strings)', async () => {
    const { json } = await call(sandbox, 'GET', '/v2/taobao/order/logistics/detail/get', {
      query: { subPurchaseOrderId: '200048859480' },
    });
    expect(json.code).toBe(200);
    const detail = (json.data as { pnmLogisticsDetails: Array<Record<string, unknown>> })
      .pnmLogisticsDetails[0] as {
      mailNo: string;
      logisticsTraces: Array<{ time: string; city: string }>;
      logisticsPartner: Array<{ company: string }>;
    };
    expect(detail.mailNo).toMatch(/^[A-Z]{2}\d{10,}$/);
    expect(detail.logisticsTraces[0]?.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(detail.logisticsTraces[0]?.city).not.toBe('');
    expect(detail.logisticsPartner[0]?.company).not.toBe('');
  });
});

describe('paged searches', () => {
  it('serve several pages of distinct results with the documented total', async () => {
    const specs = await repoSpecs();
    const validator = new SpecValidator(
      new Map([['alibaba', specs.alibaba as OpenApiDocument]]) as Map<SpecName, OpenApiDocument>,
    );
    const checkResponse = validator.schema(
      'alibaba',
      '/components/schemas/AlibabaSearchProductsByKeywordV2Response',
    );
    const seen = new Set<string>();
    const sizes: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const { json } = await call(sandbox, 'POST', '/v2/alibaba/product/keywords/query', {
        body: { keyword: 'T恤', beginPage: page, pageSize: 20 },
      });
      expect(json.code).toBe(200);
      expect(checkResponse(json)).toBeUndefined();
      const data = json.data as { totalRecords: number; data: unknown[] };
      expect(data.totalRecords).toBe(45);
      sizes.push(data.data.length);
      for (const item of data.data) seen.add(JSON.stringify(item));
    }
    expect(sizes).toEqual([20, 20, 5, 0]);
    expect(seen.size).toBe(45);
  });
});
