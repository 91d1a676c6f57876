import type { Operation } from './catalog.js';
import { getAtPointer } from './pointer.js';
import { fillPlaceholders } from './realistic.js';
import { shapeOf } from './schema-shape.js';
import { synthesize } from './synthesize.js';
import { isObject, type OpenApiDocument } from './types.js';

/**
 * The `data` an operation answers with when no flow handles it: the spec's response example
 * (its `data`; the envelope around it is the sandbox's own), else a value synthesized from the
 * response schema. Placeholder envelopes in examples (`code: 0`, `msg: "string"`) are dropped,
 * and placeholder strings inside `data` (`''`, `'string'`) get realistic values (realistic.ts).
 */
export function defaultResponseData(doc: OpenApiDocument, operation: Operation): unknown {
  const pointer = operation.response.schemaPointer;
  const schema = pointer === undefined ? undefined : getAtPointer(doc, pointer);
  const dataSchemas =
    schema === undefined ? [] : (shapeOf(doc, [schema]).properties.get('data') ?? []);
  const example = operation.response.example;
  if (isObject(example) && 'data' in example) {
    return fillPlaceholders(doc, dataSchemas, example.data ?? null);
  }
  if (schema === undefined) return null;
  const envelope = synthesize(doc, schema);
  const data = isObject(envelope) && envelope.data !== undefined ? envelope.data : null;
  return fillPlaceholders(doc, dataSchemas, data);
}

/** A request body for an operation: its example, else one synthesized from the schema. */
export function sampleRequestBody(doc: OpenApiDocument, operation: Operation): unknown {
  const body = operation.body;
  if (!body) return undefined;
  if (body.example !== undefined) return structuredClone(body.example);
  return body.schemaPointer === undefined
    ? {}
    : synthesize(doc, getAtPointer(doc, body.schemaPointer));
}

/** Query/path parameter values for an operation, synthesized from their schemas. */
export function sampleParameters(
  doc: OpenApiDocument,
  operation: Operation,
): { query: Record<string, string>; path: Record<string, string> } {
  const query: Record<string, string> = {};
  const path: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'header') continue;
    const schema = parameter.schemaPointer ? getAtPointer(doc, parameter.schemaPointer) : undefined;
    const value = schema === undefined ? 'string' : synthesize(doc, schema);
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? 'string');
    (parameter.in === 'path' ? path : query)[parameter.name] = text;
  }
  return { query, path };
}
