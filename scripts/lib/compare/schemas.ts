/** The spec schemas the comparison reads, flattened once per schema node. */

import {
  findOperations,
  type Located,
  type SpecIndex,
  type SpecWebhook,
} from '@pandapon/spec-model';
import type { NestingHints } from '../../apifox/types.js';
import { type FlatSchema, flattenSchema } from '../schema-fields.js';

export class SpecSchemas {
  private readonly cache = new Map<unknown, FlatSchema>();

  constructor(readonly index: SpecIndex) {}

  /** The schema at `located` flattened to field paths (cached by schema node). */
  flat(located: Located | undefined): FlatSchema {
    const cached = located ? this.cache.get(located.node) : undefined;
    if (cached) return cached;
    const flat = flattenSchema(this.index.resolver, located);
    if (located) this.cache.set(located.node, flat);
    return flat;
  }

  /** The webhook declaring a callback message type. */
  webhookOf(messageType: string): SpecWebhook | undefined {
    return this.index.webhooks.find((w) => w.messageTypes.includes(messageType));
  }

  /**
   * Field paths the spec knows for the page's method + path (a message type for callbacks):
   * the parser uses them to settle nesting the page text leaves open.
   */
  hints(method: string, path: string): NestingHints | undefined {
    if (!path.startsWith('/')) {
      const hook = this.webhookOf(path);
      return hook ? { response: new Set(this.flat(hook.requestBody).fields.keys()) } : undefined;
    }
    const op = findOperations(this.index, method, path).ops[0];
    if (!op) return undefined;
    return {
      body: new Set(this.flat(op.requestBody).fields.keys()),
      response: new Set(this.flat(op.response).fields.keys()),
    };
  }
}
