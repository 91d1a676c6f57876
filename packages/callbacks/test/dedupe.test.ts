import { describe, expect, it } from 'vitest';
import { createMemoryDedupeStore } from '../src/index.js';

describe('createMemoryDedupeStore', () => {
  it('claims a key once within its TTL', async () => {
    const store = createMemoryDedupeStore();
    expect(await store.claim('a', 1_000)).toBe(true);
    expect(await store.claim('a', 1_000)).toBe(false);
    expect(await store.claim('b', 1_000)).toBe(true);
    expect(store.size).toBe(2);
  });

  it('lets only one of two concurrent claims of a key win', async () => {
    const store = createMemoryDedupeStore();
    const results = await Promise.all([store.claim('same', 1_000), store.claim('same', 1_000)]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('forgets a key after its TTL', async () => {
    let now = 1_000;
    const store = createMemoryDedupeStore({ now: () => now });
    expect(await store.claim('x', 100)).toBe(true);
    now = 1_099;
    expect(await store.claim('x', 100)).toBe(false);
    now = 1_100;
    expect(await store.claim('x', 100)).toBe(true);
  });

  it('honours a short TTL behind a longer one (expiry is checked per key)', async () => {
    let now = 0;
    const store = createMemoryDedupeStore({ now: () => now });
    await store.claim('long', 1_000);
    await store.claim('short', 10);
    now = 20;
    expect(await store.claim('short', 10)).toBe(true);
    expect(await store.claim('long', 1_000)).toBe(false);
  });

  it('keeps at most maxEntries keys, forgetting the oldest', async () => {
    const store = createMemoryDedupeStore({ maxEntries: 2 });
    await store.claim('1', 1_000);
    await store.claim('2', 1_000);
    await store.claim('3', 1_000);
    expect(store.size).toBe(2);
    expect(await store.claim('1', 1_000)).toBe(true);
    expect(await store.claim('3', 1_000)).toBe(false);
  });

  it('stays bounded under many distinct keys', async () => {
    const store = createMemoryDedupeStore({ maxEntries: 1_000 });
    for (let i = 0; i < 5_000; i++) await store.claim(`key-${i}`, 60_000);
    expect(store.size).toBe(1_000);
  });

  it('release and clear forget keys', async () => {
    const store = createMemoryDedupeStore();
    await store.claim('a', 1_000);
    await store.claim('b', 1_000);
    await store.release('a');
    expect(await store.claim('a', 1_000)).toBe(true);
    store.clear();
    expect(store.size).toBe(0);
    expect(await store.claim('b', 1_000)).toBe(true);
  });

  it.each([
    [{ maxEntries: 0 }, /maxEntries/],
    [{ maxEntries: 2.5 }, /maxEntries/],
    [{ now: 5 }, /now/],
  ])('rejects %o with a TypeError', (options, message) => {
    expect(() => createMemoryDedupeStore(options as never)).toThrow(message);
  });
});
