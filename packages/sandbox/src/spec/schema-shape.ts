/**
 * What a schema says about the shape of a value, with `$ref`, `allOf`, `anyOf` and `oneOf`
 * flattened: the properties it declares, whether it is open to others, and the schemas of its
 * array items. Used to find undocumented keys in request bodies and to name the schema of each
 * field of an example.
 */
import { resolveNode } from './pointer.js';
import { isObject } from './types.js';

export interface SchemaShape {
  /** True when keys beyond `properties` are allowed: additionalProperties, truncated, or none listed. */
  open: boolean;
  properties: Map<string, unknown[]>;
  items: unknown[];
}

// Deep enough for every documented shape; stops on self-referencing schemas.
const MAX_DEPTH = 32;

export function shapeOf(root: unknown, schemas: readonly unknown[]): SchemaShape {
  const shape: SchemaShape = { open: false, properties: new Map(), items: [] };
  let declaresProperties = false;
  const visit = (schema: unknown, depth: number): void => {
    if (schema === true) {
      shape.open = true;
      return;
    }
    if (!isObject(schema) || depth > MAX_DEPTH) return;
    const node = typeof schema.$ref === 'string' ? resolveNode(root, schema) : schema;
    if (!node) return;
    if (node['x-pandapon-truncated'] === true) shape.open = true;
    if ('additionalProperties' in node && node.additionalProperties !== false) shape.open = true;
    if ('patternProperties' in node) shape.open = true;
    if (isObject(node.properties)) {
      declaresProperties = true;
      for (const [name, property] of Object.entries(node.properties)) {
        const list = shape.properties.get(name) ?? [];
        list.push(property);
        shape.properties.set(name, list);
      }
    }
    if ('items' in node) shape.items.push(node.items);
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const parts = node[keyword];
      if (Array.isArray(parts)) for (const part of parts) visit(part, depth + 1);
    }
  };
  for (const schema of schemas) visit(schema, 0);
  // An object schema that lists no property at all says nothing about its keys.
  if (!declaresProperties) shape.open = true;
  return shape;
}

/** The first schema of `schemas` (after $ref) that has `key`, e.g. `example` or `enum`. */
export function firstWith(root: unknown, schemas: readonly unknown[], key: string): unknown {
  for (const schema of schemas) {
    const node = isObject(schema) ? resolveNode(root, schema) : undefined;
    if (node && key in node) return node[key];
  }
  return undefined;
}

/**
 * The first key of `value` (at any depth) its schema does not document, as a path like
 * `body.addressParam.mobil`; undefined when every key is documented or its object is open.
 */
export function findUndocumentedKey(
  root: unknown,
  schemas: readonly unknown[],
  value: unknown,
  path: string,
  depth = 0,
): string | undefined {
  if (depth > MAX_DEPTH || schemas.length === 0) return undefined;
  if (Array.isArray(value)) {
    const { items } = shapeOf(root, schemas);
    for (const [index, item] of value.entries()) {
      const found = findUndocumentedKey(root, items, item, `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const shape = shapeOf(root, schemas);
  for (const [key, child] of Object.entries(value)) {
    const declared = shape.properties.get(key);
    const childPath = /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;
    if (!declared) {
      if (shape.open) continue;
      return childPath;
    }
    const found = findUndocumentedKey(root, declared, child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}
