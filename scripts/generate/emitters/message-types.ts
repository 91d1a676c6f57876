/**
 * `message-types.ts`: the callback message types of the specs. Those the webhooks declare, and
 * those the envelope's `x-pandapon-message-types` lists from the white-label site's message list,
 * with one constant naming each, so code never writes one as a literal.
 */
import { callbackMessageTypes, evidencedMessageTypes } from '@pandapon/spec-model';
import type { RepositoryEmitter } from '../emitter.js';

const WHITE_LABEL = 'white-label';

export const messageTypesEmitter: RepositoryEmitter = {
  file: 'message-types.ts',
  emit: ({ index }) => {
    const declared = callbackMessageTypes(index);
    const evidenced = evidencedMessageTypes(index);
    const other = evidenced.filter((type) => !type.evidence.includes(WHITE_LABEL));
    if (other.length > 0) {
      // Only white-label evidence has a list of its own below; say so rather than drop a type.
      throw new Error(
        `message types with evidence other than ${WHITE_LABEL} need a list in ` +
          `scripts/generate/emitters/message-types.ts: ${other.map((t) => t.value).join(', ')}`,
      );
    }
    const whiteLabel = evidenced.map((type) => type.value);
    const byName = Object.fromEntries([...declared, ...whiteLabel].map((type) => [type, type]));
    return (
      "/** The callback message types the specs' webhooks declare (`messageType`), in spec order. */\n" +
      `export const SPEC_MESSAGE_TYPES = ${JSON.stringify(declared)} as const;\n\n` +
      'export type SpecMessageType = (typeof SPEC_MESSAGE_TYPES)[number];\n\n' +
      '/**\n' +
      " * Message types named only by the white-label site's message list (the same platform under\n" +
      " * another brand, not a PandaPon page): `x-pandapon-message-types` on common.yaml's\n" +
      ' * CallbackEnvelope.messageType. No page documents their bodies.\n' +
      ' */\n' +
      `export const WHITE_LABEL_MESSAGE_TYPES = ${JSON.stringify(whiteLabel)} as const;\n\n` +
      'export type WhiteLabelMessageType = (typeof WHITE_LABEL_MESSAGE_TYPES)[number];\n\n' +
      '/** Every message type above by its name: `MESSAGE_TYPE.ORDER_CREATE === "ORDER_CREATE"`. */\n' +
      `export const MESSAGE_TYPE = ${JSON.stringify(byName, null, 2)} as const;\n`
    );
  },
};
