/**
 * Flattens a JSON Schema (as used in the specs) into field paths in the same notation as the
 * page parser: `a`, `a.b`, `a[].b`. `$ref`, `allOf` are merged; `oneOf`/`anyOf` branches
 * contribute their properties (a field is "known" if any branch has it) but not `required`.
 */

import { isRecord, type Located, type SpecResolver } from '@pandapon/spec-model';

export interface SpecField {
  path: string;
  name: string;
  /** JSON Schema types other than 'null'; empty when the schema states no type (anything). */
  types: Set<string>;
  nullable: boolean;
  /** Listed in the parent object's `required`. */
  required: boolean;
  enum?: unknown[];
  /** Types of the items, for arrays. */
  itemTypes?: Set<string>;
}

export interface FlatSchema {
  fields: Map<string, SpecField>;
  /**
   * Object paths ('' = the root, `a`, `a[]`) whose schema is open: `additionalProperties`
   * set or `x-pandapon-truncated: true`. Page fields missing there are "not yet transcribed".
   */
  openObjects: Set<string>;
  /** The schema was found (false: no schema at all). */
  present: boolean;
}

interface Merged {
  types: Set<string>;
  nullable: boolean;
  properties: Map<string, Located[]>;
  required: Set<string>;
  items: Located[];
  enum?: unknown[];
  open: boolean;
}

const MAX_DEPTH = 12;

function emptyMerged(): Merged {
  return {
    types: new Set(),
    nullable: false,
    properties: new Map(),
    required: new Set(),
    items: [],
    open: false,
  };
}

function absorb(
  resolver: SpecResolver,
  m: Merged,
  loc: Located,
  countRequired: boolean,
  guard: number,
): void {
  if (guard > 40) return;
  const { node, file } = resolver.resolve(loc.node, loc.file);
  if (!isRecord(node)) return;
  const type = node.type;
  for (const t of Array.isArray(type) ? type : type !== undefined ? [type] : []) {
    if (t === 'null') m.nullable = true;
    else if (typeof t === 'string') m.types.add(t);
  }
  if (node.nullable === true) m.nullable = true;
  if ('const' in node) m.enum = [...(m.enum ?? []), node.const];
  if (Array.isArray(node.enum)) {
    for (const v of node.enum) if (v === null) m.nullable = true;
    m.enum = [...(m.enum ?? []), ...node.enum];
  }
  if (isRecord(node.properties)) {
    for (const [name, prop] of Object.entries(node.properties)) {
      const list = m.properties.get(name) ?? [];
      list.push({ node: prop, file });
      m.properties.set(name, list);
    }
    if (!m.types.size && !type) m.types.add('object');
  }
  if (countRequired && Array.isArray(node.required)) {
    for (const r of node.required) if (typeof r === 'string') m.required.add(r);
  }
  if (node.items !== undefined) {
    m.items.push({ node: node.items, file });
    if (!type) m.types.add('array');
  }
  if (node.additionalProperties === true || isRecord(node.additionalProperties)) m.open = true;
  if (node['x-pandapon-truncated'] === true) m.open = true;
  if (Array.isArray(node.allOf)) {
    for (const part of node.allOf)
      absorb(resolver, m, { node: part, file }, countRequired, guard + 1);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    // A branch may add a type or properties, but what is required depends on the branch taken.
    for (const b of branches) absorb(resolver, m, { node: b, file }, false, guard + 1);
  }
}

function collect(resolver: SpecResolver, parts: Located[]): Merged {
  const m = emptyMerged();
  for (const p of parts) absorb(resolver, m, p, true, 0);
  return m;
}

/** Flattens the schema at `located` (e.g. a request body's or a response's schema). */
export function flattenSchema(resolver: SpecResolver, located: Located | undefined): FlatSchema {
  const flat: FlatSchema = { fields: new Map(), openObjects: new Set(), present: !!located };
  if (!located) return flat;

  const walkObject = (m: Merged, objectPath: string, depth: number): void => {
    if (m.open) flat.openObjects.add(objectPath);
    if (depth > MAX_DEPTH) return;
    for (const [name, parts] of m.properties) {
      const pm = collect(resolver, parts);
      const path = objectPath === '' ? name : `${objectPath}.${name}`;
      const field: SpecField = {
        path,
        name,
        types: pm.types,
        nullable: pm.nullable,
        required: m.required.has(name),
        ...(pm.enum ? { enum: pm.enum } : {}),
      };
      flat.fields.set(path, field);
      descend(pm, path, depth + 1, field);
    }
  };

  const descend = (m: Merged, path: string, depth: number, field?: SpecField): void => {
    if (m.properties.size > 0 || m.open) walkObject(m, path, depth);
    if (m.items.length === 0) return;
    let items = collect(resolver, m.items);
    if (field) field.itemTypes = items.types;
    let itemPath = `${path}[]`;
    // Arrays of arrays: keep going down to the element that has properties.
    while (items.properties.size === 0 && !items.open && items.items.length > 0) {
      items = collect(resolver, items.items);
      itemPath += '[]';
    }
    walkObject(items, itemPath, depth);
  };

  const root = collect(resolver, [located]);
  descend(root, '', 0);
  return flat;
}

/** Parent object path of a field path: `a[].b` → `a[]`, `a.b` → `a`, `a` → ''. */
export function parentObjectPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}
