import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isBrowserPage } from '../src/environment.js';
import { createSigningMiddleware, type SigningOptions } from '../src/index.js';

const SECRET = 'SECRET-e3b0c44298fc1c149afbf4c8996fb924';
const VALID: SigningOptions = { accessKey: 'AK1234567890', accessSecret: SECRET, userId: '10086' };

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('option validation', () => {
  it.each([
    ['accessKey', undefined],
    ['accessKey', ''],
    ['accessKey', 12345],
    ['accessKey', ' AK1234567890'],
    ['accessKey', 'AK\n123'],
    ['accessKey', 'ключ'],
    ['accessSecret', undefined],
    ['accessSecret', ''],
    ['accessSecret', { toString: () => SECRET }],
    ['accessSecret', ['a']],
    ['userId', undefined],
    ['userId', ''],
    ['userId', 10086],
    ['userId', '10086 '],
    ['timestampUnit', 'seconds'],
    ['timestampUnit', 'S'],
    ['timestampUnit', null],
    ['clockOffsetMs', Number.NaN],
    ['clockOffsetMs', Number.POSITIVE_INFINITY],
    ['clockOffsetMs', '1000'],
    ['clockOffsetMs', null],
    ['clockOffsetMs', 4e10],
    ['signer', null],
    ['signer', 'MD5'],
    ['nonce', 'fixed'],
    ['now', 1_700_000_000_000],
    ['dangerouslyAllowBrowser', 'yes'],
  ])('options.%s = %j: TypeError naming the field, not quoting the secret', (field, value) => {
    const error = errorOf(() =>
      createSigningMiddleware({ ...VALID, [field]: value } as unknown as SigningOptions),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(`options.${field} `);
    expect(error.message).not.toContain(SECRET);
    expect(error.stack ?? '').not.toContain(SECRET);
    if (typeof value === 'string' && value.length > 3) expect(error.message).not.toContain(value);
  });

  it.each([undefined, null, 'AK:secret', 42])('rejects options = %j', (value) => {
    expect(() => createSigningMiddleware(value as unknown as SigningOptions)).toThrow(
      /^createSigningMiddleware: options must be an object$/,
    );
  });

  it('accepts the valid options and every optional one', () => {
    expect(() =>
      createSigningMiddleware({
        ...VALID,
        timestampUnit: 's',
        clockOffsetMs: -1.5,
        signer: async () => 'X',
        nonce: () => 'n',
        now: () => 0,
        dangerouslyAllowBrowser: false,
      }),
    ).not.toThrow();
  });
});

describe('the secret stays hidden', () => {
  it('util.inspect of the middleware shows no secret, even with hidden properties and getters', () => {
    const middleware = createSigningMiddleware(VALID);
    const shown = inspect(middleware, {
      showHidden: true,
      getters: true,
      depth: Number.POSITIVE_INFINITY,
    });
    expect(shown).not.toContain(SECRET);
    expect(shown).toContain('clockOffsetMs');
  });

  it('JSON.stringify of the middleware shows no secret', () => {
    const middleware = createSigningMiddleware(VALID);
    const json = JSON.stringify(middleware);
    expect(json).not.toContain(SECRET);
    expect(JSON.parse(json)).toEqual({ clockOffsetMs: 0 });
  });

  it('the middleware has no property holding the secret, own or inherited', () => {
    const middleware = createSigningMiddleware(VALID);
    const values = Reflect.ownKeys(middleware).map((key) => Reflect.get(middleware, key));
    expect(values.filter((value) => typeof value === 'string')).toEqual([]);
    expect(Object.getPrototypeOf(middleware)).toBe(Object.prototype);
  });

  it('the options object is not kept: changing it later has no effect', async () => {
    const mutable: SigningOptions = { ...VALID, now: () => 1 };
    const middleware = createSigningMiddleware(mutable);
    mutable.accessKey = 'CHANGED';
    const signed = await middleware.signRequest(new Request('https://api.pandapon.com/open/x'));
    expect(signed.headers.get('access-key')).toBe('AK1234567890');
  });

  it('errors raised while signing do not contain the secret', async () => {
    const middleware = createSigningMiddleware({ ...VALID, signer: () => `bad\n${SECRET}` });
    const error = await middleware.signRequest(new Request('https://api.pandapon.com/open/x')).then(
      () => new Error('expected a rejection'),
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('browser guard', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** Runs `create` with window/document defined and no Node or Deno in sight. */
  function inSimulatedBrowser<T>(create: () => T): T {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    vi.stubGlobal('process', { ...process, versions: {} });
    try {
      return create();
    } finally {
      vi.unstubAllGlobals();
    }
  }

  it('refuses to run in a web page, explaining that every visitor would see the secret', () => {
    const error = inSimulatedBrowser(() => errorOf(() => createSigningMiddleware(VALID)));
    expect(error.message).toMatch(/refusing to run in a browser/);
    expect(error.message).toMatch(/secret would be exposed to every visitor/);
    expect(error.message).toMatch(/dangerouslyAllowBrowser: true/);
    expect(error.message).not.toContain(SECRET);
  });

  it('runs in a web page with dangerouslyAllowBrowser: true', async () => {
    const middleware = inSimulatedBrowser(() =>
      createSigningMiddleware({ ...VALID, dangerouslyAllowBrowser: true }),
    );
    const signed = await middleware.signRequest(new Request('https://api.pandapon.com/open/x'));
    expect(signed.headers.get('signature')).toMatch(/^[0-9A-F]{32}$/);
  });

  it('tells browsers from servers', () => {
    const page = { window: {}, document: {} };
    expect(isBrowserPage(page)).toBe(true);
    expect(isBrowserPage({ ...page, process: { versions: {} } })).toBe(true);
    // Node with jsdom/happy-dom, Deno (which has `window`), Workers and Node itself are servers.
    expect(isBrowserPage({ ...page, process: { versions: { node: '20.19.0' } } })).toBe(false);
    expect(isBrowserPage({ ...page, Deno: {} })).toBe(false);
    expect(isBrowserPage({ window: {} })).toBe(false);
    expect(isBrowserPage({})).toBe(false);
    expect(isBrowserPage()).toBe(false);
  });
});
