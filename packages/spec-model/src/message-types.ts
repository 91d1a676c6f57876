/**
 * Callback message types. The webhooks declare the documented ones (`callbackMessageTypes`);
 * `x-pandapon-message-types` on the envelope's `messageType` lists those known only from other
 * evidence (specs/CONVENTIONS.md), which the generated code carries as well.
 */

import { isRecord } from './resolver.js';
import { callbackMessageTypes, propertySchemas, type SpecIndex } from './spec-index.js';

/** One entry of `x-pandapon-message-types`. */
export interface EvidencedMessageType {
  value: string;
  /** What it rests on (`white-label`, `independent-client`), as `x-pandapon-evidence` says it. */
  evidence: string[];
}

const EXTENSION = 'x-pandapon-message-types';

function readEntry(entry: unknown, where: string): EvidencedMessageType {
  const { value, evidence } = isRecord(entry) ? entry : {};
  const isEvidence =
    Array.isArray(evidence) &&
    evidence.length > 0 &&
    evidence.every((item) => typeof item === 'string');
  if (typeof value !== 'string' || value === '' || !isEvidence) {
    throw new Error(
      `${where}: each ${EXTENSION} entry must be { value: <message type>, evidence: [<source>, ...] }, got ${JSON.stringify(entry)}`,
    );
  }
  return { value, evidence: [...evidence] };
}

/**
 * The message types the webhooks' envelopes list in `x-pandapon-message-types`, in spec order,
 * each once. Throws on a malformed entry, and on a type a webhook already declares (it then has
 * a PandaPon page: remove it from the extension).
 */
export function evidencedMessageTypes(index: SpecIndex): EvidencedMessageType[] {
  const declared = new Set(callbackMessageTypes(index));
  const found = new Map<string, EvidencedMessageType>();
  for (const hook of index.webhooks) {
    for (const { node, file } of propertySchemas(index.resolver, hook.requestBody, 'messageType')) {
      if (!isRecord(node) || node[EXTENSION] === undefined) continue;
      const where = `${file} (messageType of webhook ${hook.name})`;
      const list = node[EXTENSION];
      if (!Array.isArray(list)) throw new Error(`${where}: ${EXTENSION} must be a list`);
      for (const entry of list) {
        const type = readEntry(entry, where);
        if (declared.has(type.value)) {
          throw new Error(
            `${where}: ${type.value} is declared by a webhook; remove it from ${EXTENSION}`,
          );
        }
        if (!found.has(type.value)) found.set(type.value, type);
      }
    }
  }
  return [...found.values()];
}
