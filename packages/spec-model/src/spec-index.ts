/**
 * The operation index: every operation and webhook of a set of spec files, with what the
 * repository's tools need (parameters, request and response schemas, security, and every
 * `x-pandapon-*` extension), `$ref`s followed across files.
 */

import { basename, dirname, join } from 'node:path';
import { type DocRef, type OperationExtensions, readOperationExtensions } from './extensions.js';
import { HTTP_METHODS, operationKey } from './http.js';
import { isRecord, type Located, SpecResolver } from './resolver.js';

export interface SpecParam {
  name: string;
  in: string;
  required: boolean;
  schema?: Located;
  /** The parameter's own description, where the spec gives one. */
  description?: string;
  /** The parameter's `example`, where the spec gives one. */
  example?: unknown;
}

export interface SpecOperation extends OperationExtensions {
  /** `POST /open/order`. */
  key: string;
  /** Upper case: `POST`. */
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  /** Spec file name (e.g. `taobao.yaml`). */
  file: string;
  /** Path-level and operation-level parameters, the operation's winning on a clash. */
  params: SpecParam[];
  /** `in:name` of the apiKey security schemes in force (headers and the logistics query pair). */
  securityParams: Set<string>;
  /**
   * True where the operation's security asks for query-string keys besides the system headers:
   * the warehouse-logistics `timestamp` + `sign` pair. Derived from the spec's security schemes.
   */
  querySignature: boolean;
  /** The JSON schema of the request body, if any. */
  requestBody?: Located;
  requestBodyRequired: boolean;
  /** The request body's example (see jsonMediaOf), where the spec gives one. */
  requestExample?: unknown;
  /** The JSON schema of the 2xx (200 first) response, if any. */
  response?: Located;
  /** The response's example, where the spec gives one. */
  responseExample?: unknown;
}

export interface SpecWebhook {
  name: string;
  file: string;
  /** Upper case: `POST`. */
  method: string;
  operationId?: string;
  summary?: string;
  tags: string[];
  /** `const`/`enum` values of the body's `messageType`, in spec order. */
  messageTypes: string[];
  docs: DocRef[];
  /** Every `x-pandapon-*` key on the webhook operation, as written. */
  extensions: Readonly<Record<string, unknown>>;
  requestBody?: Located;
}

export interface SpecIndex {
  files: string[];
  operations: SpecOperation[];
  /** Operations by key; a list, since two files may declare the same `METHOD /path`. */
  byKey: Map<string, SpecOperation[]>;
  webhooks: SpecWebhook[];
  resolver: SpecResolver;
  /** Unreadable files, unresolvable refs, malformed extensions; each once. */
  problems: string[];
}

interface Media {
  schema?: Located;
  /** The media type's example: `examples.docs` (the page's, by convention), else the first. */
  example?: unknown;
}

function jsonMediaOf(resolver: SpecResolver, content: unknown, file: string): Media {
  const c = resolver.resolve(content, file);
  if (!isRecord(c.node)) return {};
  const media =
    c.node['application/json'] ??
    Object.entries(c.node).find(([k]) => k.includes('json'))?.[1] ??
    Object.values(c.node)[0];
  const m = resolver.resolve(media, c.file);
  if (!isRecord(m.node)) return {};
  const out: Media = {};
  if (m.node.schema !== undefined) out.schema = { node: m.node.schema, file: m.file };
  const examples = resolver.resolve(m.node.examples, m.file).node;
  if (isRecord(examples)) {
    const chosen = resolver.resolve(examples.docs ?? Object.values(examples)[0], m.file).node;
    if (isRecord(chosen) && 'value' in chosen) out.example = chosen.value;
  } else if ('example' in m.node) {
    out.example = m.node.example;
  }
  return out;
}

function requestBodyOf(
  resolver: SpecResolver,
  op: Record<string, unknown>,
  file: string,
): Media & { required: boolean } {
  if (op.requestBody === undefined) return { required: false };
  const rb = resolver.resolve(op.requestBody, file);
  if (!isRecord(rb.node)) return { required: false };
  return {
    required: rb.node.required === true,
    ...jsonMediaOf(resolver, rb.node.content, rb.file),
  };
}

function responseOf(resolver: SpecResolver, op: Record<string, unknown>, file: string): Media {
  if (!isRecord(op.responses)) return {};
  const codes = Object.keys(op.responses).sort();
  const code = codes.find((c) => c === '200') ?? codes.find((c) => /^2/.test(c));
  if (code === undefined) return {};
  const r = resolver.resolve(op.responses[code], file);
  return isRecord(r.node) ? jsonMediaOf(resolver, r.node.content, r.file) : {};
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
        ...(typeof p.node.description === 'string' ? { description: p.node.description } : {}),
        ...('example' in p.node ? { example: p.node.example } : {}),
      });
    }
  }
  return [...byKey.values()];
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The schemas of property `name` a schema declares, through `$ref`s, `allOf`, `oneOf` and
 * `anyOf` (in document order), each resolved.
 */
export function propertySchemas(
  resolver: SpecResolver,
  schema: Located | undefined,
  name: string,
): Located[] {
  const found: Located[] = [];
  const visit = (loc: Located, depth: number): void => {
    if (depth > 20) return;
    const { node, file } = resolver.resolve(loc.node, loc.file);
    if (!isRecord(node)) return;
    if (isRecord(node.properties) && node.properties[name] !== undefined) {
      found.push(resolver.resolve(node.properties[name], file));
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const parts = node[key];
      if (Array.isArray(parts)) for (const part of parts) visit({ node: part, file }, depth + 1);
    }
  };
  if (schema) visit(schema, 0);
  return found;
}

/**
 * `const` and `enum` values a schema allows for its property `name`, through `$ref`s, `allOf`,
 * `oneOf` and `anyOf` (in document order, each once).
 */
export function propertyValues(
  resolver: SpecResolver,
  schema: Located | undefined,
  name: string,
): unknown[] {
  const values = new Set<unknown>();
  for (const { node: prop } of propertySchemas(resolver, schema, name)) {
    if (!isRecord(prop)) continue;
    const found = 'const' in prop ? [prop.const] : Array.isArray(prop.enum) ? prop.enum : [];
    for (const value of found) values.add(value);
  }
  return [...values];
}

/**
 * Follows every `$ref` under `located` once, so that a broken ref is a problem even where no
 * tool happens to read that part of the schema.
 */
function checkRefs(resolver: SpecResolver, located: Located | undefined): void {
  const visited = new Set<unknown>();
  const walk = (node: unknown, file: string): void => {
    if (typeof node !== 'object' || node === null || visited.has(node)) return;
    visited.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item, file);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const target = resolver.resolveRef(record.$ref, file);
      if (target) walk(target.node, target.file);
      else resolver.resolve(record, file); // records the problem
    }
    for (const [key, value] of Object.entries(record)) {
      // Examples are data, not schema: a `$ref` key inside one is just a value.
      if (key !== '$ref' && key !== 'examples' && key !== 'example') walk(value, file);
    }
  };
  if (located) walk(located.node, located.file);
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
        const key = operationKey(method, path);
        const body = requestBodyOf(resolver, op, item.file);
        const response = responseOf(resolver, op, item.file);
        const securityParams = securityParamsOf(resolver, doc, op, file);
        operations.push({
          key,
          method: method.toUpperCase(),
          path,
          ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
          ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
          ...(typeof op.description === 'string' ? { description: op.description } : {}),
          tags: stringsOf(op.tags),
          file: name,
          ...readOperationExtensions(op, (message) =>
            resolver.report(`${file}: ${key}: ${message}`),
          ),
          params: paramsOf(resolver, item.node, op, item.file),
          securityParams,
          querySignature: [...securityParams].some((p) => p.startsWith('query:')),
          ...(body.schema ? { requestBody: body.schema } : {}),
          requestBodyRequired: body.required,
          ...('example' in body ? { requestExample: body.example } : {}),
          ...(response.schema ? { response: response.schema } : {}),
          ...('example' in response ? { responseExample: response.example } : {}),
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
        const { schema: requestBody } = requestBodyOf(resolver, op, item.file);
        const extensions = readOperationExtensions(op, (message) =>
          resolver.report(`${file}: webhook ${hookName}: ${message}`),
        );
        webhooks.push({
          name: hookName,
          file: name,
          method: method.toUpperCase(),
          ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
          ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
          tags: stringsOf(op.tags),
          messageTypes: stringsOf(propertyValues(resolver, requestBody, 'messageType')),
          docs: extensions.docs,
          extensions: extensions.raw,
          ...(requestBody ? { requestBody } : {}),
        });
      }
    }
  }
  for (const op of operations) {
    checkRefs(resolver, op.requestBody);
    checkRefs(resolver, op.response);
    for (const param of op.params) checkRefs(resolver, param.schema);
  }
  for (const hook of webhooks) checkRefs(resolver, hook.requestBody);
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

/** Every message type the webhooks of `index` declare, in spec order, each once. */
export function callbackMessageTypes(index: SpecIndex): string[] {
  return [...new Set(index.webhooks.flatMap((hook) => hook.messageTypes))];
}
