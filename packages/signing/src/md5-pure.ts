// MD5 (RFC 1321) in plain TypeScript: the fallback where node:crypto is out of reach (browsers,
// edge runtimes without process.getBuiltinModule). In-house rather than a dependency because the
// smallest maintained library (@noble/hashes/legacy.js md5) alone weighs ~1.9 kB min+brotli, the
// whole budget of this package; this one is ~0.5 kB. Checked against the RFC 1321 test suite and
// against node:crypto on random inputs (test/md5.test.ts).

// T[i] = floor(abs(sin(i + 1)) * 2^32) (RFC 1321 3.4), computed rather than written out to save
// ~250 bytes. ECMAScript leaves Math.sin's precision to the engine, but no T[i] lies within 0.015
// of an integer boundary, so any sin within 3e-12 relative error (real engines: ~1e-16) gives the
// RFC's table; test/md5.test.ts checks it against the published constants.
// (Storing into an Int32Array truncates, which for these positive values is floor.)
export const ROUND_CONSTANTS = new Int32Array(64);
for (let i = 0; i < 64; i++) ROUND_CONSTANTS[i] = 2 ** 32 * Math.abs(Math.sin(i + 1));

// Per-round left-rotation amounts: round r, step i uses SHIFTS[r * 4 + (i % 4)].
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

const encoder = new TextEncoder();

/** Lower-case hex MD5 of `data` (a string is hashed as its UTF-8 bytes). */
export function md5HexPure(data: string | Uint8Array): string {
  const message = typeof data === 'string' ? encoder.encode(data) : data;
  const length = message.length;
  // The message as little-endian 32-bit words, padded per RFC 1321 3.1-3.2: a 1 bit (0x80), zeros
  // up to 56 mod 64 bytes, then the length in bits as a 64-bit little-endian integer.
  const words = new Int32Array(((length + 72) >>> 6) << 4);
  const orByte = (index: number, byte: number) => {
    words[index >> 2] = (words[index >> 2] as number) | (byte << ((index & 3) << 3));
  };
  for (let i = 0; i < length; i++) orByte(i, message[i] as number);
  orByte(length, 0x80);
  words[words.length - 2] = length << 3;
  words[words.length - 1] = length / 0x20000000; // the high bits; Int32Array storage truncates

  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let block = 0; block < words.length; block += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      const round = i >>> 4;
      // RFC 1321 3.4: each round's auxiliary function and the order it reads the block's words.
      let f: number;
      let g: number;
      if (round === 0) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (round === 1) {
        f = (d & b) | (~d & c);
        g = 5 * i + 1;
      } else if (round === 2) {
        f = b ^ c ^ d;
        g = 3 * i + 5;
      } else {
        f = c ^ (b | ~d);
        g = 7 * i;
      }
      const sum =
        (a + f + (ROUND_CONSTANTS[i] as number) + (words[block + (g & 15)] as number)) | 0;
      const shift = SHIFTS[(round << 2) | (i & 3)] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }

  // The digest is the four state words, each written little-endian.
  let hex = '';
  for (const word of [a0, b0, c0, d0]) {
    for (let bit = 0; bit < 32; bit += 8)
      hex += (((word >>> bit) & 0xff) | 0x100).toString(16).slice(1);
  }
  return hex;
}
