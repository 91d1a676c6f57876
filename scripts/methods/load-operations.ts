/**
 * The plain operation list the method emitter takes, from a platform's spec index
 * (@pandapon/spec-model): every `$ref` inlined, the extensions the methods document, the schema
 * of the envelope's `data`, and a params object from the spec's examples.
 */
import { isRecord, type Located, type SpecIndex, type SpecResolver } from '@pandapon/spec-model';
import type { MethodOperation, MethodPagination, MethodParameter } from './emit-methods.js';
import type { Schema } from './schema-type.js';

/**
 * `node` with every `$ref` replaced by its target. One ref's target is one object everywhere
 * (the emitter names item types by schema identity); a ref cycle becomes `{}` where it closes.
 */
function deref(
  node: unknown,
  file: string,
  resolver: SpecResolver,
  cache: Map<string, unknown>,
  open: Set<string>,
): unknown {
  if (Array.isArray(node)) return node.map((item) => deref(item, file, resolver, cache, open));
  if (!isRecord(node)) return node;
  if (typeof node.$ref === 'string') {
    const { $ref, ...siblings } = node;
    const target = resolver.resolveRef($ref, file);
    if (!target) throw new Error(`${file}: unresolvable $ref ${$ref}`);
    const key = `${target.file}${$ref.slice($ref.indexOf('#'))}`;
    if (open.has(key)) return {};
    let resolved = cache.get(key);
    if (resolved === undefined) {
      open.add(key);
      resolved = deref(target.node, target.file, resolver, cache, open);
      open.delete(key);
      cache.set(key, resolved);
    }
    return Object.keys(siblings).length && isRecord(resolved)
      ? { ...resolved, ...siblings }
      : resolved;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Examples are data, not schemas: a `$ref` key inside one is not ours to follow.
    out[key] =
      key === 'examples' || key === 'example' ? value : deref(value, file, resolver, cache, open);
  }
  return out;
}

/** The `data` member of an envelope schema (`allOf: [Envelope, { properties: { data } }]`). */
function dataSchema(envelope: unknown): Schema | undefined {
  if (!isRecord(envelope)) return undefined;
  const members = Array.isArray(envelope.allOf) ? envelope.allOf.filter(isRecord) : [];
  let found: Schema | undefined;
  for (const candidate of [envelope, ...members]) {
    const properties = candidate.properties;
    const data = isRecord(properties) ? properties.data : undefined;
    // The shared Envelope's own `data` is an untyped placeholder; an operation's narrows it.
    if (isRecord(data) && Object.keys(data).some((k) => k !== 'description')) found = data;
  }
  return found;
}

function isPagination(value: unknown): value is MethodPagination {
  return (
    isRecord(value) &&
    (value.in === 'body' || value.in === 'query') &&
    typeof value.page === 'string' &&
    typeof value.size === 'string' &&
    typeof value.items === 'string'
  );
}

export function loadOperations(index: SpecIndex): MethodOperation[] {
  const cache = new Map<string, unknown>();
  const inline = (located: Located | undefined): Schema | undefined => {
    if (!located) return undefined;
    const node = deref(located.node, located.file, index.resolver, cache, new Set());
    return isRecord(node) ? node : undefined;
  };
  return index.operations.map((op) => {
    if (op.operationId === undefined) throw new Error(`${op.key}: operationId is missing`);
    const parameters: MethodParameter[] = [];
    const example: Record<string, unknown> = {};
    for (const p of op.params) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      parameters.push({
        name: p.name,
        in: p.in,
        required: p.required,
        ...(p.description !== undefined ? { description: p.description } : {}),
        schema: inline(p.schema) ?? {},
      });
      if (p.example !== undefined) example[p.name] = p.example;
    }
    if (isRecord(op.requestExample)) Object.assign(example, op.requestExample);
    const body = inline(op.requestBody);
    const data = dataSchema(inline(op.response));
    return {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      ...(op.summary !== undefined ? { summary: op.summary } : {}),
      ...(op.description !== undefined ? { description: op.description } : {}),
      ...(op.apiVersion !== undefined ? { apiVersion: op.apiVersion } : {}),
      docs: op.docs.map((d) => ({ url: d.url, ...(d.lang ? { lang: d.lang } : {}) })),
      safeToRetry: op.safeToRetry === true,
      truncated: op.truncated,
      underDevelopment: op.underDevelopment,
      ...(isPagination(op.pagination) ? { pagination: op.pagination } : {}),
      parameters,
      ...(body ? { body: { required: op.requestBodyRequired, schema: body } } : {}),
      ...(data ? { data } : {}),
      ...(Object.keys(example).length ? { example } : {}),
    };
  });
}
