/**
 * The shape of a JSON value: which JSON types were seen at each position, which keys objects
 * had and how often, what arrays held. Never a value: no string content or length, no number,
 * no key that looks like data (see {@link isFieldName}).
 */
export interface Shape {
  /** How many values were seen at this position. */
  seen: number;
  /** The JSON types seen, sorted; `integer` and `number` are kept apart. */
  types: JsonType[];
  /** Objects only: how many of the values were objects (a key's `seen` below it is optional). */
  objects?: number;
  /** Objects with field names: one shape per key. */
  properties?: Record<string, Shape>;
  /** Objects used as maps (keys that are data, e.g. ids or option names): their values' shape. */
  mapValues?: Shape;
  /** Arrays: the shape of their elements, all arrays at this position merged. */
  items?: Shape;
  /** Set where nesting went deeper than {@link MAX_DEPTH}: the shape below is unknown. */
  deeper?: true;
}

export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

export const JSON_TYPES: readonly JsonType[] = [
  'array',
  'boolean',
  'integer',
  'null',
  'number',
  'object',
  'string',
];

/** Nesting below this is not walked: bounds the cost of a hostile or odd body. */
export const MAX_DEPTH = 32;
/** Array elements looked at per array: shapes of long lists settle long before. */
export const MAX_ITEMS = 200;
/** An object with more keys than this is a map, whatever its keys look like. */
export const MAX_FIELDS = 64;

// PandaPon's wire names are ASCII identifiers (camelCase, a few snake_case or kebab-case). A key
// outside this is data — a SKU option name, an id, a date — and must not be written down.
const FIELD_NAME = /^[A-Za-z_$][\w$-]{0,63}$/;

/** True when `key` reads as a field name rather than as data. */
export function isFieldName(key: string): boolean {
  return FIELD_NAME.test(key) && key !== '__proto__';
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'bigint':
      return 'integer';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** The shape of one JSON value (as JSON.parse returns it). */
export function shapeOf(value: unknown, depth = 0): Shape {
  const type = typeOf(value);
  const shape: Shape = { seen: 1, types: [type] };
  if (depth >= MAX_DEPTH && (type === 'object' || type === 'array')) {
    shape.deeper = true;
    return shape;
  }
  if (type === 'array') {
    const list = value as unknown[];
    const limit = Math.min(list.length, MAX_ITEMS);
    for (let index = 0; index < limit; index++) {
      const element = shapeOf(list[index], depth + 1);
      shape.items = shape.items ? mergeShapes(shape.items, element) : element;
    }
  } else if (type === 'object') {
    shape.objects = 1;
    const keys = Object.keys(value as object);
    const asMap = keys.length > MAX_FIELDS || !keys.every(isFieldName);
    for (const key of keys) {
      const child = shapeOf((value as Record<string, unknown>)[key], depth + 1);
      if (asMap) {
        shape.mapValues = shape.mapValues ? mergeShapes(shape.mapValues, child) : child;
      } else {
        shape.properties ??= Object.create(null) as Record<string, Shape>;
        shape.properties[key] = child;
      }
    }
  }
  return shape;
}

/** Two shapes seen at the same position, as one. Neither input is changed. */
export function mergeShapes(a: Shape, b: Shape): Shape {
  const merged: Shape = {
    seen: a.seen + b.seen,
    types: [...new Set([...a.types, ...b.types])].sort(),
  };
  const objects = (a.objects ?? 0) + (b.objects ?? 0);
  if (objects > 0) merged.objects = objects;
  if (a.properties || b.properties) {
    const properties = Object.create(null) as Record<string, Shape>;
    for (const source of [a.properties, b.properties]) {
      for (const [key, shape] of Object.entries(source ?? {})) {
        const existing = properties[key];
        properties[key] = existing ? mergeShapes(existing, shape) : shape;
      }
    }
    merged.properties = properties;
  }
  const mapValues = mergeOptional(a.mapValues, b.mapValues);
  if (mapValues) merged.mapValues = mapValues;
  const items = mergeOptional(a.items, b.items);
  if (items) merged.items = items;
  if (a.deeper || b.deeper) merged.deeper = true;
  return merged;
}

function mergeOptional(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a && b) return mergeShapes(a, b);
  return a ?? b;
}

/**
 * Checks that `value` is a well-formed {@link Shape} (shapes files are read back from disk and
 * may be edited or corrupted). Returns an error message naming the position, or undefined.
 */
export function checkShape(value: unknown, at = 'shape', depth = 0): string | undefined {
  if (depth > MAX_DEPTH + 1) return `${at}: nested deeper than ${MAX_DEPTH}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${at}: must be an object`;
  }
  const shape = value as Record<string, unknown>;
  for (const key of Object.keys(shape)) {
    if (!['seen', 'types', 'objects', 'properties', 'mapValues', 'items', 'deeper'].includes(key)) {
      return `${at}: unknown key "${key.slice(0, 40)}"`;
    }
  }
  if (!isCount(shape.seen) || shape.seen === 0) return `${at}.seen: must be a positive integer`;
  if (
    !Array.isArray(shape.types) ||
    shape.types.length === 0 ||
    !shape.types.every((type) => JSON_TYPES.includes(type as JsonType))
  ) {
    return `${at}.types: must be a non-empty list of JSON types`;
  }
  if (shape.objects !== undefined && !isCount(shape.objects)) {
    return `${at}.objects: must be a non-negative integer`;
  }
  if (shape.deeper !== undefined && shape.deeper !== true) return `${at}.deeper: must be true`;
  if (shape.properties !== undefined) {
    const { properties } = shape;
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
      return `${at}.properties: must be an object`;
    }
    for (const [key, child] of Object.entries(properties)) {
      if (!isFieldName(key)) return `${at}.properties: "${key.slice(0, 40)}" is not a field name`;
      const problem = checkShape(child, `${at}.properties.${key}`, depth + 1);
      if (problem) return problem;
    }
  }
  for (const key of ['mapValues', 'items'] as const) {
    if (shape[key] === undefined) continue;
    const problem = checkShape(shape[key], `${at}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
