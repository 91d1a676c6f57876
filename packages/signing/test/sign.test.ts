import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type SignInput, sign } from '../src/index.js';
import { SIGNATURE_VECTORS } from './fixtures/vectors.js';

describe('sign', () => {
  it.each(SIGNATURE_VECTORS)(
    'gives $signature for access key $accessKey',
    ({ signature, ...input }) => {
      expect(sign(input)).toBe(signature);
    },
  );

  it('is upper-case hex MD5 of accessKey + timestamp + nonceStr + accessSecret, in that order', () => {
    const input = { accessKey: 'k', timestamp: '1', nonceStr: 'n', accessSecret: 's' };
    expect(sign(input)).toBe(createHash('md5').update('k1ns').digest('hex').toUpperCase());
    expect(sign(input)).not.toBe(sign({ ...input, nonceStr: 's', accessSecret: 'n' }));
  });

  it('hashes non-ASCII values as UTF-8', () => {
    const input = { accessKey: 'ключ', timestamp: '1', nonceStr: '随机', accessSecret: '密钥' };
    const utf8 = Buffer.from('ключ1随机密钥', 'utf8');
    expect(sign(input)).toBe(createHash('md5').update(utf8).digest('hex').toUpperCase());
  });

  it.each(['accessKey', 'timestamp', 'nonceStr', 'accessSecret'] as const)(
    'rejects a non-string %s with a TypeError naming it, without any value',
    (field) => {
      const input = {
        accessKey: 'AK-VISIBLE',
        timestamp: '1700000000000',
        nonceStr: 'NONCE-VISIBLE',
        accessSecret: 'SECRET-MUST-NOT-LEAK',
        [field]: 1234567,
      } as unknown as SignInput;
      expect(() => sign(input)).toThrow(TypeError);
      expect(() => sign(input)).toThrow(new RegExp(`\\b${field}\\b`));
      try {
        sign(input);
      } catch (error) {
        expect(String((error as Error).message)).not.toMatch(/SECRET-MUST-NOT-LEAK|1234567/);
      }
    },
  );
});
