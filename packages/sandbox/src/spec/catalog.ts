import { HTTP_METHODS } from '../generated/http-methods.js';
import { follow, joinPointer, resolveNode } from './pointer.js';
import { isObject, type JsonObject, type OpenApiDocument, type SpecName } from './types.js';

export { HTTP_METHODS };

export interface OperationParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  /** Where the parameter's schema lives in its document (a JSON Pointer), if it has one. */
  schemaPointer?: string;
}

/** Everything the sandbox needs to know about one operation of one spec. */
export interface Operation {
  spec: SpecName;
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as written in the spec, e.g. `/open/order/refund/cancel/{refundId}`. */
  path: string;
  parameters: OperationParameter[];
  body?: { required: boolean; schemaPointer?: string; example?: unknown };
  response: { schemaPointer?: string; example?: unknown };
  /** True where the spec asks for the warehouse-logistics `timestamp` + `sign` query pair. */
  queryAuth: boolean;
  /** `x-pandapon-pagination`: where the page fields go and where the items come back. */
  pagination?: Pagination;
}

export interface Pagination {
  in: 'body' | 'query';
  /** Request field holding the page number (1-based). */
  page: string;
  /** Request field holding the page size. */
  size: string;
  /** Dot path of the item list inside `data`. */
  items: string;
  /** Dot path of the total count inside `data`, when documented. */
  total?: string;
}

/** Every operation of a bundled spec, in document order. */
export function listOperations(spec: SpecName, doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = joinPointer('', 'paths', path);
    const item = resolveNode(doc, rawItem);
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!isObject(raw)) continue;
      const opPointer = joinPointer(itemPointer, method);
      if (typeof raw.operationId !== 'string') {
        throw new Error(`${spec}: ${method.toUpperCase()} ${path} has no operationId`);
      }
      operations.push({
        spec,
        operationId: raw.operationId,
        method: method.toUpperCase(),
        path,
        parameters: collectParameters(doc, item, raw, itemPointer, opPointer),
        ...bodyOf(doc, raw, opPointer),
        response: responseOf(doc, raw, opPointer),
        // From the spec's security schemes, not the path: the logistics specs declare the
        // `timestamp` + `sign` query pair as apiKey schemes `in: query`.
        queryAuth: usesQuerySecurity(doc, raw),
        ...paginationOf(raw['x-pandapon-pagination']),
      });
    }
  }
  return operations;
}

function paginationOf(raw: unknown): Pick<Operation, 'pagination'> {
  if (!isObject(raw)) return {};
  const { in: where, page, size, items, total } = raw;
  if (where !== 'body' && where !== 'query') return {};
  if (typeof page !== 'string' || typeof size !== 'string' || typeof items !== 'string') return {};
  return {
    pagination: { in: where, page, size, items, ...(typeof total === 'string' ? { total } : {}) },
  };
}

function collectParameters(
  doc: OpenApiDocument,
  item: JsonObject,
  operation: JsonObject,
  itemPointer: string,
  opPointer: string,
): OperationParameter[] {
  // Operation-level parameters override path-level ones with the same name and location.
  const byKey = new Map<string, OperationParameter>();
  const sources = [
    { list: item.parameters, pointer: itemPointer },
    { list: operation.parameters, pointer: opPointer },
  ];
  for (const { list, pointer } of sources) {
    if (!Array.isArray(list)) continue;
    list.forEach((_, index) => {
      const located = follow(doc, joinPointer(pointer, 'parameters', index));
      const parameter = located.node;
      if (!isObject(parameter) || typeof parameter.name !== 'string') return;
      const where = parameter.in;
      if (where !== 'query' && where !== 'path' && where !== 'header') return;
      byKey.set(`${where}:${parameter.name}`, {
        name: where === 'header' ? parameter.name.toLowerCase() : parameter.name,
        in: where,
        required: where === 'path' || parameter.required === true,
        ...(isObject(parameter.schema)
          ? { schemaPointer: joinPointer(located.pointer, 'schema') }
          : {}),
      });
    });
  }
  return [...byKey.values()];
}

function bodyOf(
  doc: OpenApiDocument,
  operation: JsonObject,
  opPointer: string,
): Pick<Operation, 'body'> {
  if (!('requestBody' in operation)) return {};
  const located = follow(doc, joinPointer(opPointer, 'requestBody'));
  if (!isObject(located.node)) return {};
  const media = jsonMedia(located.node, located.pointer);
  return {
    body: {
      required: located.node.required === true,
      ...(media ? mediaDetails(doc, media) : {}),
    },
  };
}

function responseOf(
  doc: OpenApiDocument,
  operation: JsonObject,
  opPointer: string,
): Operation['response'] {
  const responses = operation.responses;
  if (!isObject(responses)) return {};
  const status = ['200', '2XX', 'default'].find((code) => code in responses);
  if (!status) return {};
  const located = follow(doc, joinPointer(opPointer, 'responses', status));
  if (!isObject(located.node)) return {};
  const media = jsonMedia(located.node, located.pointer);
  return media ? mediaDetails(doc, media) : {};
}

interface MediaLocation {
  node: JsonObject;
  pointer: string;
}

/** The `application/json` (or first JSON-ish) media type object of a body or response. */
function jsonMedia(owner: JsonObject, ownerPointer: string): MediaLocation | undefined {
  const content = owner.content;
  if (!isObject(content)) return undefined;
  const type =
    'application/json' in content
      ? 'application/json'
      : Object.keys(content).find((candidate) => /json/i.test(candidate));
  if (!type || !isObject(content[type])) return undefined;
  return { node: content[type], pointer: joinPointer(ownerPointer, 'content', type) };
}

function mediaDetails(
  doc: OpenApiDocument,
  media: MediaLocation,
): { schemaPointer?: string; example?: unknown } {
  const details: { schemaPointer?: string; example?: unknown } = {};
  if (isObject(media.node.schema)) details.schemaPointer = joinPointer(media.pointer, 'schema');
  const examples = media.node.examples;
  if (isObject(examples)) {
    // The conventions name the page's example `docs`; fall back to whichever comes first.
    const chosen = resolveNode(doc, examples.docs ?? Object.values(examples)[0]);
    if (chosen && 'value' in chosen) details.example = chosen.value;
  } else if ('example' in media.node) {
    details.example = media.node.example;
  }
  return details;
}

function usesQuerySecurity(doc: OpenApiDocument, operation: JsonObject): boolean {
  const requirements = Array.isArray(operation.security) ? operation.security : doc.security;
  const schemes = isObject(doc.components) ? doc.components.securitySchemes : undefined;
  if (!Array.isArray(requirements) || !isObject(schemes)) return false;
  return requirements.some(
    (requirement) =>
      isObject(requirement) &&
      Object.keys(requirement).some((name) => resolveNode(doc, schemes[name])?.in === 'query'),
  );
}
