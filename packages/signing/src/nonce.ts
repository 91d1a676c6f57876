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
