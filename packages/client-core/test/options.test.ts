import { describe, expect, it, vi } from 'vitest';
import { createClock, createPlatformClient, type PlatformClientOptions } from '../src/index.js';
import { ACCESS_KEY, ACCESS_SECRET, meta, USER_ID } from './helpers/client.js';

const valid: PlatformClientOptions = {
  accessKey: ACCESS_KEY,
  accessSecret: ACCESS_SECRET,
  userId: USER_ID,
};

function create(overrides: Record<string, unknown>) {
  return () => createPlatformClient({ ...valid, ...overrides } as PlatformClientOptions, meta);
}

describe('option validation', () => {
  it.each([
    ['accessKey', { accessKey: '' }],
    ['accessKey', { accessKey: undefined }],
    ['accessSecret', { accessSecret: 42 }],
    ['userId', { userId: '  ' }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['baseUrl', { baseUrl: 'ftp://api.pandapon.com' }],
    ['baseUrl', { baseUrl: 'https://api.pandapon.com/?x=1' }],
    ['baseUrl', { baseUrl: 'https://user:pw@api.pandapon.com' }],
    ['fetch', { fetch: 'fetch' }],
    ['timeoutMs', { timeoutMs: -1 }],
    ['timeoutMs', { timeoutMs: Number.POSITIVE_INFINITY }],
    ['timeoutMs', { timeoutMs: '100' }],
    ['maxRetries', { maxRetries: 1.5 }],
    ['maxRetries', { maxRetries: Number.NaN }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: -5 } }],
    ['retry.maxDelayMs', { retry: { maxDelayMs: Number.NaN } }],
    ['retry.sleep', { retry: { sleep: 5 } }],
    ['retry', { retry: 'fast' }],
    ['timestampUnit', { timestampUnit: 'us' }],
    ['clockOffsetMs', { clockOffsetMs: Number.NaN }],
    ['autoClockSkew', { autoClockSkew: 'yes' }],
    ['isClockSkewError', { isClockSkewError: true }],
    ['signer', { signer: 'md5' }],
    ['logger', { logger: console.debug }],
    ['logger.debug', { logger: { info() {} } }],
    ['logger.warn', { logger: { debug() {}, warn: 1 } }],
    ['dangerouslyAllowBrowser', { dangerouslyAllowBrowser: 1 }],
    ['headers', { headers: [['a', 'b']] }],
    ['headers.x-n', { headers: { 'x-n': 1 } }],
    ['headers.Signature', { headers: { Signature: 'forged' } }],
    ['headers.timestamp', { headers: { timestamp: '1' } }],
  ])('rejects a bad %s with a TypeError naming it', (field, overrides) => {
    expect(create(overrides)).toThrow(TypeError);
    expect(create(overrides)).toThrow(`\`${field}\``);
  });

  it("checks the signing options by signing's rules, worded as the client's own", () => {
    // One rule for both (the middleware used to refuse what the client had let through, in the
    // middleware's words): printable ASCII without surrounding spaces, the clock bound.
    expect(create({ accessKey: ' key' })).toThrow(
      /^PandaPon client: `accessKey` must be a non-empty string of printable ASCII/,
    );
    expect(create({ userId: 'user\u00e9' })).toThrow(/^PandaPon client: `userId` must be/);
    expect(create({ clockOffsetMs: 4e10 })).toThrow(
      /^PandaPon client: `clockOffsetMs` must be within ±\d+ ms \(a year\)/,
    );
    expect(create({ clock: createClock(), clockOffsetMs: 1 })).toThrow(
      /^PandaPon client: `clockOffsetMs` must be left out when a clock is given/,
    );
    expect(create({ timestampUnit: 'us' })).toThrow(/^PandaPon client: `timestampUnit`/);
  });

  it('never echoes the secret in a validation error', () => {
    try {
      create({ accessSecret: ACCESS_SECRET, timeoutMs: -1 })();
    } catch (error) {
      expect(String(error)).not.toContain(ACCESS_SECRET);
    }
    expect.assertions(1);
  });

  it('rejects bad metadata', () => {
    expect(() => createPlatformClient(valid, { platform: '', operations: {} })).toThrow(
      '`meta.platform`',
    );
    expect(() => createPlatformClient(valid, { platform: 'x', operations: null as never })).toThrow(
      '`meta.operations`',
    );
  });

  it('accepts zeros, negative clock offsets and a trailing slash on baseUrl', async () => {
    const fetch = vi.fn(async (request: Request) => {
      return new Response(JSON.stringify({ code: 200, data: request.url }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    const client = createPlatformClient(
      {
        ...valid,
        baseUrl: 'http://localhost:1/api/',
        timeoutMs: 0,
        maxRetries: 0,
        retry: { baseDelayMs: 0, maxDelayMs: 0 },
        clockOffsetMs: -5_000,
        fetch,
      },
      meta,
    );
    expect(client.clockOffsetMs).toBe(-5_000);
    await expect(client.request('GET', '/open/x')).resolves.toMatchObject({
      data: 'http://localhost:1/api/open/x',
    });
  });

  it('validates before any network call', () => {
    const fetch = vi.fn();
    expect(create({ fetch, maxRetries: -1 })).toThrow(TypeError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('defaults to the production base URL and the global fetch', async () => {
    const urls: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: Request) => {
      urls.push(input.url);
      return new Response('{"code":200,"data":1}', {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    try {
      const client = createPlatformClient(valid, meta);
      await client.request('GET', '/open/ping');
    } finally {
      globalThis.fetch = original;
    }
    expect(urls).toEqual(['https://api.pandapon.com/open/ping']);
  });

  it('uses a custom signer', async () => {
    const seen: string[] = [];
    const client = createPlatformClient(
      {
        ...valid,
        signer: (input) => {
          seen.push(input.nonceStr);
          return 'CUSTOM-SIGNATURE';
        },
        fetch: async (request) =>
          new Response(JSON.stringify({ code: 200, data: request.headers.get('signature') }), {
            headers: { 'content-type': 'application/json' },
          }),
      },
      meta,
    );
    await expect(client.request('GET', '/open/x')).resolves.toMatchObject({
      data: 'CUSTOM-SIGNATURE',
    });
    expect(seen).toHaveLength(1);
  });
});
