import { specIndexFromTexts } from '@pandapon/spec-model';
import { describe, expect, it } from 'vitest';
import { checkCoverage, copiesFromDocsSource, type DocumentedCopy } from '../lib/coverage.js';
import { loadDocsSource } from '../lib/docs-source.js';
import {
  DOCS,
  replaceOnce,
  shopSpec,
  WHITE_LABEL_COUPON_FILE,
  whiteLabelCouponCopy,
  withCouponInExample,
} from './helpers/fixtures.js';

const source = loadDocsSource(DOCS);
if (!source) throw new Error('fixture docs missing');
const { copies, warnings: sourceWarnings } = copiesFromDocsSource(source);

function run(edit?: (yaml: string) => string, withCopies: DocumentedCopy[] = copies) {
  return checkCoverage({ copies: withCopies, spec: shopSpec(edit) });
}

describe('copiesFromDocsSource', () => {
  it('takes catalog entries with a method and path, and the seeds (parsed)', () => {
    expect(sourceWarnings).toEqual([]);
    expect(copies.map((c) => `${c.method} ${c.path} ${c.source}`)).toEqual([
      'POST /open/shop/order/create doc.example.test/api-1001.txt',
      'GET /open/shop/order/{orderId} doc.example.test/api-1002.txt',
      'POST /open/shop/refund/submit doc.example.test/api-1003.txt',
      'POST /open/shop/order/create doc-en.example.test/api-2001.txt',
      'POST SHOP_ORDER_PRICE_MODIFY doc-en.example.test/api-2009.txt',
      'POST /open/shop/refund/messages seeds/900_menu-and-page.txt',
    ]);
    expect(copies.at(-1)).toMatchObject({ complete: true, underDevelopment: true });
    expect(copies.at(-1)?.url).toBeUndefined();
  });
});

describe('checkCoverage', () => {
  it('passes when the specs cover every documented operation and field', () => {
    const r = run();
    expect(r.failures).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.summary).toEqual({
      operationsDocumented: 4,
      operationsInSpecs: 5,
      // order-create: 5 + 4 top-level body fields; order-get: 1 path + 2 query;
      // refund-submit: 3; seed: 2.
      fieldsChecked: 17,
      pagesParsed: 5,
      callbacksDocumented: 1,
      webhooksInSpecs: 1,
      operationsOnOtherEvidence: 1,
    });
    expect(r.evidence).toEqual([
      'POST /open/shop/coupon/redeem (shopRedeemCoupon, shop.yaml): evidence independent-client + white-label (no PandaPon page); pages: https://doc-en-ka.xportcn.com/api-9001',
    ]);
  });

  it('fails on a documented operation missing from the specs', () => {
    const r = run((y) =>
      replaceOnce(y, '/open/shop/refund/submit:', '/open/shop/refund/submitted:'),
    );
    expect(r.failures).toContainEqual(
      expect.stringMatching(
        /^missing operation: POST \/open\/shop\/refund\/submit is documented.*api-1003\.txt/,
      ),
    );
  });

  it('fails on a top-level body field missing from the spec, naming the copy', () => {
    const r = run((y) => replaceOnce(y, '        giftWrap: { type: boolean }\n', ''));
    expect(r.failures).toEqual([
      'POST /open/shop/order/create (shopCreateOrder, shop.yaml): body field "giftWrap" is not in the spec [doc-en.example.test/api-2001.txt]',
    ]);
  });

  it('fails on a missing query parameter, but not on one a security scheme stands for', () => {
    const r = run((y) =>
      replaceOnce(
        y,
        '        - { name: lang, in: query, required: false, schema: { type: string } }\n',
        '',
      ),
    );
    expect(r.failures).toEqual([
      'GET /open/shop/order/{orderId} (shopGetOrder, shop.yaml): query parameter "lang" is not in the spec [doc.example.test/api-1002.txt]',
    ]);
    const noScheme = run((y) => replaceOnce(y, '          querySign: []\n', ''));
    expect(noScheme.failures).toContainEqual(
      expect.stringContaining('query parameter "sign" is not in the spec'),
    );
  });

  it('accepts a field whose nesting was guessed at either place, and names both when missing', () => {
    // The cut copy lists `city` right after the object `address`: nested or top-level?
    const r = run((y) => replaceOnce(y, '        city: { type: string }\n', ''));
    expect(r.failures).toEqual([
      'POST /open/shop/order/create (shopCreateOrder, shop.yaml): body field "address.city" (or top-level "city") is not in the spec [doc-en.example.test/api-2001.txt]',
    ]);
  });

  it('checks x-pandapon-docs against the catalog', () => {
    const unlisted = run((y) =>
      replaceOnce(
        y,
        '        - { url: https://doc-en.example.test/api-2001, lang: en, complete: false }\n',
        '',
      ),
    );
    expect(unlisted.failures).toEqual([
      'POST /open/shop/order/create (shopCreateOrder, shop.yaml): x-pandapon-docs does not list https://doc-en.example.test/api-2001 (doc-en.example.test/api-2001.txt)',
    ]);
    const wrong = run((y) =>
      replaceOnce(y, 'api-2001, lang: en, complete: false', 'api-2001, lang: en, complete: true'),
    );
    expect(wrong.failures).toEqual([
      expect.stringContaining(
        'gives https://doc-en.example.test/api-2001 complete: true, the copy stops before',
      ),
    ]);
    const lang = checkCoverage({
      copies: copies.map((c) => (c.source.endsWith('api-2001.txt') ? { ...c, lang: 'vi' } : c)),
      spec: shopSpec(),
    });
    expect(lang.failures).toEqual([expect.stringContaining('lang en, its host is vi')]);
  });

  it('checks x-pandapon-truncated and x-pandapon-under-development against the copies', () => {
    const truncated = run((y) =>
      replaceOnce(
        y,
        'lang: zh, complete: false }\n      x-pandapon-truncated: true\n      security:',
        'lang: zh, complete: false }\n      security:',
      ),
    );
    expect(truncated.failures).toEqual([
      'GET /open/shop/order/{orderId} (shopGetOrder, shop.yaml): every copy stops before the page end; add x-pandapon-truncated: true',
    ]);
    const markedButComplete = run((y) =>
      replaceOnce(
        y,
        '      operationId: shopCreateOrder\n',
        '      operationId: shopCreateOrder\n      x-pandapon-truncated: true\n',
      ),
    );
    expect(markedButComplete.failures).toEqual([
      expect.stringContaining('marked x-pandapon-truncated, but a complete copy exists'),
    ]);
    const dev = run((y) =>
      replaceOnce(
        y,
        '      x-pandapon-truncated: true\n      x-pandapon-under-development: true\n',
        '      x-pandapon-truncated: true\n',
      ),
    );
    expect(dev.failures).toEqual([
      expect.stringContaining('labelled 开发中; add x-pandapon-under-development'),
    ]);
  });

  it('fails on a documented callback no webhook declares', () => {
    const r = run((y) =>
      replaceOnce(y, 'const: SHOP_ORDER_PRICE_MODIFY', 'const: SHOP_ORDER_CREATED'),
    );
    expect(r.failures).toEqual([
      expect.stringMatching(/^missing callback: message type SHOP_ORDER_PRICE_MODIFY/),
    ]);
  });

  it('warns about keys seen only in a request example', () => {
    const withExtra = copies.map((c) =>
      c.source.endsWith('api-1001.txt') && c.text
        ? {
            ...c,
            text: withCouponInExample(c.text),
          }
        : c,
    );
    const r = checkCoverage({ copies: withExtra, spec: shopSpec() });
    expect(r.failures).toEqual([]);
    expect(r.warnings).toEqual([
      expect.stringContaining('"coupon" appears only in the page\'s request example'),
    ]);
  });

  describe('provenance of x-pandapon-docs entries and other evidence', () => {
    const withPages = (edit?: (yaml: string) => string) =>
      checkCoverage({ copies, spec: shopSpec(edit), pageText: (f) => source?.pageText(f) });

    it('passes on the fixtures when stored pages outside the catalog are readable', () => {
      const r = withPages();
      expect(r.failures).toEqual([]);
      expect(r.summary.operationsOnOtherEvidence).toBe(1);
    });

    it('fails on x-pandapon-evidence where a PandaPon page documents the operation', () => {
      const r = withPages((y) =>
        replaceOnce(
          y,
          '      operationId: shopCreateOrder\n',
          '      operationId: shopCreateOrder\n      x-pandapon-evidence: [independent-client]\n',
        ),
      );
      expect(r.failures).toEqual([
        expect.stringMatching(
          /shopCreateOrder.*x-pandapon-evidence says no PandaPon page documents it, but .*api-1001\.txt/,
        ),
      ]);
    });

    it('fails on a white-label page not marked as such, and on a PandaPon page marked white-label', () => {
      const r = withPages((y) =>
        replaceOnce(
          replaceOnce(y, '          evidence: white-label\n', ''),
          '{ url: https://doc.example.test/api-1002, lang: zh, complete: false }',
          '{ url: https://doc.example.test/api-1002, evidence: white-label, lang: zh, complete: false }',
        ),
      );
      expect(r.failures).toEqual([
        expect.stringContaining(
          'shopGetOrder, shop.yaml): x-pandapon-docs marks https://doc.example.test/api-1002 evidence: white-label, but it is a PandaPon page',
        ),
        expect.stringContaining(
          'shopRedeemCoupon, shop.yaml): x-pandapon-docs lists the white-label page https://doc-en-ka.xportcn.com/api-9001 without evidence: white-label',
        ),
      ]);
    });

    it('fails on an address no copy is stored under unless marked inferred, and on a wrong inferred mark', () => {
      const r = withPages((y) =>
        replaceOnce(
          replaceOnce(y, '          inferred: true\n', ''),
          '{ url: https://doc.example.test/api-1002, lang: zh, complete: false }',
          '{ url: https://doc.example.test/api-1002, inferred: true, lang: zh, complete: false }',
        ),
      );
      expect(r.failures).toEqual([
        expect.stringContaining(
          'shopGetOrder, shop.yaml): x-pandapon-docs marks https://doc.example.test/api-1002 inferred, but a copy is stored under it',
        ),
        expect.stringContaining(
          'shopListRefundMessages, shop.yaml): x-pandapon-docs lists https://doc-en.example.test/api-2005, but no copy is stored under it (mark it inferred: true)',
        ),
      ]);
    });

    it('fails on complete: true for a cut stored copy, even when a complete seed exists', () => {
      const r = withPages((y) =>
        replaceOnce(
          y,
          '          copy: seeds/900_menu-and-page.txt\n',
          '          copy: seeds/900_menu-and-page.txt\n          complete: false\n',
        ).replace(
          '          complete: false\n          lang: en\n          complete: true\n',
          '          complete: false\n          lang: en\n',
        ),
      );
      expect(r.failures).toEqual([
        expect.stringContaining(
          'x-pandapon-docs gives seeds/900_menu-and-page.txt complete: false, the copy reaches the page end',
        ),
      ]);
    });

    it('fails on a named copy that does not document the operation', () => {
      const r = withPages((y) =>
        replaceOnce(y, 'copy: seeds/900_menu-and-page.txt', 'copy: seeds/999_other.txt'),
      );
      expect(r.failures).toEqual([
        expect.stringContaining(
          'x-pandapon-docs names the copy seeds/999_other.txt, which does not document this operation',
        ),
      ]);
    });

    it('fails when a white-label evidence page shows another path than the entry says', () => {
      const r = withPages((y) =>
        replaceOnce(y, 'path: /shop/ka/coupon/redeem', 'path: /shop/ka/coupon/use'),
      );
      expect(r.failures).toEqual([
        expect.stringContaining(
          'doc-en-ka.xportcn.com/api-9001.txt shows POST /shop/ka/coupon/redeem, x-pandapon-docs says POST /shop/ka/coupon/use',
        ),
      ]);
    });

    it('lists an operation without PandaPon page and without evidence as a warning, not as evidence', () => {
      const r = withPages((y) =>
        replaceOnce(y, '      x-pandapon-evidence: [independent-client, white-label]\n', ''),
      );
      expect(r.evidence).toEqual([]);
      expect(r.warnings).toContainEqual(
        expect.stringContaining(
          'shopRedeemCoupon, shop.yaml): no catalog page or seed documents this operation',
        ),
      );
    });
  });

  it("fails on a webhook whose x-pandapon-docs does not list its callback page (drift's rule)", () => {
    const r = run((y) =>
      replaceOnce(
        y,
        '  shopOrderPriceModify:\n    post:\n',
        '  shopOrderPriceModify:\n    post:\n      x-pandapon-docs:\n        - { url: https://doc-en.example.test/api-2008, lang: en, complete: false, inferred: true }\n',
      ),
    );
    expect(r.failures).toEqual([
      'callback SHOP_ORDER_PRICE_MODIFY (shopOrderPriceModify, shop.yaml): x-pandapon-docs does not list https://doc-en.example.test/api-2009 (doc-en.example.test/api-2009.txt)',
    ]);
  });

  it('checks a catalog white-label copy against the operation citing it with its own path', () => {
    const file = WHITE_LABEL_COUPON_FILE;
    const whiteLabel = whiteLabelCouponCopy(source?.pageText(file));
    const r = run(
      (y) => replaceOnce(y, '                couponCode: { type: string }\n', ''),
      [...copies, whiteLabel],
    );
    expect(r.warnings).toEqual([
      `POST /open/shop/coupon/redeem (shopRedeemCoupon, shop.yaml): "couponCode" appears only in the page's request example and is not in the spec [${file}]`,
    ]);
    // The page is not a PandaPon page: the operation still rests on other evidence.
    expect(r.summary).toMatchObject({ operationsDocumented: 4, operationsOnOtherEvidence: 1 });
  });

  it('returns typed findings: errors are the failures, each with its rule code and sources', () => {
    const r = run((y) => replaceOnce(y, '        giftWrap: { type: boolean }\n', ''));
    const errors = r.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([
      {
        severity: 'error',
        code: 'body-field-missing',
        message: expect.stringContaining('body field "giftWrap" is not in the spec'),
        sources: expect.arrayContaining([expect.stringContaining('api-')]),
      },
    ]);
    expect(r.failures).toEqual(errors.map((f) => `${f.message} [${f.sources.join(', ')}]`));
    expect(r.findings.filter((f) => f.severity === 'info').map((f) => f.code)).toEqual([
      'other-evidence',
    ]);
  });

  it('fails on a spec file that cannot be parsed', () => {
    const spec = specIndexFromTexts({ 'broken.yaml': 'paths: {', 'common.yaml': '{}' });
    const r = checkCoverage({ copies: [], spec });
    expect(r.failures).toEqual([expect.stringContaining('broken.yaml: cannot read or parse')]);
  });
});
