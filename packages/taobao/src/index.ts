// Errors and helpers live in the shared runtime; re-exported so one import is enough.
export * from '@pandapon/client-core';
export * from './generated/client.js';
// One method per operation, with its named params and data types (`CancelOrderV2Params`, ...).
export * from './generated/methods.js';
export { operations } from './generated/operations.js';
export type { components, paths, webhooks } from './generated/schema.js';
