const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NONCE_LENGTH = 32;

/**
 * A 32-character nonce over [0-9a-zA-Z] from the platform CSPRNG (crypto.getRandomValues).
 * Each random byte's low 6 bits pick a character and values 62 and 63 are rejected, so every
 * character is exactly equally likely (a plain `byte % 62` would favour the first 8).
 */
export function createNonce(): string {
  let nonce = '';
  while (nonce.length < NONCE_LENGTH) {
    // 40 bytes: enough for 32 accepted characters in one draw almost always (each byte is
    // accepted with probability 62/64).
    for (const byte of crypto.getRandomValues(new Uint8Array(40))) {
      const index = byte & 63;
      if (index < ALPHABET.length) {
        nonce += ALPHABET[index];
        if (nonce.length === NONCE_LENGTH) break;
      }
    }
  }
  return nonce;
}

// One crypto.getRandomValues call costs about as much as signing a request (packages/bench/src/signing-middleware.ts), so the
// middleware's nonces come from a pool of random bytes filled 4 KiB at a time (about 120
// nonces). Every byte is used once, in order, and never again, so each nonce is as fresh, as
// unpredictable and as unbiased as one from createNonce.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let next = 0;

/** Like createNonce, from the pool: the middleware's default nonce source. */
export function pooledNonce(): string {
  let nonce = '';
  while (nonce.length < NONCE_LENGTH) {
    if (next === pool.length) {
      pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
      next = 0;
    }
    const index = (pool[next++] as number) & 63;
    if (index < ALPHABET.length) nonce += ALPHABET[index];
  }
  return nonce;
}
