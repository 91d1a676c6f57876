/**
 * Issue 13: what `pandapon doctor` is tested against — a sandbox that accepts only one timestamp
 * unit and whose clock runs off — and the mode that answers with invented extra fields for
 * response-shape learning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRA_FIELDS } from '../src/fixtures/extra-fields.js';
import { SANDBOX_CODES, type Sandbox, type SandboxOptions } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

const PRODUCT = '/v2/taobao/product/get';
const NOW = Date.UTC(2025, 3, 24, 2, 15, 0);
const SKEW = 15 * 60_000;

const started: Sandbox[] = [];
afterEach(async () => {
  for (const sandbox of started.splice(0)) await sandbox.close();
});

async function sandboxWith(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startTestSandbox({ now: () => NOW, ...options });
  started.push(sandbox);
  return sandbox;
}

describe('timestampUnit and clockSkewMs', () => {
  const units = [undefined, 'ms', 's'] as const;
  const skews = [0, SKEW, -SKEW];
  // A client that knows the sandbox clock (skew included) and sends it in `sent` units.
  const stamp = (skewMs: number, sent: 'ms' | 's') => {
    const ms = NOW + skewMs;
    return sent === 'ms' ? String(ms) : String(Math.floor(ms / 1000));
  };

  for (const unit of units) {
    for (const skew of skews) {
      it(`unit ${unit ?? 'both'}, skew ${skew} ms: accepts what matches, refuses the rest`, async () => {
        const sandbox = await sandboxWith({
          ...(unit ? { timestampUnit: unit } : {}),
          clockSkewMs: skew,
        });
        for (const sent of ['ms', 's'] as const) {
          const matching = await call(sandbox, 'GET', PRODUCT, {
            query: { itemId: '1' },
            timestamp: stamp(skew, sent),
          });
          const accepted = unit === undefined || unit === sent;
          expect(matching.json.code, `sent ${sent}`).toBe(
            accepted ? SANDBOX_CODES.OK : SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW,
          );
          // The Date header shows the skewed clock, which is how a client can find the offset.
          expect(Date.parse(matching.headers.get('date') ?? '')).toBe(
            Math.floor((NOW + skew) / 1000) * 1000,
          );
          // A client that ignores the skew is outside the window whenever there is one.
          const unskewed = await call(sandbox, 'GET', PRODUCT, {
            query: { itemId: '1' },
            timestamp: stamp(0, sent),
          });
          expect(unskewed.json.code, `unskewed, sent ${sent}`).toBe(
            accepted && skew === 0 ? SANDBOX_CODES.OK : SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW,
          );
        }
        const wrongSecret = await call(sandbox, 'GET', PRODUCT, {
          query: { itemId: '1' },
          timestamp: stamp(skew, unit ?? 'ms'),
          accessSecret: 'not-the-secret',
        });
        expect(wrongSecret.json.code).toBe(SANDBOX_CODES.SIGNATURE_MISMATCH);
      });
    }
  }

  it('says which unit it reads when it refuses', async () => {
    const sandbox = await sandboxWith({ timestampUnit: 's' });
    const { json } = await call(sandbox, 'GET', PRODUCT, {
      query: { itemId: '1' },
      timestamp: String(NOW),
    });
    expect(json.code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
    expect(json.msg).toContain('epoch seconds');
  });

  it('refuses bad values before listening', async () => {
    await expect(sandboxWith({ timestampUnit: 'sec' as never })).rejects.toThrow(/timestampUnit/);
    await expect(sandboxWith({ clockSkewMs: 1e16 })).rejects.toThrow(/clockSkewMs/);
    await expect(sandboxWith({ clockSkewMs: Number.NaN })).rejects.toThrow(/clockSkewMs/);
    await expect(sandboxWith({ extraFields: 'yes' as never })).rejects.toThrow(/extraFields/);
  });
});

describe('extraFields', () => {
  it('adds the invented fields, names them in a header, and only when asked', async () => {
    const plain = await sandboxWith({});
    const before = await call(plain, 'GET', PRODUCT, {
      query: { itemId: '1' },
      timestamp: String(NOW),
    });
    expect(before.json.data).not.toHaveProperty('sandboxShopScore');
    expect(before.headers.get('x-sandbox-invented-fields')).toBeNull();

    const sandbox = await sandboxWith({ extraFields: true });
    const product = await call(sandbox, 'GET', PRODUCT, {
      query: { itemId: '1' },
      timestamp: String(NOW),
    });
    expect(product.json.code).toBe(200);
    expect(product.json.data).toMatchObject(EXTRA_FIELDS.taobaoGetProductV2?.data ?? {});
    // Documented fields are still there, untouched.
    for (const [key, value] of Object.entries(before.json.data as object)) {
      expect((product.json.data as Record<string, unknown>)[key]).toEqual(value);
    }
    expect(product.headers.get('x-sandbox-invented-fields')).toContain('data.sandboxShopScore');

    const search = await call(sandbox, 'POST', '/v2/alibaba/product/keywords/query', {
      body: { keyword: 'T恤', beginPage: 2, pageSize: 5 },
      timestamp: String(NOW),
    });
    const items = (search.json.data as { data: Array<Record<string, unknown>> }).data;
    expect(items).toHaveLength(5);
    for (const item of items) expect(item).toMatchObject({ sandboxMonthSold: 860 });
    expect(search.headers.get('x-sandbox-invented-fields')).toContain(
      'data.data[].sandboxMonthSold',
    );
  });

  it("marks every invented field as the sandbox's own", () => {
    const names = Object.values(EXTRA_FIELDS).flatMap((fixture) => [
      ...Object.keys(fixture.data ?? {}),
      ...Object.keys(fixture.items?.fields ?? {}),
    ]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^sandbox[A-Z]/);
  });
});
