/**
 * Callback ("message service") signatures, one home for both sides: the platform puts the
 * lower-case hex HMAC-SHA256 of the raw request body, keyed with the access secret, in the
 * `Authorization` header. `signCallbackBody` computes it (a sandbox, tests, tools that push
 * callbacks); `verifyCallbackSignature` checks it (receivers).
 */

/** The `Authorization` value for a callback body: lower-case hex HMAC-SHA256(AccessSecret, body). */
export async function signCallbackBody(
  rawBody: string | Uint8Array | ArrayBuffer,
  accessSecret: string,
): Promise<string> {
  const body = toBytes(rawBody);
  if (!body) {
    throw new TypeError('signCallbackBody: rawBody must be a string, Uint8Array or ArrayBuffer.');
  }
  if (typeof accessSecret !== 'string' || accessSecret.length === 0) {
    throw new TypeError('signCallbackBody: accessSecret must be a non-empty string.');
  }
  let hex = '';
  for (const byte of await hmacSha256(accessSecret, body)) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

async function hmacSha256(secret: string, body: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
}

/**
 * Checks a PandaPon callback: the `Authorization` header must be the hex HMAC-SHA256 of the raw
 * request body bytes, keyed with the access secret. Pass the body exactly as received (before
 * any JSON parsing: re-serialising changes the bytes). Hex is accepted in either case.
 *
 * Resolves to false, never rejects, on any malformed input (missing/empty/non-hex/wrong-length
 * header, empty secret, wrong types) so a handler can simply answer 401 on `false`.
 */
export async function verifyCallbackSignature(
  rawBody: string | Uint8Array | ArrayBuffer,
  authorizationHeader: string | null | undefined,
  accessSecret: string,
): Promise<boolean> {
  try {
    if (typeof accessSecret !== 'string' || accessSecret === '') return false;
    const claimed = decodeHex(authorizationHeader);
    const body = toBytes(rawBody);
    if (!claimed || !body) return false;
    return constantTimeEqual(await hmacSha256(accessSecret, body), claimed);
  } catch {
    // e.g. no WebCrypto in this runtime: fail closed.
    return false;
  }
}

function toBytes(rawBody: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (typeof rawBody === 'string') return new TextEncoder().encode(rawBody);
  // A Uint8Array (or Node Buffer) is copied: WebCrypto rejects views of a SharedArrayBuffer.
  if (rawBody instanceof Uint8Array || rawBody instanceof ArrayBuffer) {
    return new Uint8Array(rawBody);
  }
  return undefined;
}

/** 32 bytes from exactly 64 hex digits (either case, surrounding whitespace ignored), else undefined. */
function decodeHex(header: unknown): Uint8Array | undefined {
  const pairs =
    typeof header === 'string' && /^[\da-f]{64}$/i.test(header.trim())
      ? header.trim().match(/../g)
      : null;
  return pairs ? Uint8Array.from(pairs, (pair) => Number.parseInt(pair, 16)) : undefined;
}

/**
 * Compares two 32-byte MACs in time independent of where they differ: every byte is visited and
 * differences are OR-ed together, with no early exit a timing attacker could measure.
 */
function constantTimeEqual(expected: Uint8Array, claimed: Uint8Array): boolean {
  let difference = expected.length ^ claimed.length;
  for (let i = 0; i < expected.length; i++) {
    difference |= (expected[i] as number) ^ (claimed[i] ?? 0);
  }
  return difference === 0;
}
