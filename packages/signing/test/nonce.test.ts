import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNonce } from '../src/index.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('createNonce', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Generous time limits on the 100,000-nonce tests: a second alone, ten under a parallel
  // `turbo run test` on a 2-core machine.
  it('gives 100,000 distinct nonces of 32 characters from [0-9A-Za-z]', { timeout: 30_000 }, () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const nonce = createNonce();
      expect(nonce).toMatch(/^[0-9A-Za-z]{32}$/);
      seen.add(nonce);
    }
    expect(seen.size).toBe(100_000);
  });

  it('draws from crypto.getRandomValues', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    createNonce();
    expect(spy).toHaveBeenCalled();
  });

  it('maps a random byte by its low 6 bits and rejects 62 and 63 (no modulo bias)', () => {
    // Bytes whose low 6 bits are 62 or 63 (62, 63, 126, 127, 254, 255) must be skipped, not
    // folded onto other characters as `byte % 62` would.
    const bytes = [62, 63, 126, 127, 254, 255, 0, 1, 61, 64 + 10, 128 + 35, 192 + 36];
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(
      <T extends ArrayBufferView | null>(array: T): T => {
        const target = array as unknown as Uint8Array;
        for (let i = 0; i < target.length; i++) target[i] = bytes[i % bytes.length] as number;
        return array;
      },
    );
    // Accepted: 0 -> '0', 1 -> '1', 61 -> 'Z', 10 -> 'a', 35 -> 'z', 36 -> 'A', then again.
    expect(createNonce()).toBe('01ZazA'.repeat(6).slice(0, 32));
  });

  it('uses every character about equally often (chi-squared over 3.2 million characters)', {
    timeout: 30_000,
  }, () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      for (const char of createNonce()) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...ALPHABET].sort().join(''));
    const expected = (100_000 * 32) / ALPHABET.length;
    let chiSquared = 0;
    for (const count of counts.values()) chiSquared += (count - expected) ** 2 / expected;
    // 61 degrees of freedom: P(chi2 > 160) is about 1e-10, so a fair generator essentially never
    // fails, while `byte % 62` (the first 8 characters 25% likelier) scores in the thousands.
    expect(chiSquared).toBeLessThan(160);
  });
});

describe('the middleware’s pooled nonces', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A fresh copy of the module, so that its pool starts empty. */
  async function freshPool() {
    vi.resetModules();
    return (await import('../src/nonce.js')).pooledNonce;
  }

  it('are 32 characters from [0-9A-Za-z], and 100,000 of them are distinct', {
    timeout: 30_000,
  }, async () => {
    const pooledNonce = await freshPool();
    const seen = new Set<string>();
    const malformed: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const nonce = pooledNonce();
      if (!/^[0-9A-Za-z]{32}$/.test(nonce)) malformed.push(nonce);
      seen.add(nonce);
    }
    expect(malformed).toEqual([]);
    expect(seen.size).toBe(100_000);
  });

  it('draw from crypto.getRandomValues 4 KiB at a time, and use each byte once', async () => {
    const pooledNonce = await freshPool();
    const spy = vi.spyOn(crypto, 'getRandomValues');
    for (let i = 0; i < 1_000; i++) pooledNonce();
    // 1,000 nonces take 32,000 accepted bytes (about 33,000 drawn): 8 or 9 pools, not 1,000 draws.
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(8);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(9);
    for (const [array] of spy.mock.calls) expect((array as Uint8Array).length).toBe(4096);
  });

  it('map bytes like createNonce: low 6 bits, 62 and 63 rejected, in order across nonces', async () => {
    const pooledNonce = await freshPool();
    const bytes = [62, 63, 126, 127, 254, 255, 0, 1, 61, 64 + 10, 128 + 35, 192 + 36];
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(
      <T extends ArrayBufferView | null>(array: T): T => {
        const target = array as unknown as Uint8Array;
        for (let i = 0; i < target.length; i++) target[i] = bytes[i % bytes.length] as number;
        return array;
      },
    );
    // Each cycle of 12 bytes gives 6 characters, so 32 characters take 68 bytes (5 cycles, then
    // 8 bytes for '01'): the second nonce starts at the 9th byte of a cycle, where the first
    // stopped, instead of reusing any byte.
    expect(pooledNonce()).toBe('01ZazA'.repeat(6).slice(0, 32));
    expect(pooledNonce()).toBe('ZazA01'.repeat(6).slice(0, 32));
  });

  it('use every character about equally often (chi-squared over 3.2 million characters)', {
    timeout: 30_000,
  }, async () => {
    const pooledNonce = await freshPool();
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      for (const char of pooledNonce()) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(ALPHABET.length);
    const expected = (100_000 * 32) / ALPHABET.length;
    let chiSquared = 0;
    for (const count of counts.values()) chiSquared += (count - expected) ** 2 / expected;
    expect(chiSquared).toBeLessThan(160);
  });
});
