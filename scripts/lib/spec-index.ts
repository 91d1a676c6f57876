/**
 * Index of the operations and webhooks of a set of spec files, with what the checks need:
 * parameters, the security schemes that stand in for documented headers/query parameters,
 * the request and response schemas, and the x-pandapon-* extensions.
 */

import { basename, dirname, join } from 'node:path';
import { flattenSchema } from './schema-fields.js';
import { isRecord, type Located, SpecResolver } from './spec-loader.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface SpecParam {
  name: string;
  in: string;
  required: boolean;
  schema?: Located;
}

export interface DocRef {
  url: string;
  lang?: string;
  complete?: boolean;
}

export interface SpecOperation {
  /** `POST /open/order`. */
  key: string;
  method: string;
  path: string;
  operationId?: string;
  /** Spec file name (e.g. `taobao.yaml`). */
  file: string;
  docs: DocRef[];
  truncated: boolean;
  underDevelopment: boolean;
  params: SpecParam[];
  /** `in:name` of apiKey security schemes in force (headers and the logistics query pair). */
  securityParams: Set<string>;
  requestBody?: Located;
  response?: Located;
}

export interface SpecWebhook {
  name: string;
  file: string;
  /** `const`/`enum` of the body's `messageType`. */
  messageTypes: string[];
  docs: DocRef[];
  requestBody?: Located;
}

export interface SpecIndex {
  files: string[];
  operations: SpecOperation[];
  byKey: Map<string, SpecOperation[]>;
  webhooks: SpecWebhook[];
  resolver: SpecResolver;
  /** Unreadable files, unresolvable refs. */
  problems: string[];
}

export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

function readDocs(value: unknown): DocRef[] {
  if (!Array.isArray(value)) return [];
  const out: DocRef[] = [];
  for (const d of value) {
    if (!isRecord(d) || typeof d.url !== 'string') continue;
    out.push({
      url: d.url,
      ...(typeof d.lang === 'string' ? { lang: d.lang } : {}),
      ...(typeof d.complete === 'boolean' ? { complete: d.complete } : {}),
    });
  }
  return out;
}

function jsonSchemaOf(resolver: SpecResolver, content: unknown, file: string): Located | undefined {
  const c = resolver.resolve(content, file);
  if (!isRecord(c.node)) return undefined;
  const media =
    c.node['application/json'] ??
    Object.entries(c.node).find(([k]) => k.includes('json'))?.[1] ??
    Object.values(c.node)[0];
  const m = resolver.resolve(media, c.file);
  if (!isRecord(m.node) || m.node.schema === undefined) return undefined;
  return { node: m.node.schema, file: m.file };
}

function requestBodyOf(resolver: SpecResolver, op: Record<string, unknown>, file: string) {
  if (op.requestBody === undefined) return undefined;
  const rb = resolver.resolve(op.requestBody, file);
  return isRecord(rb.node) ? jsonSchemaOf(resolver, rb.node.content, rb.file) : undefined;
}

function responseOf(resolver: SpecResolver, op: Record<string, unknown>, file: string) {
  if (!isRecord(op.responses)) return undefined;
  const codes = Object.keys(op.responses).sort();
  const code = codes.find((c) => c === '200') ?? codes.find((c) => /^2/.test(c));
  if (code === undefined) return undefined;
  const r = resolver.resolve(op.responses[code], file);
  return isRecord(r.node) ? jsonSchemaOf(resolver, r.node.content, r.file) : undefined;
}

function securityParamsOf(
  resolver: SpecResolver,
  doc: Record<string, unknown>,
  op: Record<string, unknown>,
  file: string,
): Set<string> {
  const out = new Set<string>();
  const requirements = Array.isArray(op.security) ? op.security : doc.security;
  if (!Array.isArray(requirements)) return out;
  const local =
    isRecord(doc.components) && isRecord(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  const commonFile = join(dirname(file), 'common.yaml');
  for (const req of requirements) {
    if (!isRecord(req)) continue;
    for (const name of Object.keys(req)) {
      let scheme: Located | undefined =
        local[name] !== undefined ? resolver.resolve(local[name], file) : undefined;
      // A file that forgot to declare a scheme locally still means the shared one.
      scheme ??= resolver.resolveRef(`#/components/securitySchemes/${name}`, commonFile);
      if (scheme) scheme = resolver.resolve(scheme.node, scheme.file);
      const s = scheme?.node;
      if (isRecord(s) && s.type === 'apiKey' && typeof s.in === 'string') {
        out.add(`${s.in}:${String(s.name)}`);
      }
    }
  }
  return out;
}

function paramsOf(
  resolver: SpecResolver,
  pathItem: Record<string, unknown>,
  op: Record<string, unknown>,
  file: string,
): SpecParam[] {
  const byKey = new Map<string, SpecParam>();
  for (const list of [pathItem.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = resolver.resolve(raw, file);
      if (!isRecord(p.node) || typeof p.node.name !== 'string' || typeof p.node.in !== 'string') {
        continue;
      }
      byKey.set(`${p.node.in}:${p.node.name}`, {
        name: p.node.name,
        in: p.node.in,
        required: p.node.required === true,
        ...(p.node.schema !== undefined ? { schema: { node: p.node.schema, file: p.file } } : {}),
      });
    }
  }
  return [...byKey.values()];
}

/** Loads `files` (absolute paths) and indexes their operations and webhooks. */
export function buildSpecIndex(files: string[], resolver = new SpecResolver()): SpecIndex {
  const operations: SpecOperation[] = [];
  const webhooks: SpecWebhook[] = [];
  for (const file of files) {
    const doc = resolver.load(file);
    if (!isRecord(doc)) continue;
    const name = basename(file);
    const paths = isRecord(doc.paths) ? doc.paths : {};
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = resolver.resolve(rawItem, file);
      if (!isRecord(item.node)) continue;
      for (const method of HTTP_METHODS) {
        const op = item.node[method];
        if (!isRecord(op)) continue;
        const requestBody = requestBodyOf(resolver, op, item.file);
        const response = responseOf(resolver, op, item.file);
        operations.push({
          key: operationKey(method, path),
          method: method.toUpperCase(),
          path,
          ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
          file: name,
          docs: readDocs(op['x-pandapon-docs']),
          truncated: op['x-pandapon-truncated'] === true,
          underDevelopment: op['x-pandapon-under-development'] === true,
          params: paramsOf(resolver, item.node, op, item.file),
          securityParams: securityParamsOf(resolver, doc, op, file),
          ...(requestBody ? { requestBody } : {}),
          ...(response ? { response } : {}),
        });
      }
    }
    const hooks = isRecord(doc.webhooks) ? doc.webhooks : {};
    for (const [hookName, rawItem] of Object.entries(hooks)) {
      const item = resolver.resolve(rawItem, file);
      if (!isRecord(item.node)) continue;
      for (const method of HTTP_METHODS) {
        const op = item.node[method];
        if (!isRecord(op)) continue;
        const requestBody = requestBodyOf(resolver, op, item.file);
        const messageType = flattenSchema(resolver, requestBody).fields.get('messageType');
        webhooks.push({
          name: hookName,
          file: name,
          messageTypes: (messageType?.enum ?? []).filter((v): v is string => typeof v === 'string'),
          docs: readDocs(op['x-pandapon-docs']),
          ...(requestBody ? { requestBody } : {}),
        });
      }
    }
  }
  // Walk every schema once so that broken refs show up as problems even for operations no
  // page documents.
  for (const op of operations) {
    flattenSchema(resolver, op.requestBody);
    flattenSchema(resolver, op.response);
  }
  const byKey = new Map<string, SpecOperation[]>();
  for (const op of operations) {
    const list = byKey.get(op.key) ?? [];
    list.push(op);
    byKey.set(op.key, list);
  }
  return {
    files,
    operations,
    byKey,
    webhooks,
    resolver,
    get problems() {
      return resolver.problems;
    },
  };
}

/** `/a/{id}/b` and `/a/{refundId}/b` have the same shape. */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** Operations at `method path`, falling back to the same path shape (parameter renamed). */
export function findOperations(
  index: SpecIndex,
  method: string,
  path: string,
): { ops: SpecOperation[]; exact: boolean } {
  const exact = index.byKey.get(operationKey(method, path));
  if (exact && exact.length > 0) return { ops: exact, exact: true };
  const shape = pathShape(path);
  const ops = index.operations.filter(
    (o) => o.method === method.toUpperCase() && pathShape(o.path) === shape,
  );
  return { ops, exact: false };
}
