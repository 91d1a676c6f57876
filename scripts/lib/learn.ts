/**
 * `pnpm learn`: compares response shapes recorded from real traffic (@pandapon/shapes) with the
 * specs and proposes what the docs leave open. Rules:
 * - Only additions: a property under an object schema that is not closed
 *   (`additionalProperties: false`), a type where the spec has none, array items or map values
 *   where the spec says nothing. Nothing documented is ever removed or changed.
 * - Documented facts win: an observed type the spec does not allow is reported as a conflict
 *   and never applied.
 * - What is added carries `x-pandapon-observed` (how many responses showed it, first and last
 *   seen), so a reader always knows it comes from traffic, not from a doc page.
 */

import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  type EditableSpecs,
  HTTP_METHODS,
  isRecord,
  pointerOf,
  type SpecLocation,
} from '@pandapon/spec-model';
import { isMap } from 'yaml';
import { mergeShapes, type Shape, type ShapeRecord } from '../../packages/shapes/src/index.js';

/** Where a schema lives: a spec file and the path to the schema object inside it. */
type Location = SpecLocation;

interface Observed {
  responses: number;
  firstSeen: string;
  lastSeen: string;
  operations: string[];
}

export type Finding =
  | {
      kind: 'add-property';
      at: Location;
      property: string;
      shape: Shape;
      observed: Observed;
    }
  | {
      /** The schema at `at` says nothing of its type: the observed one is proposed. */
      kind: 'add-type';
      at: Location;
      shape: Shape;
      observed: Observed;
    }
  | {
      kind: 'conflict';
      at: Location;
      operation: string;
      documented: string;
      observedTypes: string[];
    }
  | { kind: 'unknown-operation'; operation: string }
  | { kind: 'no-data-schema'; operation: string; at: Location };

const METHODS = new Set<string>(HTTP_METHODS);

function field(node: unknown, key: string): unknown {
  return isRecord(node) ? node[key] : undefined;
}

function valueAt(specs: EditableSpecs, at: Location): unknown {
  return specs.resolver.nodeAt(at);
}

/** Follows `$ref`s from `at` to the schema object they lead to: its place and node. */
function follow(specs: EditableSpecs, at: Location): Location & { node: unknown } {
  return specs.resolver.locate(at);
}

export function describe(at: Location, root?: string): string {
  const file = root ? relative(root, at.file) : at.file;
  return `${file}${pointerOf(at.path)}`;
}

function findOperation(specs: EditableSpecs, operation: string): Location | undefined {
  const space = operation.indexOf(' ');
  const method = operation.slice(0, space).toLowerCase();
  const path = operation.slice(space + 1);
  if (!METHODS.has(method)) return undefined;
  for (const file of specs.files) {
    const value = specs.resolver.load(file);
    const paths = isRecord(value) ? value.paths : undefined;
    const item = isRecord(paths) ? paths[path] : undefined;
    if (isRecord(item) && isRecord(item[method])) return { file, path: ['paths', path, method] };
  }
  return undefined;
}

/** The schema of the envelope's `data` in the operation's 200 JSON response. */
function dataSchema(specs: EditableSpecs, operationAt: Location): Location | undefined {
  const responseSchema = {
    file: operationAt.file,
    path: [...operationAt.path, 'responses', '200', 'content', 'application/json', 'schema'],
  };
  return findProperty(specs, responseSchema, 'data', 0);
}

function findProperty(
  specs: EditableSpecs,
  schemaAt: Location,
  name: string,
  depth: number,
): Location | undefined {
  if (depth > 10) return undefined;
  const { node, ...at } = follow(specs, schemaAt);
  if (!isRecord(node)) return undefined;
  if (isRecord(node.properties) && name in node.properties) {
    return { file: at.file, path: [...at.path, 'properties', name] };
  }
  if (Array.isArray(node.allOf)) {
    for (let index = node.allOf.length - 1; index >= 0; index--) {
      const found = findProperty(
        specs,
        { file: at.file, path: [...at.path, 'allOf', index] },
        name,
        depth + 1,
      );
      if (found) return found;
    }
  }
  return undefined;
}

/** The JSON types a schema allows, or undefined when it does not say. */
function documentedTypes(node: Record<string, unknown>): Set<string> | undefined {
  const { type } = node;
  let types: string[] | undefined;
  if (typeof type === 'string') types = [type];
  else if (Array.isArray(type))
    types = type.filter((entry): entry is string => typeof entry === 'string');
  if (!types) return undefined;
  const allowed = new Set(types);
  if (node.nullable === true || (Array.isArray(node.enum) && node.enum.includes(null)))
    allowed.add('null');
  if (allowed.has('number')) allowed.add('integer');
  return allowed;
}

interface Walk {
  specs: EditableSpecs;
  operation: string;
  observed: Observed;
  findings: Finding[];
}

function compare(walk: Walk, schemaAt: Location, shape: Shape, depth: number): void {
  if (depth > 40) return;
  const { node, ...at } = follow(walk.specs, schemaAt);
  if (!isRecord(node)) return;
  // A union the docs spelled out is theirs to keep; an observation cannot place itself in it.
  if (Array.isArray(node.oneOf) || Array.isArray(node.anyOf)) return;

  if (Array.isArray(node.allOf)) {
    // Properties may come from any part; additions go to the last part that holds properties.
    const parts = node.allOf.map((_, index): Location => {
      const { file, path } = follow(walk.specs, {
        file: at.file,
        path: [...at.path, 'allOf', index],
      });
      return { file, path };
    });
    compareObject(walk, at, parts, shape, depth);
    return;
  }

  const types = documentedTypes(node);
  const saysNothing =
    types === undefined &&
    !isRecord(node.properties) &&
    node.items === undefined &&
    !isRecord(node.additionalProperties);
  if (saysNothing) {
    walk.findings.push({ kind: 'add-type', at, shape, observed: walk.observed });
    return;
  }
  if (types) {
    const unexpected = shape.types.filter((type) => !types.has(type));
    if (unexpected.length > 0) {
      walk.findings.push({
        kind: 'conflict',
        at,
        operation: walk.operation,
        documented: [...types].join(' | '),
        observedTypes: shape.types,
      });
      return;
    }
  }
  if (shape.types.includes('object')) compareObject(walk, at, [at], shape, depth);
  if (shape.types.includes('array') && shape.items) {
    if (node.items === undefined) {
      walk.findings.push({
        kind: 'add-type',
        at: { file: at.file, path: [...at.path, 'items'] },
        shape: shape.items,
        observed: walk.observed,
      });
    } else {
      compare(walk, { file: at.file, path: [...at.path, 'items'] }, shape.items, depth + 1);
    }
  }
}

function compareObject(
  walk: Walk,
  at: Location,
  parts: Location[],
  shape: Shape,
  depth: number,
): void {
  const nodes = parts.map((part) => valueAt(walk.specs, part)).filter(isRecord);
  const closed = nodes.some((node) => node.additionalProperties === false);
  for (const [key, child] of Object.entries(shape.properties ?? {})) {
    const owner = parts.find((part) => {
      const node = valueAt(walk.specs, part);
      return isRecord(node) && isRecord(node.properties) && key in node.properties;
    });
    if (owner) {
      compare(
        walk,
        { file: owner.file, path: [...owner.path, 'properties', key] },
        child,
        depth + 1,
      );
    } else if (closed) {
      walk.findings.push({
        kind: 'conflict',
        at,
        operation: walk.operation,
        documented: 'no such property (additionalProperties: false)',
        observedTypes: [`property "${key}"`],
      });
    } else {
      const target =
        [...parts]
          .reverse()
          .find((part) => isRecord(field(valueAt(walk.specs, part), 'properties'))) ??
        parts.at(-1) ??
        at;
      walk.findings.push({
        kind: 'add-property',
        at: target,
        property: key,
        shape: child,
        observed: walk.observed,
      });
    }
  }
  if (shape.mapValues) {
    const map = parts.find((part) =>
      isRecord(field(valueAt(walk.specs, part), 'additionalProperties')),
    );
    if (map) {
      compare(
        walk,
        { file: map.file, path: [...map.path, 'additionalProperties'] },
        shape.mapValues,
        depth + 1,
      );
    } else if (!closed && !nodes.some((node) => isRecord(node.properties))) {
      walk.findings.push({
        kind: 'add-type',
        at: { file: at.file, path: [...at.path, 'additionalProperties'] },
        shape: shape.mapValues,
        observed: walk.observed,
      });
    }
  }
}

/** Compares every recorded operation with the specs. Findings at one place are merged. */
export function learn(specs: EditableSpecs, records: Iterable<ShapeRecord>): Finding[] {
  const findings: Finding[] = [];
  for (const record of records) {
    const operationAt = findOperation(specs, record.operation);
    if (!operationAt) {
      findings.push({ kind: 'unknown-operation', operation: record.operation });
      continue;
    }
    const dataAt = dataSchema(specs, operationAt);
    if (!dataAt) {
      findings.push({ kind: 'no-data-schema', operation: record.operation, at: operationAt });
      continue;
    }
    const observed: Observed = {
      responses: record.responses,
      firstSeen: record.firstSeen,
      lastSeen: record.lastSeen,
      operations: [record.operation],
    };
    compare({ specs, operation: record.operation, observed, findings }, dataAt, record.data, 0);
  }
  return mergeFindings(findings);
}

function findingKey(finding: Finding): string | undefined {
  if (finding.kind === 'add-property') return `p ${describe(finding.at)} ${finding.property}`;
  if (finding.kind === 'add-type') return `t ${describe(finding.at)}`;
  return undefined;
}

/** Two operations sharing one component schema propose one change, with both counted. */
function mergeFindings(findings: Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  const rest: Finding[] = [];
  for (const finding of findings) {
    const key = findingKey(finding);
    if (key === undefined || (finding.kind !== 'add-property' && finding.kind !== 'add-type')) {
      rest.push(finding);
      continue;
    }
    const existing = merged.get(key) as typeof finding | undefined;
    if (!existing) {
      merged.set(key, finding);
      continue;
    }
    merged.set(key, {
      ...existing,
      shape: mergeShapes(existing.shape, finding.shape),
      observed: {
        responses: existing.observed.responses + finding.observed.responses,
        firstSeen: [existing.observed.firstSeen, finding.observed.firstSeen].sort()[0] as string,
        lastSeen: [existing.observed.lastSeen, finding.observed.lastSeen].sort()[1] as string,
        operations: [...new Set([...existing.observed.operations, ...finding.observed.operations])],
      },
    });
  }
  return [...merged.values(), ...rest];
}

/** A JSON Schema for what was observed. Nothing is marked required: traffic proves no rule. */
export function schemaOf(shape: Shape): Record<string, unknown> {
  const types = new Set(shape.types);
  if (types.has('integer') && types.has('number')) types.delete('integer');
  const nullable = types.delete('null');
  const schema: Record<string, unknown> = {};
  // Seen only as null: the type is unknown, and `null` alone would make real values fail.
  if (types.size === 1) {
    const [type] = types as Set<string> & { size: 1 };
    schema.type = nullable ? [type, 'null'] : type;
  } else if (types.size > 1) {
    schema.type = [...types, ...(nullable ? ['null'] : [])];
  }
  if (types.has('object')) {
    if (shape.properties) {
      schema.properties = Object.fromEntries(
        Object.entries(shape.properties).map(([key, child]) => [key, schemaOf(child)]),
      );
    }
    if (shape.mapValues) schema.additionalProperties = schemaOf(shape.mapValues);
  }
  if (types.has('array') && shape.items) schema.items = schemaOf(shape.items);
  return schema;
}

function observedExtension(observed: Observed): Record<string, unknown> {
  return {
    responses: observed.responses,
    firstSeen: observed.firstSeen,
    lastSeen: observed.lastSeen,
    operations: observed.operations,
  };
}

const OBSERVED_NOTE = 'Not in the stored doc copies: learnt from recorded responses (pnpm learn).';

/** Writes the additions into the YAML documents (comments and layout elsewhere kept). */
export function applyFindings(specs: EditableSpecs, findings: Finding[]): Set<string> {
  const changed = new Set<string>();
  for (const finding of findings) {
    if (finding.kind !== 'add-property' && finding.kind !== 'add-type') continue;
    const document = specs.files.includes(finding.at.file)
      ? specs.resolver.document(finding.at.file)
      : undefined;
    if (!document) continue;
    if (finding.kind === 'add-property') {
      const schema = {
        ...schemaOf(finding.shape),
        description: OBSERVED_NOTE,
        'x-pandapon-observed': observedExtension(finding.observed),
      };
      document.setIn(
        [...finding.at.path, 'properties', finding.property],
        document.createNode(schema),
      );
    } else {
      const existing = document.getIn(finding.at.path, true);
      if (existing !== undefined && !isMap(existing)) continue;
      for (const [key, value] of Object.entries(schemaOf(finding.shape))) {
        document.setIn([...finding.at.path, key], document.createNode(value));
      }
      document.setIn(
        [...finding.at.path, 'x-pandapon-observed'],
        document.createNode(observedExtension(finding.observed)),
      );
    }
    changed.add(finding.at.file);
  }
  for (const file of changed) specs.resolver.edited(file);
  return changed;
}

export function writeSpecs(specs: EditableSpecs, files: Iterable<string>): void {
  for (const file of files) {
    const document = specs.resolver.document(file);
    if (document) writeFileSync(file, document.toString({ lineWidth: 100 }));
  }
}

/** One line per finding, for people. */
export function formatFinding(finding: Finding, root: string): string {
  switch (finding.kind) {
    case 'add-property':
      return `+ ${describe(finding.at, root)}/properties/${finding.property}: ${JSON.stringify(schemaOf(finding.shape))} (${finding.observed.responses} responses)`;
    case 'add-type':
      return `+ ${describe(finding.at, root)}: ${JSON.stringify(schemaOf(finding.shape))} (${finding.observed.responses} responses)`;
    case 'conflict':
      return `! conflict, not applied: ${describe(finding.at, root)} documents ${finding.documented}; ${finding.operation} showed ${finding.observedTypes.join(' | ')}`;
    case 'unknown-operation':
      return `? ${finding.operation}: no such operation in the specs`;
    case 'no-data-schema':
      return `? ${finding.operation}: its 200 response has no \`data\` schema to compare with (${describe(finding.at, root)})`;
  }
}
