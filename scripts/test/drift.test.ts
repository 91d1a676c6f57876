import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTextFiles } from '../lib/docs-source.js';
import { computeDrift, type DriftChange, type DriftPage } from '../lib/drift.js';
import { formatDriftReport } from '../lib/drift-report.js';
import { DOCS, PAGE, replaceOnce, shopSpec, withCouponInExample } from './helpers/fixtures.js';

const pages: DriftPage[] = listTextFiles(DOCS).map((p) => ({
  source: relative(DOCS, p),
  text: readFileSync(p, 'utf8'),
}));

function withPage(name: string, edit: (text: string) => string): DriftPage[] {
  return pages.map((p) => (p.source === name ? { ...p, text: edit(p.text) } : p));
}

function changesOf(report: ReturnType<typeof computeDrift>, key: string): DriftChange[] {
  return report.operations.find((o) => o.key === key)?.changes ?? [];
}

const CREATE = 'POST /open/shop/order/create';

describe('computeDrift', () => {
  it('reports nothing when pages and specs agree, and merges copies of one operation', () => {
    const report = computeDrift(pages, shopSpec());
    expect(report.totals).toEqual({ changes: 0, operationsWithChanges: 0, newOperations: 0 });
    expect(report.pagesRead).toBe(9);
    expect(report.skipped).toEqual([
      { source: PAGE.manual, reason: 'no method and path (manual or cut before them)' },
    ]);
    expect(report.operations.map((o) => o.key)).toEqual([
      'callback SHOP_ORDER_PRICE_MODIFY',
      'GET /open/shop/order/{orderId}',
      'POST /open/shop/coupon/redeem',
      CREATE,
      'POST /open/shop/refund/messages',
      'POST /open/shop/refund/submit',
    ]);
    expect(report.operations.find((o) => o.key === CREATE)?.copies).toEqual([
      {
        source: PAGE.orderCreateCut,
        url: 'https://doc-en.example.test/api-2001',
        complete: false,
        cutIn: 'request.body',
      },
      {
        source: PAGE.orderCreate,
        url: 'https://doc.example.test/api-1001',
        complete: true,
        lastModified: '2025-04-24 09:35:15',
      },
    ]);
  });

  it('reports a field the spec lacks as added, also from a cut copy', () => {
    const report = computeDrift(
      pages,
      shopSpec((y) => replaceOnce(y, '        giftWrap: { type: boolean }\n', '')),
    );
    expect(changesOf(report, CREATE)).toEqual([
      {
        kind: 'added',
        location: 'body',
        field: 'giftWrap',
        page: 'boolean',
        note: 'not yet in spec',
        sources: [PAGE.orderCreateCut],
      },
    ]);
  });

  it('folds the fields of an added object into its entry, counted in nestedAdded', () => {
    const spec = shopSpec((y) =>
      replaceOnce(y, '        address: { $ref: "#/components/schemas/ShopAddress" }\n', ''),
    );
    const report = computeDrift(pages, spec);
    const added = changesOf(report, CREATE).filter((c) => c.kind === 'added');
    expect(added).toEqual([
      expect.objectContaining({ field: 'address', note: 'not yet in spec', nestedAdded: 2 }),
    ]);
    expect(formatDriftReport(report)).toContain(
      '  + body     address: added (object) — not yet in spec; +2 nested fields',
    );
  });

  it('labels a field missing from a truncated spec schema as not yet transcribed', () => {
    const report = computeDrift(
      pages,
      shopSpec((y) =>
        replaceOnce(y, '        createdAt: { type: string, format: date-time }\n', ''),
      ),
    );
    expect(changesOf(report, 'GET /open/shop/order/{orderId}')).toEqual([
      expect.objectContaining({
        kind: 'added',
        location: 'response',
        field: 'data.createdAt',
        note: 'not yet in spec (the spec schema there is marked truncated/open)',
      }),
    ]);
  });

  it('reports a removal only from a complete copy', () => {
    // `zip` is on the complete zh copy only; the cut en copy stops before it.
    const spec = shopSpec((y) =>
      replaceOnce(
        y,
        '        zip: { type: [string, "null"] }\n',
        '        zip: { type: [string, "null"] }\n        floor: { type: integer }\n',
      ),
    );
    expect(changesOf(computeDrift(pages, spec), CREATE)).toEqual([
      {
        kind: 'removed',
        location: 'body',
        field: 'address.floor',
        spec: 'integer',
        note: 'absent from complete copies',
        sources: [PAGE.orderCreate],
      },
    ]);
    // Without the complete copy nothing can be said about removals.
    const cutOnly = pages.filter((p) => p.source !== PAGE.orderCreate);
    expect(changesOf(computeDrift(cutOnly, spec), CREATE)).toEqual([]);
  });

  it('does not report as removed a field the page shows only in its example', () => {
    const spec = shopSpec((y) =>
      replaceOnce(
        y,
        '        giftWrap: { type: boolean }\n',
        '        giftWrap: { type: boolean }\n        coupon: { type: string }\n',
      ),
    );
    const withExample = withPage(PAGE.orderCreate, withCouponInExample);
    expect(changesOf(computeDrift(withExample, spec), CREATE)).toEqual([]);
    expect(changesOf(computeDrift(pages, spec), CREATE).map((c) => `${c.kind} ${c.field}`)).toEqual(
      ['removed coupon'],
    );
  });

  it("reports a top-level key only the page's request example shows and the spec lacks", () => {
    const withExample = withPage(PAGE.orderCreate, withCouponInExample);
    const report = computeDrift(withExample, shopSpec());
    expect(changesOf(report, CREATE)).toEqual([
      {
        kind: 'added',
        location: 'body',
        field: 'coupon',
        note: "only in the page's request example; not yet in spec",
        sources: [PAGE.orderCreate],
      },
    ]);
    expect(formatDriftReport(report)).toContain(
      "  + body     coupon: added — only in the page's request example; not yet in spec",
    );
  });

  it('reports type, required, nullability and enum changes', () => {
    const spec = shopSpec((y) =>
      replaceOnce(
        replaceOnce(
          replaceOnce(
            replaceOnce(
              y,
              '        orderNo: { type: string }',
              '        orderNo: { type: integer }',
            ),
            'required: [orderNo, items]',
            'required: [orderNo, items, remark]',
          ),
          '        zip: { type: [string, "null"] }',
          '        zip: { type: string }',
        ),
        'enum: [WEB, APP, STORE, null]',
        'enum: [WEB, APP, null]',
      ),
    );
    const changes = changesOf(computeDrift(pages, spec), CREATE);
    expect(changes).toEqual([
      {
        kind: 'type',
        location: 'body',
        field: 'orderNo',
        spec: 'integer',
        page: 'string',
        sources: [PAGE.orderCreateCut, PAGE.orderCreate],
      },
      {
        kind: 'nullable',
        location: 'body',
        field: 'address.zip',
        spec: 'not nullable',
        page: 'nullable',
        sources: [PAGE.orderCreate],
      },
      {
        kind: 'enum',
        location: 'body',
        field: 'channel',
        spec: 'WEB, APP, null',
        page: 'WEBAPPSTORE',
        sources: [PAGE.orderCreate],
      },
    ]);
    // `remark` states no required word on either copy: no required change can be claimed.
    expect(changes.some((c) => c.field === 'remark')).toBe(false);
    const req = changesOf(
      computeDrift(
        pages,
        shopSpec((y) => replaceOnce(y, 'required: [orderNo, items]', 'required: [items]')),
      ),
      CREATE,
    );
    expect(req).toEqual([
      {
        kind: 'required',
        location: 'body',
        field: 'orderNo',
        spec: 'optional',
        page: 'required',
        sources: [PAGE.orderCreateCut, PAGE.orderCreate],
      },
    ]);
  });

  it('compares parameters, ignoring the ones security schemes stand for', () => {
    const spec = shopSpec((y) =>
      replaceOnce(
        y,
        '{ name: lang, in: query, required: false, schema: { type: string } }',
        '{ name: lang, in: query, required: false, schema: { type: integer } }',
      ),
    );
    expect(changesOf(computeDrift(pages, spec), 'GET /open/shop/order/{orderId}')).toEqual([
      {
        kind: 'type',
        location: 'query',
        field: 'lang',
        spec: 'integer',
        page: 'string',
        sources: [PAGE.orderGet],
      },
    ]);
  });

  it('reports new operations and callbacks, and the spec operations no page matched', () => {
    const spec = shopSpec((y) =>
      replaceOnce(
        replaceOnce(y, '/open/shop/refund/submit:', '/open/shop/refund/apply:'),
        'const: SHOP_ORDER_PRICE_MODIFY',
        'const: SHOP_OTHER',
      ),
    );
    const report = computeDrift(pages, spec);
    expect(report.newOperations).toEqual([
      {
        key: 'callback SHOP_ORDER_PRICE_MODIFY',
        kind: 'callback',
        title: 'Order price changed',
        sources: [PAGE.callback],
      },
      {
        key: 'POST /open/shop/refund/submit',
        kind: 'operation',
        title: '提交退款',
        sources: [PAGE.refundSubmit],
      },
    ]);
    expect(report.notCompared).toEqual(['POST /open/shop/refund/apply']);
    expect(report.totals.newOperations).toBe(2);
  });

  it('compares a cited white-label page with its operation and lists uncited ones apart', () => {
    const report = computeDrift(pages, shopSpec());
    const redeem = report.operations.find((o) => o.key === 'POST /open/shop/coupon/redeem');
    expect(redeem).toMatchObject({
      name: 'shopRedeemCoupon',
      evidence: ['independent-client', 'white-label'],
      copies: [
        expect.objectContaining({ source: 'pandapon/pages/doc-en-ka.xportcn.com/api-9001.txt' }),
      ],
      changes: [],
    });
    expect(report.newOperations).toEqual([]);
    expect(report.whiteLabel).toEqual([
      {
        key: 'POST /shop/ka/order/pay',
        kind: 'operation',
        title: 'order pay',
        sources: ['pandapon/pages/doc-en-ka.xportcn.com/api-9002.txt'],
      },
    ]);
    const text = formatDriftReport(report, { verbose: true });
    expect(text).toContain(
      '    evidence: independent-client + white-label (no PandaPon page documents it)',
    );
    expect(text).toContain('White-label pages no operation cites');
  });

  it('marks an evidence operation no page matched as such in the not-compared list', () => {
    const report = computeDrift(
      pages.filter((p) => !p.source.includes('xportcn')),
      shopSpec(),
    );
    expect(report.notCompared).toEqual([
      'POST /open/shop/coupon/redeem (evidence: independent-client + white-label; no PandaPon page)',
    ]);
  });

  it('reports metadata out of date: a complete copy of a truncated spec, 开发中, unlisted copies', () => {
    const spec = shopSpec((y) =>
      replaceOnce(
        replaceOnce(
          y,
          '      operationId: shopCreateOrder\n',
          '      operationId: shopCreateOrder\n      x-pandapon-truncated: true\n',
        ),
        '        - { url: https://doc-en.example.test/api-2001, lang: en, complete: false }\n',
        '',
      ),
    );
    const notes = changesOf(computeDrift(pages, spec), CREATE).map((c) => `${c.kind}: ${c.note}`);
    expect(notes).toEqual([
      'metadata: spec is marked x-pandapon-truncated but a complete copy exists: transcribe the rest',
      'metadata: copy https://doc-en.example.test/api-2001 is not listed in x-pandapon-docs',
    ]);
    const dev = withPage(PAGE.refundSubmit, (t) => replaceOnce(t, '开发中\n', ''));
    expect(changesOf(computeDrift(dev, shopSpec()), 'POST /open/shop/refund/submit')).toEqual([
      expect.objectContaining({
        kind: 'metadata',
        spec: 'x-pandapon-under-development',
        page: 'no 开发中 label',
      }),
    ]);
  });
});

describe('formatDriftReport', () => {
  it('groups changes by operation and ends with the count line', () => {
    const spec = shopSpec((y) => replaceOnce(y, '        giftWrap: { type: boolean }\n', ''));
    const text = formatDriftReport(computeDrift(pages, spec));
    expect(text).toContain(`${CREATE}  (shopCreateOrder, shop.yaml)`);
    expect(text).toContain('  + body     giftWrap: added (boolean) — not yet in spec');
    expect(text).toContain('Removals are reported only from complete copies');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'drift: 1 change in 1 operation, 0 new operations',
    );
  });
});
