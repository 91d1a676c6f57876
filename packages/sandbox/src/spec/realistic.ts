/**
 * Realistic values for the placeholders in the specs' response data. Many doc examples hold `''`
 * where a value goes (the Taobao logistics example is nothing but empty strings), and values
 * synthesized from a schema are `'string'`. A client developer looking at sandbox output should
 * see what PandaPon data looks like: a tracking number, a city, a time.
 *
 * The order of preference: the field's own `example`/`examples` in the spec, then its `enum`,
 * then a value made up from the field's name. Made-up values are the sandbox's invention (not
 * PandaPon data); they only replace placeholders, never a value a doc example shows.
 */
import { firstWith, shapeOf } from './schema-shape.js';
import { isObject } from './types.js';

const PLACEHOLDERS = new Set(['', 'string']);

/** `value` with every placeholder string replaced; `schemas` describe `value`. */
export function fillPlaceholders(
  root: unknown,
  schemas: readonly unknown[],
  value: unknown,
): unknown {
  return fill(root, schemas, value, '', 0, 0);
}

const MAX_DEPTH = 32;

function fill(
  root: unknown,
  schemas: readonly unknown[],
  value: unknown,
  key: string,
  index: number,
  depth: number,
): unknown {
  if (depth > MAX_DEPTH) return value;
  if (typeof value === 'string') {
    return PLACEHOLDERS.has(value) ? realisticString(root, schemas, key, index) : value;
  }
  if (Array.isArray(value)) {
    const { items } = shapeOf(root, schemas);
    return value.map((item, position) => fill(root, items, item, key, position, depth + 1));
  }
  if (!isObject(value)) return value;
  const { properties } = shapeOf(root, schemas);
  const filled: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    filled[name] = fill(root, properties.get(name) ?? [], child, name, index, depth + 1);
  }
  return filled;
}

function realisticString(
  root: unknown,
  schemas: readonly unknown[],
  key: string,
  index: number,
): string {
  const examples = firstWith(root, schemas, 'examples');
  const fromSpec = Array.isArray(examples) ? examples[0] : firstWith(root, schemas, 'example');
  if (typeof fromSpec === 'string' && !PLACEHOLDERS.has(fromSpec)) return fromSpec;
  const choices = firstWith(root, schemas, 'enum');
  if (Array.isArray(choices)) {
    const choice = choices.find((candidate) => typeof candidate === 'string' && candidate !== '');
    if (typeof choice === 'string') return choice;
  }
  if (firstWith(root, schemas, 'format') === 'date-time') return '2025-04-24T10:15:00+08:00';
  const made = madeUp(key, index);
  // A schema with its own constraints on the text keeps its placeholder rather than risk them.
  const pattern = firstWith(root, schemas, 'pattern');
  if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(made)) return '';
  const maxLength = firstWith(root, schemas, 'maxLength');
  return typeof maxLength === 'number' ? made.slice(0, maxLength) : made;
}

/**
 * A plausible value for a field named `key`, the `index`-th of its list. Rules are tried in
 * order; the first whose pattern matches the name wins.
 */
const RULES: Array<[RegExp, (index: number, key: string) => string]> = [
  [
    /pic|image|img|avatar|logo|photo/i,
    (i) => `https://img.sandbox.pandapon.invalid/item-${i + 1}.jpg`,
  ],
  [/url|link|href/i, (i, key) => `https://sandbox.pandapon.invalid/${key}/${i + 1}`],
  [
    /mail_?no|tracking|waybill|logistic(s)?_?(no|num|code)|express_?no/i,
    (i) => `SF${1_430_000_000_000 + i}`,
  ],
  [
    /time|date|created|modified|updated/i,
    (i) => `2025-04-${String(24 - (i % 20)).padStart(2, '0')} 10:15:00`,
  ],
  [/province/i, () => '浙江省'],
  [/city/i, () => '杭州市'],
  [/district|area|county/i, () => '余杭区'],
  [/town|street/i, () => '五常街道'],
  [/zip|post_?code/i, () => '311121'],
  [/address|addr/i, () => '文一西路969号'],
  [/mobile|phone|tel/i, () => '13800000000'],
  [/contact$/i, () => '95338'],
  [/company|carrier|partner|express/i, () => '顺丰速运'],
  [/currency/i, () => 'CNY'],
  [/price|amount|fee|cost|payment|money|total/i, (i) => (12.5 + i).toFixed(2)],
  [/status_?desc|stand[ae]rd_?desc/i, () => '已签收'],
  [/quantity|count|qty/i, (i) => String(1 + (i % 3))],
  [/desc|remark|message|memo|reason|note|content|comment/i, (i) => `Sandbox sample text ${i + 1}`],
  [/status|state/i, () => 'SUCCESS'],
  [/action/i, () => 'CONSIGN'],
  [/facility|node|station|site/i, () => '杭州转运中心'],
  [/(^|_)sku|spec|prop|attr/i, () => '颜色:红色;尺码:M'],
  [/title|subject/i, (i) => `Sandbox sample item ${i + 1}`],
  [/contact|receiver|buyer|seller|nick|name|person/i, (i) => `Sandbox user ${i + 1}`],
  [/id$|no$|num$|number$|code$|sn$/i, (i) => String(2_000_123_456_789 + i)],
  [/^lang|language/i, () => 'zh'],
];

export function madeUp(key: string, index: number): string {
  for (const [pattern, make] of RULES) if (pattern.test(key)) return make(index, key);
  return `sample ${key || 'value'}`.trim();
}
