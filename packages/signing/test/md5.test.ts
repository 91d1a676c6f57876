import { createHash, randomBytes, randomInt } from 'node:crypto';
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { md5Hex, sign } from '../src/index.js';
import {
  currentMd5Implementation,
  loadNodeMd5,
  type Md5Hex,
  selectMd5Implementation,
} from '../src/md5.js';
import { md5HexPure, ROUND_CONSTANTS } from '../src/md5-pure.js';
import { RFC1321_SUITE, RFC1321_T, SIGNATURE_VECTORS } from './fixtures/vectors.js';

const nodeMd5 = loadNodeMd5();
if (!nodeMd5) throw new Error('these tests run on Node >= 20.16, which has node:crypto MD5');

const IMPLEMENTATIONS: ReadonlyArray<readonly [string, Md5Hex]> = [
  ['node', nodeMd5],
  ['pure', md5HexPure],
];

/** Strings mixing ASCII with 2-, 3- and 4-byte UTF-8 characters. */
function randomText(maxChars: number): string {
  const pools = ['abcXYZ019-_', 'éßñøü', '中文签名测试', '😀🚚📦'];
  let text = '';
  const length = randomInt(maxChars + 1);
  for (let i = 0; i < length; i++) {
    const pool = [...(pools[randomInt(pools.length)] as string)];
    text += pool[randomInt(pool.length)];
  }
  return text;
}

describe.each(IMPLEMENTATIONS)('%s MD5', (_name, md5) => {
  it.each(RFC1321_SUITE)('matches RFC 1321 for %j', (input, digest) => {
    expect(md5(input)).toBe(digest);
    expect(md5(new TextEncoder().encode(input))).toBe(digest);
  });

  it.each(SIGNATURE_VECTORS)('gives the signature vector for $accessKey', (vector) => {
    const message = vector.accessKey + vector.timestamp + vector.nonceStr + vector.accessSecret;
    expect(md5(message).toUpperCase()).toBe(vector.signature);
  });
});

describe('the two MD5 implementations', () => {
  it('agree at every length around the 64-byte block boundaries (0..300 bytes)', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(length);
      expect(md5HexPure(bytes), `length ${length}`).toBe(nodeMd5(bytes));
    }
  });

  it('agree on 2,000 random non-ASCII UTF-8 strings, and with @noble/hashes', () => {
    for (let i = 0; i < 2_000; i++) {
      const text = randomText(120);
      const expected = createHash('md5').update(text, 'utf8').digest('hex');
      expect(nodeMd5(text), text).toBe(expected);
      expect(md5HexPure(text), text).toBe(expected);
      expect(bytesToHex(nobleMd5(new TextEncoder().encode(text))), text).toBe(expected);
    }
  });

  it('agree on a 1 MiB input', () => {
    const bytes = randomBytes(1 << 20);
    expect(md5HexPure(bytes)).toBe(nodeMd5(bytes));
  });

  it('hash a Uint8Array view at its own offset, not its whole buffer', () => {
    const buffer = new TextEncoder().encode('xxabcxx');
    const view = buffer.subarray(2, 5);
    expect(md5HexPure(view)).toBe(RFC1321_SUITE[2]?.[1]);
    expect(nodeMd5(view)).toBe(RFC1321_SUITE[2]?.[1]);
  });
});

describe('pure MD5 round constants', () => {
  it('computed from Math.sin, equal the table published in RFC 1321', () => {
    expect([...ROUND_CONSTANTS].map((k) => k >>> 0)).toEqual(RFC1321_T);
  });
});

describe('implementation selection', () => {
  afterEach(() => {
    selectMd5Implementation('auto');
    vi.unstubAllGlobals();
  });

  it('picks node:crypto on Node by default (it is the faster one: see bench/)', () => {
    expect(currentMd5Implementation()).toBe('node');
  });

  it('can be forced to the pure implementation, which md5Hex and sign then use', () => {
    selectMd5Implementation('pure');
    expect(currentMd5Implementation()).toBe('pure');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    for (const { signature, ...input } of SIGNATURE_VECTORS) expect(sign(input)).toBe(signature);
    selectMd5Implementation('node');
    expect(currentMd5Implementation()).toBe('node');
  });

  it('falls back to the pure implementation where process.getBuiltinModule is missing', () => {
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    expect(loadNodeMd5()).toBeUndefined();
    selectMd5Implementation('auto');
    expect(currentMd5Implementation()).toBe('pure');
    expect(() => selectMd5Implementation('node')).toThrow(/not available/);
  });

  it('falls back when node:crypto refuses MD5 (FIPS mode)', () => {
    const fipsCrypto = {
      hash: () => {
        throw new Error('error:0308010C:digital envelope routines::unsupported');
      },
      createHash: () => {
        throw new Error('error:0308010C:digital envelope routines::unsupported');
      },
    };
    vi.stubGlobal('process', { ...process, getBuiltinModule: () => fipsCrypto });
    expect(loadNodeMd5()).toBeUndefined();
  });

  it('uses createHash where crypto.hash is missing (Node < 20.12, other runtimes)', () => {
    const { createHash: realCreateHash } = process.getBuiltinModule('node:crypto');
    const createHashSpy = vi.fn(realCreateHash);
    vi.stubGlobal('process', {
      ...process,
      getBuiltinModule: () => ({ createHash: createHashSpy }),
    });
    const md5 = loadNodeMd5();
    expect(md5?.('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(createHashSpy).toHaveBeenCalledWith('md5');
  });
});
