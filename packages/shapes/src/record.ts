import { HTTP_METHODS } from './generated/http-methods.js';
import { checkShape, mergeShapes, type Shape } from './shape.js';

/**
 * One line of a shapes file: the merged shape of `data` in the successful responses of one
 * operation. A file holds any number of lines; lines for the same operation add up.
 */
export interface ShapeRecord {
  /** Format version. */
  v: 1;
  /** `METHOD /path/template`, as in the specs, e.g. `GET /v2/alibaba/cart/list`. */
  operation: string;
  /** How many successful responses the shape merges. */
  responses: number;
  /** ISO 8601 dates of the first and the last of those responses. */
  firstSeen: string;
  lastSeen: string;
  /** The shape of the envelope's `data`. */
  data: Shape;
}

const OPERATION = new RegExp(
  `^(?:${HTTP_METHODS.map((method) => method.toUpperCase()).join('|')}) \\/[!-~]{0,300}$`,
);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** Two records of the same operation as one. */
export function mergeRecords(a: ShapeRecord, b: ShapeRecord): ShapeRecord {
  if (a.operation !== b.operation) {
    throw new Error(`mergeRecords: different operations (${a.operation}, ${b.operation})`);
  }
  return {
    v: 1,
    operation: a.operation,
    responses: a.responses + b.responses,
    firstSeen: [a.firstSeen, b.firstSeen].sort()[0] as string,
    lastSeen: [a.lastSeen, b.lastSeen].sort()[1] as string,
    data: mergeShapes(a.data, b.data),
  };
}

/** Adds `record` to `byOperation`, merged with the record already held for its operation. */
export function addRecord(byOperation: Map<string, ShapeRecord>, record: ShapeRecord): void {
  const existing = byOperation.get(record.operation);
  byOperation.set(record.operation, existing ? mergeRecords(existing, record) : record);
}

/**
 * Reads a shapes file (newline-delimited JSON) into one record per operation. Blank lines are
 * skipped; any malformed line is an error naming its line number, never a silent skip, because
 * a half-read file would make `learn` propose too little.
 */
export function parseShapeRecords(text: string): Map<string, ShapeRecord> {
  const byOperation = new Map<string, ShapeRecord>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`shapes line ${index + 1}: not valid JSON`);
    }
    const problem = checkRecord(value);
    if (problem) throw new Error(`shapes line ${index + 1}: ${problem}`);
    addRecord(byOperation, value as ShapeRecord);
  }
  return byOperation;
}

/** The problem with `value` as a {@link ShapeRecord}, or undefined when it is one. */
export function checkRecord(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be a JSON object';
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['v', 'operation', 'responses', 'firstSeen', 'lastSeen', 'data'].includes(key)) {
      return `unknown key "${key.slice(0, 40)}"`;
    }
  }
  if (record.v !== 1) return 'v must be 1 (the format version)';
  if (typeof record.operation !== 'string' || !OPERATION.test(record.operation)) {
    return 'operation must read "METHOD /path"';
  }
  if (
    typeof record.responses !== 'number' ||
    !Number.isSafeInteger(record.responses) ||
    record.responses < 1
  ) {
    return 'responses must be a positive integer';
  }
  for (const key of ['firstSeen', 'lastSeen'] as const) {
    const date = record[key];
    if (typeof date !== 'string' || !ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
      return `${key} must be an ISO 8601 UTC date`;
    }
  }
  return checkShape(record.data, 'data');
}
