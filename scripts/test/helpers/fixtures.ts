import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SpecIndex, specIndexFromTexts } from '@pandapon/spec-model';
import type { DocumentedCopy } from '../../lib/coverage.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const DOCS = join(FIXTURES, 'docs');
export const PAGES = join(DOCS, 'pandapon', 'pages');
export const SPECS = join(FIXTURES, 'specs');

/** Text of a fixture page, by path relative to fixtures/docs. */
export function page(relativePath: string): string {
  return readFileSync(join(DOCS, relativePath), 'utf8');
}

export const PAGE = {
  orderCreate: 'pandapon/pages/doc.example.test/api-1001.txt',
  orderCreateCut: 'pandapon/pages/doc-en.example.test/api-2001.txt',
  orderGet: 'pandapon/pages/doc.example.test/api-1002.txt',
  refundSubmit: 'pandapon/pages/doc.example.test/api-1003.txt',
  callback: 'pandapon/pages/doc-en.example.test/api-2009.txt',
  manual: 'pandapon/pages/doc-en.example.test/doc-3001.txt',
  menuSeed: 'seeds/900_menu-and-page.txt',
} as const;

/**
 * The fixture's white-label copy (not a PandaPon page) of the coupon operation, as a catalog
 * lists it with its own path; `text` is the stored page's.
 */
export const WHITE_LABEL_COUPON_FILE = 'doc-en-ka.xportcn.com/api-9001.txt';
export function whiteLabelCouponCopy(text: string | undefined): DocumentedCopy {
  return {
    source: WHITE_LABEL_COUPON_FILE,
    url: 'https://doc-en-ka.xportcn.com/api-9001',
    lang: 'en',
    method: 'POST',
    path: '/shop/ka/coupon/redeem',
    complete: false,
    underDevelopment: false,
    text: text ?? '',
  };
}

/**
 * The order-create page's text with a `coupon` key added to its request example only (no field
 * table lists it): what the tools must report as a key only the example shows.
 */
export function withCouponInExample(pageText: string): string {
  return replaceOnce(
    pageText,
    '"orderNo": "A-1",\n"address"',
    '"orderNo": "A-1",\n"coupon": "C",\n"address"',
  );
}

export const SHOP_YAML = readFileSync(join(SPECS, 'shop.yaml'), 'utf8');
export const COMMON_YAML = readFileSync(join(SPECS, 'common.yaml'), 'utf8');

/** The fixture spec, with `edit` applied to shop.yaml (a string replacement that must match). */
export function shopSpec(edit?: (yaml: string) => string): SpecIndex {
  let shop = SHOP_YAML;
  if (edit) {
    const edited = edit(shop);
    if (edited === shop) throw new Error('fixture edit did not change shop.yaml');
    shop = edited;
  }
  return specIndexFromTexts({ 'common.yaml': COMMON_YAML, 'shop.yaml': shop });
}

/** Replaces exactly one occurrence; throws when `find` is absent or ambiguous. */
export function replaceOnce(text: string, find: string, replacement: string): string {
  const first = text.indexOf(find);
  if (first < 0 || text.indexOf(find, first + 1) >= 0) {
    throw new Error(`expected exactly one occurrence of ${JSON.stringify(find)}`);
  }
  return text.slice(0, first) + replacement + text.slice(first + find.length);
}
