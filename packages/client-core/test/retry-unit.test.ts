import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay, retryPolicy, sleep } from '../src/retry.js';

describe('retryDelay', () => {
  it('picks uniformly below the doubling ceiling', () => {
    expect(retryDelay(0, undefined, 100, 10_000, () => 0.5)).toBe(50);
    expect(retryDelay(3, undefined, 100, 10_000, () => 0.999)).toBe(799);
    expect(retryDelay(10, undefined, 100, 10_000, () => 0.5)).toBe(5_000);
    expect(retryDelay(2, undefined, 100, 10_000, () => 0)).toBe(0);
  });

  it('uses Retry-After as given, capped', () => {
    expect(retryDelay(0, 2_500, 100, 10_000)).toBe(2_500);
    expect(retryDelay(0, 90_000, 100, 10_000)).toBe(10_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-14T06:59:30Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 14 May 2024 07:00:00 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 14 May 2024 06:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or nonsense values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('retryPolicy', () => {
  it('uses the operation table, falling back to the method', () => {
    expect(retryPolicy('POST', true, undefined, 2)).toEqual({ allowed: true, maxRetries: 2 });
    expect(retryPolicy('GET', false, undefined, 2)).toEqual({ allowed: false, maxRetries: 2 });
    expect(retryPolicy('GET', undefined, undefined, 2).allowed).toBe(true);
    expect(retryPolicy('POST', undefined, undefined, 2).allowed).toBe(false);
  });
  it('lets the call override', () => {
    expect(retryPolicy('POST', false, true, 2)).toEqual({ allowed: true, maxRetries: 2 });
    expect(retryPolicy('GET', true, false, 2).allowed).toBe(false);
    expect(retryPolicy('POST', false, { maxRetries: 5 }, 2)).toEqual({
      allowed: true,
      maxRetries: 5,
    });
  });
});

describe('default sleep', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
