import { jsonStringExtension } from './embedded.js';
import { resolveNode } from './pointer.js';
import { isObject, type JsonObject } from './types.js';

/**
 * Builds a plausible value for a schema, the way API mocking tools do: the schema's own
 * example/const/default first, else a placeholder of the declared type, recursing into every
 * declared property so responses carry the documented fields. Used for responses whose spec has
 * no example, and by the tests to build request bodies for operations without one.
 */
export function synthesize(root: unknown, schema: unknown): unknown {
  return build(root, schema, 0, []);
}

// Deep enough for every documented shape; stops runaway recursion on self-referencing schemas.
const MAX_DEPTH = 12;

function build(root: unknown, schema: unknown, depth: number, refs: string[]): unknown {
  if (schema === true || schema === undefined) return null;
  if (!isObject(schema)) return undefined;
  if (typeof schema.$ref === 'string') {
    // A self-reference ends here: the property is left out (optional ones validate that way).
    if (refs.includes(schema.$ref) || depth > MAX_DEPTH) return undefined;
    return build(root, resolveNode(root, { $ref: schema.$ref }), depth + 1, [...refs, schema.$ref]);
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return structuredClone(schema.examples[0]);
  }
  if ('example' in schema) return structuredClone(schema.example);
  if ('const' in schema) return structuredClone(schema.const);
  // A document inside a string (x-pandapon-json-string): a valid document, encoded as the wire
  // expects, so samples pass the strict check of embedded documents.
  const embedded = jsonStringExtension(root, schema);
  if (embedded) {
    const document = build(root, embedded.schema, depth + 1, refs);
    if (embedded.encoding === 'comma-list')
      return Array.isArray(document) ? document.join(',') : '';
    return JSON.stringify(document ?? {});
  }
  if ('default' in schema) return structuredClone(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const value = schema.enum.find((candidate) => candidate !== null);
    return structuredClone(value === undefined ? null : value);
  }
  if (Array.isArray(schema.allOf)) {
    let merged: unknown;
    for (const part of schema.allOf)
      merged = mergeValues(merged, build(root, part, depth + 1, refs));
    // Keywords next to allOf (properties, say) still describe the same value.
    const { allOf: _allOf, ...rest } = schema;
    return Object.keys(rest).some((key) => STRUCTURAL.has(key))
      ? mergeValues(merged, build(root, rest, depth + 1, refs))
      : merged;
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches) && branches.length > 0)
      return build(root, branches[0], depth + 1, refs);
  }
  switch (chooseType(schema)) {
    case 'null':
      return null;
    case 'object':
      return buildObject(root, schema, depth, refs);
    case 'array':
      return buildArray(root, schema, depth, refs);
    case 'string':
      return buildString(schema);
    case 'integer':
      return buildNumber(schema, true);
    case 'number':
      return buildNumber(schema, false);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

const STRUCTURAL = new Set(['type', 'properties', 'items', 'additionalProperties', 'required']);

function chooseType(schema: JsonObject): string | undefined {
  const declared = schema.type;
  if (typeof declared === 'string') return declared;
  if (Array.isArray(declared)) {
    const concrete = declared.find((type) => type !== 'null');
    return typeof concrete === 'string' ? concrete : declared.length > 0 ? 'null' : undefined;
  }
  if (isObject(schema.properties) || 'additionalProperties' in schema || 'required' in schema) {
    return 'object';
  }
  if ('items' in schema) return 'array';
  return undefined;
}

function buildObject(root: unknown, schema: JsonObject, depth: number, refs: string[]): unknown {
  if (depth > MAX_DEPTH) return {};
  const result: JsonObject = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    const value = build(root, propertySchema, depth + 1, refs);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

function buildArray(root: unknown, schema: JsonObject, depth: number, refs: string[]): unknown[] {
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : 1;
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const count = Math.min(Math.max(1, minItems), maxItems);
  if (count === 0 || depth > MAX_DEPTH) return [];
  const item = build(root, schema.items, depth + 1, refs);
  if (item === undefined) return [];
  return Array.from({ length: count }, () => structuredClone(item));
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '00:00:00Z',
  email: 'buyer@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function buildString(schema: JsonObject): string {
  let value = (typeof schema.format === 'string' && FORMAT_SAMPLES[schema.format]) || 'string';
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    value = value.padEnd(schema.minLength, 'x');
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    value = value.slice(0, schema.maxLength);
  }
  return value;
}

function buildNumber(schema: JsonObject, integer: boolean): number {
  let value = 1;
  if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
  if (typeof schema.exclusiveMinimum === 'number')
    value = Math.max(value, schema.exclusiveMinimum + 1);
  if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
  if (typeof schema.exclusiveMaximum === 'number')
    value = Math.min(value, schema.exclusiveMaximum - 1);
  return integer ? Math.ceil(value) : value;
}

/** Deep merge for allOf parts: objects merge key by key, anything else is replaced. */
export function mergeValues(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return base;
  if (isObject(base) && isObject(overlay)) {
    const merged: JsonObject = { ...base };
    for (const [key, value] of Object.entries(overlay)) merged[key] = mergeValues(base[key], value);
    return merged;
  }
  // A part that says nothing concrete (null from an untyped `data`) must not erase a real value.
  if (overlay === null && base !== undefined) return base;
  return overlay;
}
