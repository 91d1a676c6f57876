export { verifyCallbackSignature } from './callback.js';
export { md5Hex } from './md5.js';
export {
  createSigningMiddleware,
  isLogisticsPath,
  type SigningMiddleware,
  type SignRequestContext,
  SYSTEM_HEADERS,
} from './middleware.js';
export { createNonce } from './nonce.js';
export type { SigningOptions } from './options.js';
export { type Signer, type SignInput, sign } from './sign.js';
