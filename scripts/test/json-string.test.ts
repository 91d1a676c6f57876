/**
 * `x-pandapon-json-string` (specs/CONVENTIONS.md): fields that carry a JSON document (or a
 * comma-separated list) inside a string. The generator types the embedded value from the
 * extension's schema, so the schema must be well formed, the wire type must stay `string`, and
 * every value the specs' own examples put in such a field must decode and fit the schema with
 * no key the schema does not declare (a key the transcription missed would be a compile error
 * for callers who send it).
 */
import { basename } from 'node:path';
import { listSpecYamlFiles, SpecResolver } from '@pandapon/spec-model';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

const specPaths = listSpecYamlFiles();
const specFiles = specPaths.map((file) => basename(file));

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const ENCODINGS = ['json', 'comma-list'] as const;
const SOURCES = ['table', 'example', 'example+table', 'none'] as const;

interface JsonStringField {
  /** `taobao.yaml TaobaoCreateOrderRequest.receiver`. */
  where: string;
  file: string;
  component: string;
  property: string;
  field: Json;
  extension: Json;
}

/** Every property of a component schema that carries the extension. */
function jsonStringFields(file: string, doc: Json): JsonStringField[] {
  const out: JsonStringField[] = [];
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const [component, schema] of Object.entries(schemas)) {
    for (const [property, field] of Object.entries(
      (schema.properties ?? {}) as Record<string, Json>,
    )) {
      const extension = field['x-pandapon-json-string'];
      if (extension === undefined) continue;
      out.push({
        where: `${file} ${component}.${property}`,
        file,
        component,
        property,
        field,
        extension: extension as Json,
      });
    }
  }
  return out;
}

/** Decodes a wire string the way the extension says; throws on a malformed value. */
function decode(encoding: unknown, text: string): unknown {
  if (encoding === 'comma-list') return text === '' ? [] : text.split(',');
  return JSON.parse(text);
}

/** Keys of `value` that `schema` does not declare (objects with `properties`, arrays' items). */
function undeclaredKeys(schema: unknown, value: unknown, at = ''): string[] {
  if (!isObject(schema)) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => undeclaredKeys(schema.items, item, `${at}[${i}]`));
  }
  if (!isObject(value) || !isObject(schema.properties)) return [];
  const properties = schema.properties;
  return Object.entries(value).flatMap(([key, v]) =>
    key in properties ? undeclaredKeys(properties[key], v, `${at}.${key}`) : [`${at}.${key}`],
  );
}

const resolver = new SpecResolver();
const docs = Object.fromEntries(
  specPaths.map((file) => [basename(file), resolver.load(file) as Json]),
);
const fields = specFiles.flatMap((f) => jsonStringFields(f, docs[f] as Json));

/** Component a local `$ref` chain ends at (`#/components/schemas/X`), following aliases. */
function componentOf(doc: Json, schema: unknown): string | undefined {
  let name: string | undefined;
  let current = schema;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    const match = /^#\/components\/schemas\/(.+)$/.exec(current.$ref);
    if (!match) return name;
    name = match[1] as string;
    current = ((doc.components as Json).schemas as Json)[name];
  }
  return name;
}

/** String values the specs' examples give each field: property `examples` and request examples. */
function exampleValues(field: JsonStringField): string[] {
  const values: string[] = [];
  for (const v of (field.field.examples as unknown[] | undefined) ?? []) {
    if (typeof v === 'string') values.push(v);
  }
  const doc = docs[field.file] as Json;
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Json>)) {
    for (const op of Object.values(item)) {
      const media = ((op as Json | undefined)?.requestBody as Json | undefined)?.content as
        | Record<string, Json>
        | undefined;
      const json = media?.['application/json'];
      if (!json || componentOf(doc, json.schema) !== field.component) continue;
      for (const ex of Object.values((json.examples ?? {}) as Record<string, Json>)) {
        const v = isObject(ex.value) ? ex.value[field.property] : undefined;
        if (typeof v === 'string') values.push(v);
      }
    }
  }
  return values;
}

describe('x-pandapon-json-string', () => {
  it('is found on the fields the docs show carrying JSON inside a string', () => {
    expect(fields.map((f) => f.where).sort()).toEqual([
      'alibaba.yaml AlibabaSearchProductsByImageRequest.filter',
      'alibaba.yaml AlibabaSearchProductsByImageRequest.sort',
      'alibaba.yaml AlibabaSearchProductsByKeywordRequest.filter',
      'alibaba.yaml AlibabaSearchProductsByKeywordRequest.sort',
      'alibaba.yaml AlibabaSearchSellerOffersRequest.filter',
      'alibaba.yaml AlibabaSearchSellerOffersRequest.sort',
      'taobao.yaml TaobaoAddCartItemRequest.properties',
      'taobao.yaml TaobaoBatchCheckProductsRequest.params',
      'taobao.yaml TaobaoCreateOrderRequest.orderLineList',
      'taobao.yaml TaobaoCreateOrderRequest.receiver',
      'taobao.yaml TaobaoGetImLinkRequest.pageParamMap',
    ]);
  });

  it.each(fields.map((f) => [f.where, f] as const))('%s: is well formed', (_w, f) => {
    const { encoding, source, schema, ...rest } = f.extension;
    expect(Object.keys(rest)).toEqual([]);
    expect(ENCODINGS).toContain(encoding);
    expect(SOURCES).toContain(source);
    expect(isObject(schema)).toBe(true);
    // The wire value stays a string (nullable where the page says so).
    const type = f.field.type;
    expect(Array.isArray(type) ? type : [type]).toContain('string');
    if (encoding === 'comma-list') {
      expect((schema as Json).type).toBe('array');
      expect(((schema as Json).items as Json).type).toBe('string');
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    expect(() => ajv.compile(schema as Json)).not.toThrow();
  });

  it.each(fields.map((f) => [f.where, f] as const))(
    "%s: the specs' examples decode, validate and use only declared keys",
    (_w, f) => {
      const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
        f.extension.schema as Json,
      );
      for (const text of exampleValues(f)) {
        const value = decode(f.extension.encoding, text);
        expect(validate(value) ? [] : validate.errors).toEqual([]);
        expect(undeclaredKeys(f.extension.schema, value)).toEqual([]);
      }
    },
  );

  it('checks example values where the specs give them (guards against finding none)', () => {
    const withExamples = fields.filter((f) => exampleValues(f).length > 0).map((f) => f.where);
    expect(withExamples.length).toBeGreaterThanOrEqual(9);
  });

  it('catches a key the schema does not declare and a malformed document (the checks can fail)', () => {
    const receiver = fields.find((f) => f.property === 'receiver');
    expect(undeclaredKeys(receiver?.extension.schema, { name: 'a', mobilePhone: '1' })).toEqual([
      '.mobilePhone',
    ]);
    expect(() => decode('json', '{"name":')).toThrow(SyntaxError);
    const filter = fields.find((f) => f.property === 'filter');
    const validate = new Ajv2020({ strict: false }).compile(filter?.extension.schema as Json);
    expect(validate(decode('comma-list', 'shipInToday,shipInTomorrow'))).toBe(false);
  });
});
