import type { MessagePlatform } from '../callback-dispatcher.js';
import { SANDBOX_CODES } from '../codes.js';
import type { StateStore } from '../state.js';

/** What a flow handler gets to work with. */
export interface FlowContext {
  /** Parsed JSON body, big integers kept as digit strings; undefined when there was none. */
  body: unknown;
  query: URLSearchParams;
  pathParams: Record<string, string>;
  /** The `user-id` header: carts, orders and addresses belong to it. */
  userId: string;
  /** The calling developer's access key: callbacks about its orders are signed with its secret. */
  accessKey: string;
  /** Where this sandbox is reachable (its listening URL, or the publicUrl option), for pay URLs. */
  baseUrl: string;
  store: StateStore;
  /** The sandbox clock, epoch ms. */
  now: () => number;
  /** Pushes a callback message (no-op without a callback URL). */
  notify: (
    accessKey: string,
    messageType: string,
    platform: MessagePlatform,
    body: unknown,
  ) => void;
}

export type FlowResult = { data: unknown } | { code: number; msg: string };

export type Flow = (context: FlowContext) => FlowResult;

export const ok = (data: unknown): FlowResult => ({ data });
export const notFound = (msg: string): FlowResult => ({ code: SANDBOX_CODES.NOT_FOUND, msg });
export const conflict = (msg: string): FlowResult => ({ code: SANDBOX_CODES.STATE_CONFLICT, msg });
export const invalid = (msg: string): FlowResult => ({
  code: SANDBOX_CODES.VALIDATION_FAILED,
  msg: `request validation failed: ${msg}`,
});

/** `body[name]` when the body is an object. */
export function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/** A string for ids that may arrive as JSON numbers, digit strings or strings. */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export { positiveInteger } from '../spec/types.js';

export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

/**
 * A stable price for goods the sandbox knows nothing about: the same offer and spec always cost
 * the same, between 1.00 and 99.99 yuan, so tests can assert totals across calls.
 */
export function pseudoPriceFen(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return 100 + ((hash >>> 0) % 9900);
}

export function isoTime(context: FlowContext): string {
  return new Date(context.now()).toISOString();
}
