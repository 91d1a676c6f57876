/**
 * Test cases for the generated methods of one platform: every operation with its method name,
 * route and a params object that satisfies the spec (the docs' example, completed with
 * placeholder values for required fields the example lacks). The platform packages' method
 * table tests call every method with these against the sandbox.
 */
import { loadPlatformIndex, methodName, platformInfo } from '@pandapon/spec-model';
import type { MethodOperation } from './emit-methods.js';
import { loadOperations } from './load-operations.js';
import { jsonStringOf, mergeAllOf, type Schema } from './schema-type.js';

export interface MethodCase {
  name: string;
  operation: MethodOperation;
  params: Record<string, unknown>;
}

/** A value of `schema` for a required field the example does not give. */
function placeholder(raw: Schema): unknown {
  // A document inside a string: given structured, so the table also exercises the encoding.
  const embedded = jsonStringOf(raw);
  if (embedded && Object.keys(embedded.schema).length > 0) return placeholder(embedded.schema);
  const schema = mergeAllOf(raw);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return '1';
  }
}

export function methodCases(platform: string): MethodCase[] {
  const operations = loadOperations(loadPlatformIndex(platform));
  const prefix = platformInfo(platform).operationIdPrefix;
  return operations.map((operation) => {
    const params: Record<string, unknown> = { ...operation.example };
    for (const p of operation.parameters) {
      if ((p.required || p.in === 'path') && params[p.name] === undefined) {
        params[p.name] = placeholder(p.schema);
      }
    }
    if (operation.body) {
      const body = mergeAllOf(operation.body.schema);
      const properties = (body.properties ?? {}) as Record<string, Schema>;
      for (const name of (body.required as string[] | undefined) ?? []) {
        if (params[name] === undefined && properties[name]) {
          params[name] = placeholder(properties[name]);
        }
      }
      // Examples can carry keys the schema does not list; the methods refuse those.
      for (const key of Object.keys(params)) {
        const declared = key in properties || operation.parameters.some((p) => p.name === key);
        if (!declared) delete params[key];
      }
    }
    return { name: methodName(operation.operationId, prefix), operation, params };
  });
}
