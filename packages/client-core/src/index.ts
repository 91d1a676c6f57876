export { parseJson, stringifyJson } from '@pandapon/json';
export { type Clock, createClock } from '@pandapon/signing';
export { createPlatformClient } from './client.js';
export { isTimestampRejection, TIMESTAMP_REJECTED_CODE } from './clock-skew.js';
export { isEnvelope, type PandaPonEnvelope } from './envelope.js';
export { ENVIRONMENT_VARIABLES, withEnvironment } from './environment.js';
export {
  BODY_EXCERPT_LIMIT,
  type MalformedReason,
  PandaPonApiError,
  PandaPonConnectionError,
  PandaPonError,
  PandaPonHttpError,
  PandaPonRedirectError,
  PandaPonRequestError,
  PandaPonResponseError,
  PandaPonResponseTooLargeError,
  PandaPonTimeoutError,
  type RequestDescription,
} from './errors.js';
export type {
  APIPromise,
  RequestOptions,
  WithResponse,
} from './operation.js';
export { type OperationRoutes, withOperations } from './operation-bind.js';
export type { Page, PaginateRequestOptions, Paginator } from './operation-pages.js';
export type { OperationRoute, PandaPonId } from './operation-params.js';
export {
  type ClockSkewPredicate,
  DEFAULT_BASE_URL,
  type Logger,
  type OperationMeta,
  type PaginationMeta,
  type PlatformClientOptions,
  type PlatformMeta,
  type RetryTuning,
  type Sleep,
  validateBaseUrl,
} from './options.js';
export type { PaginateOptions } from './paginate.js';
export { scrub } from './redact.js';
export type { RetryOverride } from './retry.js';
export type {
  CallOptions,
  HttpMethod,
  PageItem,
  PaginateInit,
  PlatformClient,
  PlatformMethod,
  RawRequestInit,
} from './types.js';
export { type EnvelopeData, type FetchResultLike, type UnwrapData, unwrap } from './unwrap.js';
