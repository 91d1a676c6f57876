import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { specIndexFromTexts } from '@pandapon/spec-model';
import { describe, expect, it } from 'vitest';
import { compareDocs, type DocCopy, type Finding, type FindingKind } from '../lib/compare/index.js';
import { copiesFromDocsSource } from '../lib/coverage.js';
import { listTextFiles, loadDocsSource } from '../lib/docs-source.js';
import {
  COMMON_YAML,
  DOCS,
  PAGE,
  replaceOnce,
  SHOP_YAML,
  shopSpec,
  WHITE_LABEL_COUPON_FILE,
  whiteLabelCouponCopy,
  withCouponInExample,
} from './helpers/fixtures.js';

const source = loadDocsSource(DOCS);
if (!source) throw new Error('fixture docs missing');
/** Every stored copy, as the coverage gate hands them over (catalog + seeds). */
const catalog: DocCopy[] = copiesFromDocsSource(source).copies;
/** A folder of saved pages, as the drift report hands them over (text only). */
const folder: DocCopy[] = listTextFiles(DOCS).map((p) => ({
  source: relative(DOCS, p),
  text: readFileSync(p, 'utf8'),
}));

const CREATE = 'POST /open/shop/order/create';
const CUT = 'doc-en.example.test/api-2001.txt';
const COMPLETE = 'doc.example.test/api-1001.txt';

function onCatalog(edit?: (yaml: string) => string, copies: DocCopy[] = catalog) {
  return compareDocs({
    copies,
    spec: shopSpec(edit),
    allCopies: true,
    pageText: (f) => source?.pageText(f),
  }).findings;
}

function onFolder(edit?: (yaml: string) => string, copies: DocCopy[] = folder) {
  return compareDocs({ copies, spec: shopSpec(edit), allCopies: false }).findings;
}

function ofKind<K extends FindingKind>(findings: Finding[], kind: K) {
  return findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
}

/** The findings the fixtures give when pages and specs agree: the evidence operation, info. */
const AGREEING_CATALOG = [
  {
    kind: 'operation-without-page',
    severity: 'info',
    operation: expect.objectContaining({ key: 'POST /open/shop/coupon/redeem' }),
    whiteLabelCopies: [],
  },
];

describe('compareDocs', () => {
  it('finds nothing but the operation on other evidence when the fixtures agree', () => {
    expect(onCatalog()).toEqual(AGREEING_CATALOG);
    // The folder holds the cited white-label page: the evidence operation is compared with it.
    expect(onFolder().map((f) => f.kind)).toEqual(['white-label-path', 'operation-without-page']);
  });

  it('groups copies of one operation, parsed once, in the order they came', () => {
    const { groups, copiesCompared, requestFieldsChecked } = compareDocs({
      copies: catalog,
      spec: shopSpec(),
      allCopies: true,
    });
    expect(groups.map((g) => [g.key, g.copies.map((c) => c.source)])).toEqual([
      [CREATE, [COMPLETE, CUT]],
      ['GET /open/shop/order/{orderId}', ['doc.example.test/api-1002.txt']],
      ['POST /open/shop/refund/submit', ['doc.example.test/api-1003.txt']],
      ['callback SHOP_ORDER_PRICE_MODIFY', ['doc-en.example.test/api-2009.txt']],
      ['POST /open/shop/refund/messages', ['seeds/900_menu-and-page.txt']],
    ]);
    expect(groups[0]?.copies[1]).toMatchObject({ complete: false, listedKey: CREATE });
    expect(copiesCompared).toBe(5);
    expect(requestFieldsChecked).toBe(17);
  });

  it('spec-problem: a spec file that cannot be parsed is an error', () => {
    const spec = specIndexFromTexts({ 'broken.yaml': 'paths: {', 'common.yaml': '{}' });
    const findings = compareDocs({ copies: [], spec, allCopies: true }).findings;
    expect(findings).toEqual([
      {
        kind: 'spec-problem',
        severity: 'error',
        problem: expect.stringContaining('broken.yaml: cannot read or parse'),
      },
    ]);
  });

  it('operation-not-in-spec: names the copies, the title and the methods the path has', () => {
    const findings = onCatalog((y) =>
      replaceOnce(
        y,
        '  /open/shop/refund/submit:\n    post:',
        '  /open/shop/refund/submit:\n    put:',
      ),
    );
    expect(ofKind(findings, 'operation-not-in-spec')).toEqual([
      {
        kind: 'operation-not-in-spec',
        severity: 'error',
        key: 'POST /open/shop/refund/submit',
        copies: ['doc.example.test/api-1003.txt'],
        title: '提交退款',
        otherMethods: ['PUT'],
      },
    ]);
  });

  it('callback-not-in-spec: a message type no webhook declares', () => {
    const findings = onFolder((y) =>
      replaceOnce(y, 'const: SHOP_ORDER_PRICE_MODIFY', 'const: SHOP_OTHER'),
    );
    expect(ofKind(findings, 'callback-not-in-spec')).toEqual([
      {
        kind: 'callback-not-in-spec',
        severity: 'error',
        messageType: 'SHOP_ORDER_PRICE_MODIFY',
        copies: [PAGE.callback],
        title: 'Order price changed',
      },
    ]);
  });

  it('white-label-path: a white-label page no entry cites with its path, and who cites it otherwise', () => {
    expect(ofKind(onFolder(), 'white-label-path')).toEqual([
      {
        kind: 'white-label-path',
        severity: 'warning',
        key: 'POST /shop/ka/order/pay',
        copies: ['pandapon/pages/doc-en-ka.xportcn.com/api-9002.txt'],
        title: 'order pay',
      },
    ]);
    const otherPath = onFolder((y) =>
      replaceOnce(y, 'path: /shop/ka/coupon/redeem', 'path: /shop/ka/coupon/use'),
    );
    expect(ofKind(otherPath, 'white-label-path')).toContainEqual(
      expect.objectContaining({
        key: 'POST /shop/ka/coupon/redeem',
        citedBy: 'POST /open/shop/coupon/redeem',
      }),
    );
  });

  it('path-renamed: the documented path matches only with its parameter renamed', () => {
    const findings = onCatalog((y) =>
      replaceOnce(
        replaceOnce(y, '  /open/shop/order/{orderId}:', '  /open/shop/order/{id}:'),
        '{ name: orderId, in: path,',
        '{ name: id, in: path,',
      ),
    );
    expect(ofKind(findings, 'path-renamed')).toEqual([
      {
        kind: 'path-renamed',
        severity: 'warning',
        operation: expect.objectContaining({ key: 'GET /open/shop/order/{id}' }),
        documentedPath: '/open/shop/order/{orderId}',
        copies: ['doc.example.test/api-1002.txt'],
      },
    ]);
  });

  it('duplicate-operation: one method + path declared in two files', () => {
    const extra = [
      'openapi: 3.1.0',
      'info: { title: extra, version: 1.0.0 }',
      'paths:',
      '  /open/shop/refund/submit:',
      '    post:',
      '      operationId: shopSubmitRefundAgain',
      '      responses: { "200": { description: ok } }',
      '',
    ].join('\n');
    const spec = specIndexFromTexts({
      'common.yaml': COMMON_YAML,
      'shop.yaml': SHOP_YAML,
      'extra.yaml': extra,
    });
    const findings = compareDocs({ copies: catalog, spec, allCopies: true }).findings;
    expect(ofKind(findings, 'duplicate-operation')).toEqual([
      {
        kind: 'duplicate-operation',
        severity: 'warning',
        operation: expect.objectContaining({ key: 'POST /open/shop/refund/submit' }),
        files: ['shop.yaml', 'extra.yaml'],
      },
    ]);
    // Both declarations are matched: neither is an operation without page.
    expect(
      ofKind(findings, 'operation-without-page').map((f) => f.operation.spec.operationId),
    ).toEqual(['shopRedeemCoupon']);
  });

  it('evidence-contradicted: x-pandapon-evidence on an operation a PandaPon page documents', () => {
    const findings = onFolder((y) =>
      replaceOnce(
        y,
        '      operationId: shopCreateOrder\n',
        '      operationId: shopCreateOrder\n      x-pandapon-evidence: [independent-client]\n',
      ),
    );
    expect(ofKind(findings, 'evidence-contradicted')).toEqual([
      {
        kind: 'evidence-contradicted',
        severity: 'error',
        operation: expect.objectContaining({ key: CREATE }),
        copies: [PAGE.orderCreateCut, PAGE.orderCreate],
      },
    ]);
  });

  it('page-shows-other-path: the catalog lists a copy under another operation than the page shows', () => {
    const misfiled = catalog.map((c) =>
      c.source === 'doc.example.test/api-1003.txt'
        ? { ...c, path: '/open/shop/refund/messages' }
        : c,
    );
    expect(ofKind(onCatalog(undefined, misfiled), 'page-shows-other-path')).toEqual([
      {
        kind: 'page-shows-other-path',
        severity: 'warning',
        operation: expect.objectContaining({ key: 'POST /open/shop/refund/messages' }),
        copy: 'doc.example.test/api-1003.txt',
        listed: 'POST /open/shop/refund/messages',
        shown: 'POST /open/shop/refund/submit',
      },
    ]);
  });

  describe('field-not-in-spec', () => {
    it('is an error for a top-level body field, naming the copies that show it there', () => {
      const findings = onCatalog((y) =>
        replaceOnce(y, '        giftWrap: { type: boolean }\n', ''),
      );
      expect(ofKind(findings, 'field-not-in-spec')).toEqual([
        {
          kind: 'field-not-in-spec',
          severity: 'error',
          operation: expect.objectContaining({ key: CREATE }),
          location: 'body',
          field: 'giftWrap',
          copies: [CUT],
          pageType: 'boolean',
          specSchema: 'closed',
          topLevelOn: [CUT],
        },
      ]);
    });

    it('keeps the guessed other place, and the copies where it may be top-level', () => {
      const findings = onCatalog((y) => replaceOnce(y, '        city: { type: string }\n', ''));
      expect(ofKind(findings, 'field-not-in-spec')).toEqual([
        expect.objectContaining({
          severity: 'error',
          field: 'address.city',
          alternative: 'city',
          copies: [COMPLETE, CUT],
          topLevelOn: [CUT],
        }),
      ]);
    });

    it('is a warning when the spec has it in another location', () => {
      const findings = onCatalog((y) =>
        replaceOnce(
          replaceOnce(y, '        giftWrap: { type: boolean }\n', ''),
          '      operationId: shopCreateOrder\n',
          '      operationId: shopCreateOrder\n      parameters:\n        - { name: giftWrap, in: query, schema: { type: boolean } }\n',
        ),
      );
      expect(ofKind(findings, 'field-not-in-spec')).toEqual([
        expect.objectContaining({ severity: 'warning', field: 'giftWrap', elsewhere: 'query' }),
      ]);
    });

    it('says when the spec has no request body at all', () => {
      const findings = onCatalog((y) =>
        replaceOnce(
          y,
          '      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [orderId]\n',
          '      x-removed:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [orderId]\n',
        ),
      );
      expect(ofKind(findings, 'field-not-in-spec')).toContainEqual(
        expect.objectContaining({ severity: 'error', field: 'orderId', specSchema: 'absent' }),
      );
    });

    it('is info in a response, under an open schema, and for headers', () => {
      const response = onCatalog((y) =>
        replaceOnce(y, '        createdAt: { type: string, format: date-time }\n', ''),
      );
      expect(ofKind(response, 'field-not-in-spec')).toEqual([
        expect.objectContaining({
          severity: 'info',
          location: 'response',
          field: 'data.createdAt',
          specSchema: 'open',
        }),
      ]);
      const headers = onFolder((y) =>
        replaceOnce(
          y,
          'security:\n  - accessKey: []\n    timestamp: []\n',
          'security:\n  - accessKey: []\n',
        ),
      );
      expect(ofKind(headers, 'field-not-in-spec')).toContainEqual(
        expect.objectContaining({ severity: 'info', location: 'header', field: 'timestamp' }),
      );
    });
  });

  it('field-only-in-example: a top-level key no table lists, on every kind of copy set', () => {
    const withCoupon = (copies: DocCopy[], name: string) =>
      copies.map((c) =>
        c.source === name && c.text
          ? {
              ...c,
              text: withCouponInExample(c.text),
            }
          : c,
      );
    const expected = {
      kind: 'field-only-in-example',
      severity: 'warning',
      operation: expect.objectContaining({ key: CREATE }),
      location: 'body',
      field: 'coupon',
    };
    expect(
      ofKind(onCatalog(undefined, withCoupon(catalog, COMPLETE)), 'field-only-in-example'),
    ).toEqual([{ ...expected, copies: [COMPLETE] }]);
    expect(
      ofKind(onFolder(undefined, withCoupon(folder, PAGE.orderCreate)), 'field-only-in-example'),
    ).toEqual([{ ...expected, copies: [PAGE.orderCreate] }]);
  });

  it('field-not-on-page: a spec field a complete copy leaves out', () => {
    const findings = onCatalog((y) =>
      replaceOnce(
        y,
        '        zip: { type: [string, "null"] }\n',
        '        zip: { type: [string, "null"] }\n        floor: { type: integer }\n',
      ),
    );
    expect(ofKind(findings, 'field-not-on-page')).toEqual([
      {
        kind: 'field-not-on-page',
        severity: 'info',
        operation: expect.objectContaining({ key: CREATE }),
        location: 'body',
        field: 'address.floor',
        spec: 'integer',
        copies: [COMPLETE],
      },
    ]);
  });

  it('field-differs: type, required, nullability and enum', () => {
    const findings = onCatalog((y) =>
      replaceOnce(
        replaceOnce(y, '        orderNo: { type: string }', '        orderNo: { type: integer }'),
        'required: [orderNo, items]',
        'required: [items]',
      ),
    );
    expect(ofKind(findings, 'field-differs')).toEqual([
      {
        kind: 'field-differs',
        severity: 'info',
        operation: expect.objectContaining({ key: CREATE }),
        location: 'body',
        field: 'orderNo',
        aspect: 'type',
        spec: 'integer',
        page: 'string',
        copies: [COMPLETE, CUT],
      },
      expect.objectContaining({ aspect: 'required', spec: 'optional', page: 'required' }),
    ]);
  });

  describe('provenance', () => {
    it('runs the shared rules, the full set only with every copy', () => {
      const edit = (y: string) =>
        replaceOnce(y, 'api-2001, lang: en, complete: false', 'api-2001, lang: en, complete: true');
      expect(ofKind(onCatalog(edit), 'provenance')).toEqual([
        {
          kind: 'provenance',
          severity: 'error',
          operation: expect.objectContaining({ key: CREATE }),
          rule: expect.objectContaining({ code: 'docs-complete', listed: true, actual: false }),
        },
      ]);
      // A folder holds only some copies: a cut copy proves no entry too optimistic.
      expect(ofKind(onFolder(edit), 'provenance')).toEqual([]);
    });

    it("checks a webhook's x-pandapon-docs listing against its callback pages, in both modes", () => {
      const edit = (y: string) =>
        replaceOnce(
          y,
          '  shopOrderPriceModify:\n    post:\n',
          '  shopOrderPriceModify:\n    post:\n      x-pandapon-docs:\n        - { url: https://doc-en.example.test/api-2008, lang: en, complete: false, inferred: true }\n',
        );
      for (const findings of [onCatalog(edit), onFolder(edit)]) {
        expect(ofKind(findings, 'provenance')).toEqual([
          {
            kind: 'provenance',
            severity: 'error',
            operation: expect.objectContaining({
              kind: 'webhook',
              key: 'callback SHOP_ORDER_PRICE_MODIFY',
            }),
            rule: expect.objectContaining({
              code: 'docs-not-listed',
              url: 'https://doc-en.example.test/api-2009',
            }),
          },
        ]);
      }
    });
  });

  describe('operation-without-page', () => {
    it('is info on other evidence, a warning when every copy is known, info for a folder', () => {
      const noEvidence = (y: string) =>
        replaceOnce(y, '      x-pandapon-evidence: [independent-client, white-label]\n', '');
      expect(onCatalog()).toEqual(AGREEING_CATALOG);
      const without = (findings: Finding[]) =>
        ofKind(findings, 'operation-without-page').map((f) => [f.operation.key, f.severity]);
      expect(without(onCatalog(noEvidence))).toEqual([
        ['POST /open/shop/coupon/redeem', 'warning'],
      ]);
      const noWhiteLabel = folder.filter((c) => !c.source.includes('xportcn'));
      expect(without(onFolder(noEvidence, noWhiteLabel))).toEqual([
        ['POST /open/shop/coupon/redeem', 'info'],
      ]);
    });

    it('names the white-label copies compared with it instead', () => {
      expect(ofKind(onFolder(), 'operation-without-page')).toEqual([
        expect.objectContaining({
          severity: 'info',
          whiteLabelCopies: ['pandapon/pages/doc-en-ka.xportcn.com/api-9001.txt'],
        }),
      ]);
    });
  });

  it('compares a catalog white-label copy with the operation citing it with its own path', () => {
    const file = WHITE_LABEL_COUPON_FILE;
    const whiteLabel = whiteLabelCouponCopy(source.pageText(file));
    const findings = onCatalog(
      (y) =>
        replaceOnce(
          replaceOnce(y, 'required: [couponCode, orderId]', 'required: [orderId]'),
          '                couponCode: { type: string }\n',
          '',
        ),
      [...catalog, whiteLabel],
    );
    expect(ofKind(findings, 'field-only-in-example')).toEqual([
      expect.objectContaining({
        operation: expect.objectContaining({ key: 'POST /open/shop/coupon/redeem' }),
        field: 'couponCode',
        copies: [file],
      }),
    ]);
    // Still resting on other evidence: no PandaPon page documents it.
    expect(ofKind(findings, 'operation-without-page')).toEqual([
      expect.objectContaining({ severity: 'info', whiteLabelCopies: [file] }),
    ]);
  });
});
