/**
 * `operations.ts`: the runtime table the client needs (operationId, retry safety, pagination,
 * the logistics query signature).
 */
import { HTTP_METHODS, isRecord, type SpecIndex, type SpecOperation } from '@pandapon/spec-model';
import type { PlatformEmitter } from '../emitter.js';

interface OperationEntry {
  operationId: string;
  safeToRetry: boolean;
  pagination?: Record<string, string>;
  querySignature?: true;
}

/** By path, then in HTTP_METHODS order: a stable order that does not follow spec edits. */
function byPathThenMethod(a: SpecOperation, b: SpecOperation): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const rank = (op: SpecOperation) =>
    (HTTP_METHODS as readonly string[]).indexOf(op.method.toLowerCase());
  return rank(a) - rank(b);
}

/** The x-pandapon-* facts the runtime needs, keyed `METHOD /path`. */
export function operationTable(index: SpecIndex): Record<string, OperationEntry> {
  const table: Record<string, OperationEntry> = {};
  for (const op of [...index.operations].sort(byPathThenMethod)) {
    if (op.operationId === undefined) throw new Error(`${op.key}: operationId is missing`);
    if (op.safeToRetry === undefined) {
      throw new Error(`${op.operationId}: x-pandapon-safe-to-retry must be true or false`);
    }
    const entry: OperationEntry = { operationId: op.operationId, safeToRetry: op.safeToRetry };
    if (op.pagination) {
      // The paginator needs all three to walk pages; a partial marker is a spec bug.
      for (const field of ['page', 'size', 'items']) {
        if (typeof op.pagination[field] !== 'string') {
          throw new Error(`${op.operationId}: x-pandapon-pagination.${field} is missing`);
        }
      }
      entry.pagination = { ...(op.pagination as Record<string, string>) };
      if (pageFieldIsString(index, op)) entry.pagination.numbersAs = 'string';
    }
    // Only where true, to keep the tables small: absent means the system headers alone.
    if (op.querySignature) entry.querySignature = true;
    table[op.key] = entry;
  }
  return table;
}

/** Whether the operation declares its page number field as a string (body or query). */
function pageFieldIsString(index: SpecIndex, op: SpecOperation): boolean {
  const { resolver } = index;
  const page = op.pagination?.page;
  let field: unknown;
  if (op.pagination?.in === 'query') {
    const param = op.params.find((p) => p.in === 'query' && p.name === page);
    if (param?.schema) field = resolver.resolve(param.schema.node, param.schema.file).node;
  } else if (op.requestBody && page !== undefined) {
    const body = resolver.resolve(op.requestBody.node, op.requestBody.file);
    const properties = isRecord(body.node) ? body.node.properties : undefined;
    if (isRecord(properties) && properties[page] !== undefined) {
      field = resolver.resolve(properties[page], body.file).node;
    }
  }
  const type = isRecord(field) ? field.type : undefined;
  return (
    type === 'string' ||
    (Array.isArray(type) && type.includes('string') && !type.includes('integer'))
  );
}

export const operationsEmitter: PlatformEmitter = {
  file: 'operations.ts',
  emit: ({ index }) =>
    "import type { OperationMeta } from '@pandapon/client-core';\n\n" +
    '/** Per-operation runtime facts, keyed `METHOD /path`. */\n' +
    `export const operations = ${JSON.stringify(operationTable(index), null, 2)} as const satisfies Record<string, OperationMeta>;\n`,
};
