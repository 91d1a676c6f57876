export { signCallbackBody, verifyCallbackSignature } from './callback.js';
export { type Clock, createClock } from './clock.js';
export { isSystemHeader, SYSTEM_HEADERS, type SystemHeader } from './headers.js';
export { md5Hex } from './md5.js';
export {
  createSigningMiddleware,
  isLogisticsPath,
  type SigningMiddleware,
  type SignRequestContext,
} from './middleware.js';
export { createNonce } from './nonce.js';
export {
  checkSigningOptions,
  MAX_CLOCK_OFFSET_MS,
  type OptionName,
  type SigningOptions,
} from './options.js';
export { type Signer, type SignInput, sign } from './sign.js';
