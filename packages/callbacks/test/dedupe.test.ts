import { describe, expect, it } from 'vitest';
import { createDeduper } from '../src/index.js';

describe('createDeduper', () => {
  it('claims a body once, whatever its representation', async () => {
    const dedupe = createDeduper();
    expect(await dedupe.claim('{"a":1}')).toBe(true);
    expect(await dedupe.claim(new TextEncoder().encode('{"a":1}'))).toBe(false);
    expect(await dedupe.claim('{"a":2}')).toBe(true);
    expect(dedupe.size).toBe(2);
  });

  it('lets only one of two concurrent claims of a body win', async () => {
    const dedupe = createDeduper();
    const results = await Promise.all([dedupe.claim('same'), dedupe.claim('same')]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('forgets a body after ttlMs', async () => {
    let now = 1_000;
    const dedupe = createDeduper({ ttlMs: 100, now: () => now });
    expect(await dedupe.claim('x')).toBe(true);
    now = 1_099;
    expect(await dedupe.claim('x')).toBe(false);
    now = 1_100;
    expect(await dedupe.claim('x')).toBe(true);
  });

  it('keeps at most max bodies, forgetting the oldest', async () => {
    const dedupe = createDeduper({ max: 2 });
    await dedupe.claim('1');
    await dedupe.claim('2');
    await dedupe.claim('3');
    expect(dedupe.size).toBe(2);
    expect(await dedupe.claim('1')).toBe(true);
    expect(await dedupe.claim('3')).toBe(false);
  });

  it('release and clear forget bodies', async () => {
    const dedupe = createDeduper();
    await dedupe.claim('a');
    await dedupe.claim('b');
    await dedupe.release('a');
    expect(await dedupe.claim('a')).toBe(true);
    dedupe.clear();
    expect(dedupe.size).toBe(0);
    expect(await dedupe.claim('b')).toBe(true);
  });

  it.each([
    [{ ttlMs: 0 }, /ttlMs/],
    [{ ttlMs: Number.POSITIVE_INFINITY }, /ttlMs/],
    [{ max: 0 }, /max/],
    [{ max: 2.5 }, /max/],
    [{ now: 5 }, /now/],
  ])('rejects %o with a TypeError', (options, message) => {
    expect(() => createDeduper(options as never)).toThrow(message);
  });
});
