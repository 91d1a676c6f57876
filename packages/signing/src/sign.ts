import { md5Hex } from './md5.js';

/** The values a PandaPon request signature covers. */
export interface SignInput {
  accessKey: string;
  accessSecret: string;
  timestamp: string;
  nonceStr: string;
}

/** A signing rule: returns the value of the `signature` header. */
export type Signer = (input: SignInput) => string | Promise<string>;

const SIGNED_FIELDS = ['accessKey', 'timestamp', 'nonceStr', 'accessSecret'] as const;

/**
 * PandaPon's request signature: upper-case hex MD5 of the UTF-8 bytes of
 * accessKey + timestamp + nonceStr + accessSecret (no separators; body and user-id not covered).
 * See README.md for where this rule comes from.
 */
export function sign(input: SignInput): string {
  let message = '';
  for (const field of SIGNED_FIELDS) {
    const value: unknown = input[field];
    // Only the field's name in the message: never a value (one of them is the secret).
    if (typeof value !== 'string') throw new TypeError(`sign: ${field} must be a string`);
    message += value;
  }
  return md5Hex(message).toUpperCase();
}
