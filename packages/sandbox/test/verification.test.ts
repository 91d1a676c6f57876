import { createNonce, sign } from '@pandapon/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CODES, type Sandbox } from '../src/index.js';
import {
  ACCESS_KEY,
  ACCESS_SECRET,
  call,
  expectEnvelopeShape,
  MINIMAL_1688_ADDRESS,
  startTestSandbox,
} from './helpers.js';

// A simple signed read with a required query parameter.
const PRODUCT = '/v2/taobao/product/get';
const PRODUCT_QUERY = { itemId: '2048175493257375' };
// A body operation with required fields (v1 cancel: webSite, orderId, cancelReason).
const CANCEL = '/alibaba/order/cancel';
const LOGISTICS = '/open/pp/logistics/updateLogisticInfo';
const LOGISTICS_BODY = { orderId: '21', tmallOrderId: '1', logisticInfos: [] };

// A fixed sandbox clock makes every window check exact.
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('system headers and signature', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ now: () => NOW });
  });
  afterAll(() => sandbox.close());

  const at = (offsetMs: number) => String(NOW + offsetMs);

  it('accepts a correctly signed request', async () => {
    const { status, json } = await call(sandbox, 'GET', PRODUCT, {
      query: PRODUCT_QUERY,
      timestamp: at(0),
    });
    expect(status).toBe(200);
    expect(json.code).toBe(200);
  });

  it.each(['access-key', 'timestamp', 'nonce-str', 'user-id', 'signature'])(
    'refuses a request without %s (40101, named)',
    async (header) => {
      const { status, json } = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(0),
        omit: [header],
      });
      expect(status).toBe(200);
      expectEnvelopeShape(json);
      expect(json.code).toBe(SANDBOX_CODES.MISSING_HEADER);
      expect(json.msg).toContain(`"${header}"`);
      expect(json.data).toBeNull();
    },
  );

  it('refuses an unknown access key (40105)', async () => {
    const { json } = await call(sandbox, 'GET', PRODUCT, {
      query: PRODUCT_QUERY,
      timestamp: at(0),
      accessKey: 'someone-else',
    });
    expect(json.code).toBe(SANDBOX_CODES.UNKNOWN_ACCESS_KEY);
    expect(json.msg).toContain('someone-else');
  });

  it('refuses a signature made with another secret (40103), without revealing the expected one', async () => {
    const timestamp = at(0);
    const nonce = createNonce();
    const { json } = await call(sandbox, 'GET', PRODUCT, {
      query: PRODUCT_QUERY,
      timestamp,
      nonce,
      accessSecret: 'wrong-secret',
    });
    expect(json.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
    expect(json.msg).toMatch(/signature/);
    const expected = sign({
      accessKey: ACCESS_KEY,
      accessSecret: ACCESS_SECRET,
      timestamp,
      nonceStr: nonce,
    });
    expect(JSON.stringify(json)).not.toContain(expected);
    expect(JSON.stringify(json)).not.toContain(ACCESS_SECRET);
  });

  it('refuses a lower-case hex signature, saying why (40103)', async () => {
    const timestamp = at(0);
    const nonce = createNonce();
    const signature = sign({
      accessKey: ACCESS_KEY,
      accessSecret: ACCESS_SECRET,
      timestamp,
      nonceStr: nonce,
    });
    const { json } = await call(sandbox, 'GET', PRODUCT, {
      query: PRODUCT_QUERY,
      timestamp,
      nonce,
      signature: signature.toLowerCase(),
    });
    expect(json.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
    expect(json.msg).toContain('upper-case');
  });

  it('refuses a signature that ignores the nonce (40103)', async () => {
    const timestamp = at(0);
    const { json } = await call(sandbox, 'GET', PRODUCT, {
      query: PRODUCT_QUERY,
      timestamp,
      signature: sign({
        accessKey: ACCESS_KEY,
        accessSecret: ACCESS_SECRET,
        timestamp,
        nonceStr: '',
      }),
    });
    expect(json.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
  });

  describe('timestamp window (600 s)', () => {
    it.each([
      ['599 s behind', -599_000],
      ['600 s behind', -600_000],
      ['600 s ahead', 600_000],
    ])('accepts a timestamp %s', async (_, offset) => {
      const { json } = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(offset),
      });
      expect(json.code).toBe(200);
    });

    it.each([
      ['601 s behind', -601_000],
      ['601 s ahead', 601_000],
      ['a day behind', -86_400_000],
    ])('refuses a timestamp %s (40102, msg names "timestamp")', async (_, offset) => {
      const { json } = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(offset),
      });
      expect(json.code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
      expect(json.msg).toContain('timestamp');
    });

    it('reads values below 1e12 as epoch seconds', async () => {
      const seconds = String(Math.floor(NOW / 1000) - 300);
      const accepted = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: seconds,
      });
      expect(accepted.json.code).toBe(200);
      const stale = String(Math.floor(NOW / 1000) - 700);
      const refused = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: stale,
      });
      expect(refused.json.code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
    });

    it('refuses a timestamp that is not digits (40102)', async () => {
      const { json } = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: '2025-01-15T12:00:00Z',
      });
      expect(json.code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
      expect(json.msg).toContain('timestamp');
    });

    it('sends a Date header from the sandbox clock on every answer', async () => {
      const ok = await call(sandbox, 'GET', PRODUCT, { query: PRODUCT_QUERY, timestamp: at(0) });
      const refused = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(-700_000),
      });
      const unknown = await call(sandbox, 'GET', '/no/such/path');
      for (const { headers } of [ok, refused, unknown]) {
        expect(headers.get('date')).toBe(new Date(NOW).toUTCString());
      }
    });
  });

  describe('nonce replay', () => {
    it('refuses the same nonce twice within the window (40104)', async () => {
      const nonce = createNonce();
      const first = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(0),
        nonce,
      });
      expect(first.json.code).toBe(200);
      const replay = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(0),
        nonce,
      });
      expect(replay.json.code).toBe(SANDBOX_CODES.NONCE_REPLAYED);
      expect(replay.json.msg).toContain('nonce-str');
      // Re-signing with a new timestamp does not make an old nonce fresh.
      const resigned = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(1000),
        nonce,
      });
      expect(resigned.json.code).toBe(SANDBOX_CODES.NONCE_REPLAYED);
    });

    it('does not burn the nonce of a refused request', async () => {
      const nonce = createNonce();
      const refused = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(0),
        nonce,
        accessSecret: 'wrong-secret',
      });
      expect(refused.json.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
      const retried = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(0),
        nonce,
      });
      expect(retried.json.code).toBe(200);
    });
  });

  describe('warehouse-logistics query pair', () => {
    it('accepts query timestamp and sign equal to the headers', async () => {
      const { json } = await call(sandbox, 'POST', LOGISTICS, {
        body: LOGISTICS_BODY,
        timestamp: at(0),
        logisticsQuery: true,
      });
      expect(json.code).toBe(200);
    });

    it('refuses a logistics call without the query pair (40106)', async () => {
      const { json } = await call(sandbox, 'POST', LOGISTICS, {
        body: LOGISTICS_BODY,
        timestamp: at(0),
      });
      expect(json.code).toBe(SANDBOX_CODES.LOGISTICS_QUERY_SIGN);
      expect(json.msg).toContain('timestamp');
    });

    it.each([
      ['sign', { timestamp: String(NOW), sign: 'ABC' }],
      ['timestamp', { timestamp: String(NOW - 1), sign: 'set-below' }],
    ])('refuses a query %s that differs from the header (40106)', async (name, query) => {
      const timestamp = String(NOW);
      const nonce = createNonce();
      const signature = sign({
        accessKey: ACCESS_KEY,
        accessSecret: ACCESS_SECRET,
        timestamp,
        nonceStr: nonce,
      });
      const { json } = await call(sandbox, 'POST', LOGISTICS, {
        body: LOGISTICS_BODY,
        timestamp,
        nonce,
        query: { ...query, sign: query.sign === 'set-below' ? signature : query.sign },
      });
      expect(json.code).toBe(SANDBOX_CODES.LOGISTICS_QUERY_SIGN);
      expect(json.msg).toContain(`"${name}"`);
    });

    it('covers the v2 logistics paths too', async () => {
      const { json } = await call(sandbox, 'POST', '/v2/open/pp/logistics/itemLogisticsPrice', {
        body: {},
        timestamp: at(0),
      });
      expect(json.code).toBe(SANDBOX_CODES.LOGISTICS_QUERY_SIGN);
    });

    it('does not ask other operations for the pair', async () => {
      const { json } = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        timestamp: at(0),
      });
      expect(json.code).toBe(200);
    });
  });

  describe('routing', () => {
    it('answers an unknown path with HTTP 404 and 40401', async () => {
      const { status, json } = await call(sandbox, 'POST', '/open/not/an/operation', {
        timestamp: at(0),
      });
      expect(status).toBe(404);
      expectEnvelopeShape(json);
      expect(json.code).toBe(SANDBOX_CODES.UNKNOWN_OPERATION);
      expect(json.msg).toContain('/open/not/an/operation');
    });

    it('answers a known path with the wrong method with 40401 naming the right one', async () => {
      const { status, json } = await call(sandbox, 'DELETE', PRODUCT, { timestamp: at(0) });
      expect(status).toBe(404);
      expect(json.code).toBe(SANDBOX_CODES.UNKNOWN_OPERATION);
      expect(json.msg).toContain('GET');
    });

    it('matches templated paths and validates their parameters', async () => {
      const { json } = await call(sandbox, 'GET', '/open/order/refund/cancel/R123', {
        timestamp: at(0),
      });
      expect(json.code).toBe(200);
    });
  });

  describe('request validation (40001 names the field)', () => {
    it('names a missing required body field', async () => {
      const { json } = await call(sandbox, 'POST', CANCEL, {
        timestamp: at(0),
        body: { webSite: '1688', orderId: 1 },
      });
      expect(json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
      expect(json.msg).toContain('body.cancelReason');
    });

    it('names a field of the wrong type, with its path', async () => {
      const { json } = await call(sandbox, 'POST', '/alibaba/order/create', {
        timestamp: at(0),
        body: {
          flow: 'general',
          addressParam: { ...MINIMAL_1688_ADDRESS, postCod: '100000' },
          cargoParamList: [{ offerId: 1, specId: 's', quantity: 'two' }],
        },
      });
      expect(json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
      expect(json.msg).toContain('body.cargoParamList[0].quantity');
      expect(json.msg).toContain('number');
    });

    it('names a missing required query parameter', async () => {
      const { json } = await call(sandbox, 'GET', PRODUCT, { timestamp: at(0) });
      expect(json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
      expect(json.msg).toContain('query.itemId');
    });

    it('refuses a missing required body', async () => {
      const { json } = await call(sandbox, 'POST', CANCEL, { timestamp: at(0) });
      expect(json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
      expect(json.msg).toContain('body');
    });

    it('refuses a body that is not JSON', async () => {
      const { json } = await call(sandbox, 'POST', CANCEL, {
        timestamp: at(0),
        rawBody: '{"webSite":',
      });
      expect(json.code).toBe(SANDBOX_CODES.VALIDATION_FAILED);
      expect(json.msg).toContain('JSON');
    });

    it('refuses body keys the spec does not document (strict mode, 40002, named)', async () => {
      const { json } = await call(sandbox, 'POST', '/v2/alibaba/product/keywords/query', {
        timestamp: at(0),
        body: { keywrod: 'cup' },
      });
      expect(json.code).toBe(SANDBOX_CODES.UNDOCUMENTED_FIELD);
      expect(json.msg).toContain('body.keywrod');
      const nested = await call(sandbox, 'POST', '/alibaba/order/create', {
        timestamp: at(0),
        body: {
          flow: 'general',
          addressParam: { ...MINIMAL_1688_ADDRESS, postCod: '100000' },
          cargoParamList: [{ offerId: 1, specId: 's', quantity: 1 }],
        },
      });
      expect(nested.json.code).toBe(SANDBOX_CODES.UNDOCUMENTED_FIELD);
      expect(nested.json.msg).toContain('body.addressParam.postCod');
    });

    it('accepts undocumented keys with rejectUndocumentedFields: false, and inside open objects', async () => {
      const lenient = await startTestSandbox({ now: () => NOW, rejectUndocumentedFields: false });
      try {
        const { json } = await call(lenient, 'POST', '/v2/alibaba/product/keywords/query', {
          timestamp: at(0),
          body: { keyword: 'cup', somethingNew: true },
        });
        expect(json.code).toBe(200);
      } finally {
        await lenient.close();
      }
      await expect(startTestSandbox({ rejectUndocumentedFields: 'no' as never })).rejects.toThrow(
        /rejectUndocumentedFields must be a boolean/,
      );
    });
  });
});

describe('credentials from the environment', () => {
  it('uses PANDAPON_SANDBOX_ACCESS_KEY / _SECRET when no credentials option is given', async () => {
    const sandbox = await startTestSandbox({
      credentials: undefined,
      env: { PANDAPON_SANDBOX_ACCESS_KEY: 'env-key', PANDAPON_SANDBOX_ACCESS_SECRET: 'env-secret' },
    });
    try {
      expect(sandbox.accessKeys).toEqual(['env-key']);
      const { json } = await call(sandbox, 'GET', PRODUCT, {
        query: PRODUCT_QUERY,
        accessKey: 'env-key',
        accessSecret: 'env-secret',
      });
      expect(json.code).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
