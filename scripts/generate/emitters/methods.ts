/**
 * `methods.ts`: one typed, documented method per operation with its named params and data
 * types, and the route table client-core binds (the writing itself: scripts/methods).
 */
import { emitMethods, methodNamesOf } from '../../methods/emit-methods.js';
import { loadOperations } from '../../methods/load-operations.js';
import type { PlatformEmitter } from '../emitter.js';

export const methodsEmitter: PlatformEmitter = {
  file: 'methods.ts',
  emit: ({ platform, index }) =>
    emitMethods(loadOperations(index), {
      platform: platform.name,
      prefix: platform.operationIdPrefix,
      ...methodNamesOf(platform.name),
    }),
};
