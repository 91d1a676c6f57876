// One home for the callback HMAC: @pandapon/signing signs and verifies; re-exported here so
// receivers' tests need one import.
export { signCallbackBody } from '@pandapon/signing';
export {
  type CallbackDedupeStore,
  createMemoryDedupeStore,
  DEFAULT_DEDUPE_TTL_MS,
  type MemoryDedupeStore,
  type MemoryDedupeStoreOptions,
} from './dedupe.js';
export {
  type CallbackContext,
  type CallbackErrorContext,
  type CallbackHandler,
  type CallbackHandlerOptions,
  type CallbackRejection,
  type CallbackSkip,
  createCallbackHandler,
  type RuntimeContext,
} from './handler.js';
export {
  type AlibabaOrderPriceModifyBody,
  type CallbackOfType,
  isCallbackOfType,
  isKnownCallback,
  isKnownMessageType,
  KNOWN_MESSAGE_TYPES,
  type KnownCallback,
  type KnownMessageBodies,
  type KnownMessageType,
  MessagePlatform,
  type OpenObject,
  type PandaPonCallback,
  type TaobaoOrderPriceModifyBody,
  type UnknownCallback,
} from './messages.js';
export {
  type NodeIncomingRequest,
  type NodeListener,
  type NodeListenerOptions,
  type NodeServerResponse,
  toNodeListener,
} from './node.js';
export { CallbackParseError, parseCallback } from './parse.js';
