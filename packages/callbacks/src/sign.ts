import { onArrayBuffer, toBytes } from './bytes.js';

/**
 * The `Authorization` value the platform sends with a callback: lower-case hex of
 * HMAC-SHA256(key = AccessSecret, message = raw body bytes). For tests and for tools that push
 * callbacks (a sandbox); receivers verify with createCallbackHandler or verifyCallbackSignature.
 */
export async function signCallbackBody(
  rawBody: string | Uint8Array | ArrayBuffer,
  accessSecret: string,
): Promise<string> {
  if (
    typeof rawBody !== 'string' &&
    !(rawBody instanceof Uint8Array) &&
    !(rawBody instanceof ArrayBuffer)
  ) {
    throw new TypeError('signCallbackBody: rawBody must be a string, Uint8Array or ArrayBuffer.');
  }
  if (typeof accessSecret !== 'string' || accessSecret.length === 0) {
    throw new TypeError('signCallbackBody: accessSecret must be a non-empty string.');
  }
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(accessSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, onArrayBuffer(toBytes(rawBody))),
  );
  return toHex(mac);
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
