/** `message-types.ts`: the callback message types the specs' webhooks declare. */
import { callbackMessageTypes } from '@pandapon/spec-model';
import type { RepositoryEmitter } from '../emitter.js';

export const messageTypesEmitter: RepositoryEmitter = {
  file: 'message-types.ts',
  emit: ({ index }) =>
    "/** The callback message types the specs' webhooks declare (`messageType`), in spec order. */\n" +
    `export const SPEC_MESSAGE_TYPES = ${JSON.stringify(callbackMessageTypes(index))} as const;\n\n` +
    'export type SpecMessageType = (typeof SPEC_MESSAGE_TYPES)[number];\n',
};
