// What signing owns for the other packages: the system header list, the shared clock and the
// callback HMAC (both directions).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createClock,
  createSigningMiddleware,
  isSystemHeader,
  SYSTEM_HEADERS,
  signCallbackBody,
  verifyCallbackSignature,
} from '../src/index.js';
import { CALLBACK_VECTOR } from './fixtures/vectors.js';

describe('SYSTEM_HEADERS', () => {
  it('is the five headers in the manual order, frozen', () => {
    expect(SYSTEM_HEADERS).toEqual([
      'access-key',
      'timestamp',
      'nonce-str',
      'user-id',
      'signature',
    ]);
    expect(Object.isFrozen(SYSTEM_HEADERS)).toBe(true);
  });

  it('isSystemHeader matches any case, and nothing else', () => {
    expect(isSystemHeader('Access-Key')).toBe(true);
    expect(isSystemHeader('SIGNATURE')).toBe(true);
    expect(isSystemHeader('sign')).toBe(false);
    expect(isSystemHeader('x-access-key')).toBe(false);
  });
});

describe('signCallbackBody', () => {
  it('computes the vector, and verifyCallbackSignature accepts what it signs', async () => {
    const { accessSecret, body, authorization } = CALLBACK_VECTOR;
    expect(await signCallbackBody(body, accessSecret)).toBe(authorization);
    const bytes = new TextEncoder().encode('{"a":"é"}');
    const signed = await signCallbackBody(bytes, 's');
    expect(signed).toBe(createHmac('sha256', 's').update(bytes).digest('hex'));
    expect(await verifyCallbackSignature(bytes, signed, 's')).toBe(true);
    expect(await verifyCallbackSignature(bytes, signed, 't')).toBe(false);
  });

  it('rejects a body of another type and an empty secret, naming neither value', async () => {
    await expect(signCallbackBody(42 as never, 's')).rejects.toThrow(/rawBody/);
    await expect(signCallbackBody('x', '')).rejects.toThrow(/accessSecret/);
  });
});

describe('createClock', () => {
  const options = { accessKey: 'AK', accessSecret: 'S', userId: 'U', now: () => 1_000_000 };

  it('is shared: an offset set through one signer moves the others', async () => {
    const clock = createClock(5_000);
    const a = createSigningMiddleware({ ...options, clock });
    const b = createSigningMiddleware({ ...options, clock });
    a.setClockOffset(-7_000);
    expect(b.clockOffsetMs).toBe(-7_000);
    expect(clock.offsetMs).toBe(-7_000);
    const signed = await b.signRequest(new Request('https://api.pandapon.com/x'));
    expect(signed.headers.get('timestamp')).toBe(String(1_000_000 - 7_000));
  });

  it('validates its offset and keeps the old one on a bad value', () => {
    const clock = createClock();
    expect(() => clock.setOffset(Number.NaN)).toThrow(TypeError);
    expect(clock.offsetMs).toBe(0);
    expect(() => createClock(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('excludes clockOffsetMs, and must be a clock', () => {
    expect(() =>
      createSigningMiddleware({ ...options, clock: createClock(), clockOffsetMs: 1 }),
    ).toThrow(/clockOffsetMs must be left out when a clock is given/);
    expect(() => createSigningMiddleware({ ...options, clock: {} as never })).toThrow(/clock/);
  });
});
