export {
  CALLBACK_MAX_RETRIES,
  CALLBACK_MESSAGE_TYPES,
  type CallbackAttempt,
  type CallbackDelivery,
  DEFAULT_CALLBACK_RETRY_INTERVAL_MS,
  DEFAULT_CALLBACK_TIMEOUT_MS,
  type MessagePlatform,
} from './callback-dispatcher.js';
export { SANDBOX_CODES, type SandboxCode } from './codes.js';
export {
  ACCESS_KEY_ENV,
  ACCESS_SECRET_ENV,
  SANDBOX_DEFAULT_CREDENTIALS,
  type SandboxCredential,
} from './credentials.js';
export type { FaultEffect, FaultRule, FaultRuleInput, FaultScope } from './faults.js';
export { startSandbox } from './server.js';
export { SPEC_NAMES, type SpecDocuments, type SpecName } from './spec/types.js';
export type {
  Address,
  CartLine,
  Order,
  OrderAddress,
  OrderLine,
  OrderStatus,
  Refund,
  SandboxState,
} from './state.js';
export type { Sandbox, SandboxFaults, SandboxOperation, SandboxOptions } from './types.js';
export { TIMESTAMP_WINDOW_MS } from './verify.js';
