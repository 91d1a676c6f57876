import createClient, { type Middleware } from 'openapi-fetch';
import { describe, expect, it, vi } from 'vitest';
import {
  createSigningMiddleware,
  isLogisticsPath,
  type SigningOptions,
  SYSTEM_HEADERS,
  sign,
} from '../src/index.js';

const ACCESS_KEY = 'AK1234567890';
const ACCESS_SECRET = 's3cr3t';
const USER_ID = '10086';
const NOW = 1_700_000_000_000;

// A minimal hand-written schema: one ordinary and one warehouse-logistics operation per version.
type JsonOperation<Body> = {
  parameters: { query?: { lang?: string }; header?: never; path?: never; cookie?: never };
  requestBody: { content: { 'application/json': Body } };
  responses: {
    200: { headers: Record<string, unknown>; content: { 'application/json': { code: number } } };
  };
};
interface paths {
  '/open/goods/detail': { post: JsonOperation<{ itemId: string }> };
  '/v2/taobao/goods/detail': { post: JsonOperation<{ itemId: string }> };
  '/open/pp/logistics/orderRenderFreight': { post: JsonOperation<{ country: string }> };
  '/v2/open/pp/logistics/orderRenderFreight': { post: JsonOperation<{ country: string }> };
}

function options(overrides: Partial<SigningOptions> = {}): SigningOptions {
  return {
    accessKey: ACCESS_KEY,
    accessSecret: ACCESS_SECRET,
    userId: USER_ID,
    now: () => NOW,
    ...overrides,
  };
}

/** An openapi-fetch client whose fetch records each Request and answers `{ code: 200 }`. */
function clientWith(middleware: Middleware, baseUrl = 'https://api.pandapon.com') {
  const sent: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    sent.push(request);
    return Response.json({ code: 200 });
  });
  const client = createClient<paths>({ baseUrl, fetch });
  client.use(middleware);
  return { client, sent };
}

function systemHeaders(request: Request) {
  return Object.fromEntries(SYSTEM_HEADERS.map((name) => [name, request.headers.get(name)]));
}

describe('createSigningMiddleware through an openapi-fetch client', () => {
  it('is an openapi-fetch Middleware (type-checked here, used by client.use below)', () => {
    const middleware: Middleware = createSigningMiddleware(options());
    expect(typeof middleware.onRequest).toBe('function');
  });

  it('sends the five system headers, with a signature that recomputes from them', async () => {
    const { client, sent } = clientWith(createSigningMiddleware(options()));
    const { data } = await client.POST('/open/goods/detail', { body: { itemId: '42' } });
    expect(data).toEqual({ code: 200 });
    const [request] = sent;
    if (!request) throw new Error('no request was sent');
    const headers = systemHeaders(request);
    expect(headers['access-key']).toBe(ACCESS_KEY);
    expect(headers.timestamp).toBe(String(NOW));
    expect(headers['nonce-str']).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(headers['user-id']).toBe(USER_ID);
    expect(headers.signature).toBe(
      sign({
        accessKey: headers['access-key'] ?? '',
        timestamp: headers.timestamp ?? '',
        nonceStr: headers['nonce-str'] ?? '',
        accessSecret: ACCESS_SECRET,
      }),
    );
    // The request itself is otherwise untouched.
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.pandapon.com/open/goods/detail');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ itemId: '42' });
  });

  it('matches the published vector when given its nonce and clock', async () => {
    const middleware = createSigningMiddleware(
      options({ nonce: () => 'abcdefghijklmnopqrstuvwxyz012345', now: () => 1_700_000_000_000 }),
    );
    const { client, sent } = clientWith(middleware);
    await client.POST('/open/goods/detail', { body: { itemId: '1' } });
    expect(sent[0]?.headers.get('signature')).toBe('D15D565CAD0C28E2D037F4DC24E555B6');
  });

  it('signs afresh on every request: a new nonce, a new signature, the current time', async () => {
    let now = NOW;
    const { client, sent } = clientWith(createSigningMiddleware(options({ now: () => now })));
    for (let i = 0; i < 5; i++) {
      await client.POST('/open/goods/detail', { body: { itemId: String(i) } });
      now += 1_000;
    }
    expect(new Set(sent.map((request) => request.headers.get('nonce-str'))).size).toBe(5);
    expect(new Set(sent.map((request) => request.headers.get('signature'))).size).toBe(5);
    expect(sent.map((request) => request.headers.get('timestamp'))).toEqual(
      [0, 1, 2, 3, 4].map((i) => String(NOW + i * 1_000)),
    );
  });

  it('re-signs a retried request: every onRequest call replaces all five headers', async () => {
    const middleware = createSigningMiddleware(options());
    const original = new Request('https://api.pandapon.com/open/goods/detail', {
      method: 'POST',
      body: '{}',
    });
    const first = await middleware.onRequest({ request: original.clone() });
    const retry = await middleware.onRequest({ request: first.clone() });
    expect(retry.headers.get('nonce-str')).not.toBe(first.headers.get('nonce-str'));
    expect(retry.headers.get('signature')).not.toBe(first.headers.get('signature'));
    // Replaced, not appended: one value per header.
    for (const name of SYSTEM_HEADERS) expect(retry.headers.get(name)).not.toContain(',');
    expect(await retry.text()).toBe('{}');
  });

  it('returns a new Request and leaves the given one unsigned', async () => {
    const middleware = createSigningMiddleware(options());
    const original = new Request('https://api.pandapon.com/open/goods/detail');
    const signed = await middleware.signRequest(original);
    expect(signed).not.toBe(original);
    expect(signed).toBeInstanceOf(Request);
    expect(original.headers.has('signature')).toBe(false);
    expect(signed.headers.has('signature')).toBe(true);
  });

  it("keeps openapi-fetch's custom request properties for later middleware", async () => {
    const middleware = createSigningMiddleware(options());
    const request = Object.assign(new Request('https://api.pandapon.com/open/goods/detail'), {
      next: { revalidate: 60 },
    });
    const signed = (await middleware.signRequest(request)) as Request & { next?: unknown };
    expect(signed.next).toEqual({ revalidate: 60 });
  });

  it('rejects something that is not a Request', async () => {
    const middleware = createSigningMiddleware(options());
    await expect(middleware.signRequest('https://x' as unknown as Request)).rejects.toThrow(
      TypeError,
    );
  });
});

describe('onRequest signs in place', () => {
  it("sets the headers on openapi-fetch's own Request, keeping its body, signal and duplex", async () => {
    const controller = new AbortController();
    const request = new Request('https://api.pandapon.com/open/goods/detail', {
      method: 'POST',
      body: '{"itemId":"42"}',
      headers: { 'content-type': 'application/json' },
      signal: controller.signal,
    });
    const signed = await createSigningMiddleware(options()).onRequest({ request });
    expect(signed).toBe(request);
    expect(signed.headers.get('signature')).toMatch(/^[0-9A-F]{32}$/);
    expect(signed.headers.get('content-type')).toBe('application/json');
    expect((signed as Request & { duplex?: string }).duplex).toBe('half');
    expect(signed.bodyUsed).toBe(false);
    expect(await signed.text()).toBe('{"itemId":"42"}');
    controller.abort();
    expect(signed.signal.aborted).toBe(true);
  });

  it('copies only where the URL must change (logistics paths), leaving the given one as it was', async () => {
    const request = new Request('https://api.pandapon.com/open/pp/logistics/orderRenderFreight', {
      method: 'POST',
      body: '{"country":"US"}',
    });
    const signed = await createSigningMiddleware(options()).onRequest({ request });
    expect(signed).not.toBe(request);
    expect(new URL(signed.url).searchParams.get('sign')).toBe(signed.headers.get('signature'));
    expect(request.url).toBe('https://api.pandapon.com/open/pp/logistics/orderRenderFreight');
    expect(request.headers.has('signature')).toBe(false);
    expect(await signed.text()).toBe('{"country":"US"}');
  });

  it('draws its default nonces from a pool, not from one getRandomValues call each', async () => {
    const middleware = createSigningMiddleware(options({ nonce: undefined }));
    const spy = vi.spyOn(crypto, 'getRandomValues');
    try {
      const nonces = new Set<string | null>();
      for (let i = 0; i < 50; i++) {
        const request = new Request('https://api.pandapon.com/open/goods/detail');
        nonces.add((await middleware.onRequest({ request })).headers.get('nonce-str'));
      }
      expect(nonces.size).toBe(50);
      // 50 nonces need about 1,650 random bytes: at most one refill of the 4 KiB pool.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('timestamp', () => {
  it("is in milliseconds by default and in whole seconds with timestampUnit: 's'", async () => {
    const now = () => 1_715_669_977_082;
    const request = () => new Request('https://api.pandapon.com/open/goods/detail');
    const ms = await createSigningMiddleware(options({ now })).signRequest(request());
    const s = await createSigningMiddleware(options({ now, timestampUnit: 's' })).signRequest(
      request(),
    );
    expect(ms.headers.get('timestamp')).toBe('1715669977082');
    expect(s.headers.get('timestamp')).toBe('1715669977');
  });

  it('defaults to the real clock', async () => {
    const before = Date.now();
    const signed = await createSigningMiddleware(options({ now: undefined })).signRequest(
      new Request('https://api.pandapon.com/open/goods/detail'),
    );
    const timestamp = Number(signed.headers.get('timestamp'));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Date.now());
  });

  it('adds clockOffsetMs, and setClockOffset changes it for later requests', async () => {
    const middleware = createSigningMiddleware(options({ clockOffsetMs: -2_500 }));
    const request = () => new Request('https://api.pandapon.com/open/goods/detail');
    expect(middleware.clockOffsetMs).toBe(-2_500);
    expect((await middleware.signRequest(request())).headers.get('timestamp')).toBe(
      String(NOW - 2_500),
    );
    middleware.setClockOffset(90_000);
    expect(middleware.clockOffsetMs).toBe(90_000);
    expect((await middleware.signRequest(request())).headers.get('timestamp')).toBe(
      String(NOW + 90_000),
    );
  });

  it('applies the offset before converting to seconds, and floors fractions', async () => {
    const middleware = createSigningMiddleware(
      options({ now: () => 1_000_999, clockOffsetMs: 0.5, timestampUnit: 's' }),
    );
    const signed = await middleware.signRequest(
      new Request('https://api.pandapon.com/open/goods/detail'),
    );
    expect(signed.headers.get('timestamp')).toBe('1000');
    middleware.setClockOffset(1);
    const later = await middleware.signRequest(
      new Request('https://api.pandapon.com/open/goods/detail'),
    );
    expect(later.headers.get('timestamp')).toBe('1001');
  });

  it('setClockOffset rejects a non-finite offset and keeps the old one', () => {
    const middleware = createSigningMiddleware(options({ clockOffsetMs: 5 }));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '100', null]) {
      expect(() => middleware.setClockOffset(bad as number)).toThrow(TypeError);
    }
    expect(middleware.clockOffsetMs).toBe(5);
  });

  it('rejects a clock that returns something other than a finite number', async () => {
    const middleware = createSigningMiddleware(options({ now: () => Number.NaN }));
    await expect(
      middleware.signRequest(new Request('https://api.pandapon.com/open/goods/detail')),
    ).rejects.toThrow(/now\(\) must be a finite number/);
  });
});

describe('warehouse-logistics query parameters', () => {
  it.each([
    '/open/pp/logistics/orderRenderFreight',
    '/v2/open/pp/logistics/orderRenderFreight',
  ] as const)(
    '%s also carries timestamp and sign in the query, equal to the headers',
    async (path) => {
      const { client, sent } = clientWith(createSigningMiddleware(options()));
      await client.POST(path, { body: { country: 'US' }, params: { query: { lang: 'en' } } });
      const [request] = sent;
      if (!request) throw new Error('no request was sent');
      const url = new URL(request.url);
      expect(url.pathname).toBe(path);
      expect(url.searchParams.get('timestamp')).toBe(request.headers.get('timestamp'));
      expect(url.searchParams.get('sign')).toBe(request.headers.get('signature'));
      expect(url.searchParams.get('lang')).toBe('en');
      // Headers, method and body survive the rebuilt Request.
      expect(systemHeaders(request)['access-key']).toBe(ACCESS_KEY);
      expect(request.method).toBe('POST');
      expect(request.headers.get('content-type')).toBe('application/json');
      expect(await request.json()).toEqual({ country: 'US' });
    },
  );

  it.each(['/open/goods/detail', '/v2/taobao/goods/detail'] as const)(
    '%s gets no query parameters',
    async (path) => {
      const { client, sent } = clientWith(createSigningMiddleware(options()));
      await client.POST(path, { body: { itemId: '1' } });
      expect(new URL(sent[0]?.url ?? '').search).toBe('');
    },
  );

  // Issue 10 item 4: the base URL may end in a path of its own.
  it.each(['https://gw.example/pandapon/', 'https://gw.example/pandapon'])(
    'adds them under a baseUrl with a path (%s), by the operation path',
    async (baseUrl) => {
      const { client, sent } = clientWith(createSigningMiddleware(options()), baseUrl);
      await client.POST('/v2/open/pp/logistics/orderRenderFreight', { body: { country: 'US' } });
      await client.POST('/v2/taobao/goods/detail', { body: { itemId: '1' } });
      const [logistics, other] = sent.map((request) => new URL(request.url));
      expect(logistics?.pathname).toBe('/pandapon/v2/open/pp/logistics/orderRenderFreight');
      expect(logistics?.searchParams.get('sign')).toBe(sent[0]?.headers.get('signature'));
      expect(logistics?.searchParams.get('timestamp')).toBe(String(NOW));
      expect(other?.search).toBe('');
    },
  );

  it('signRequest, given only a URL, finds the logistics family under a base path', async () => {
    const middleware = createSigningMiddleware(options());
    const signed = await middleware.signRequest(
      new Request('https://gw.example/pandapon/open/pp/logistics/list'),
    );
    expect(new URL(signed.url).searchParams.get('sign')).toBe(signed.headers.get('signature'));
    const plain = await middleware.signRequest(new Request('https://gw.example/pandapon/open/x'));
    expect(new URL(plain.url).search).toBe('');
  });

  it("the caller's querySignature decides over the path, in both entry points", async () => {
    const middleware = createSigningMiddleware(options());
    const hasSign = (request: Request) => new URL(request.url).searchParams.has('sign');
    const other = () => new Request('https://api.pandapon.com/open/x');
    const logistics = () => new Request('https://api.pandapon.com/open/pp/logistics/list');
    expect(hasSign(await middleware.signRequest(other(), { querySignature: true }))).toBe(true);
    expect(hasSign(await middleware.signRequest(logistics(), { querySignature: false }))).toBe(
      false,
    );
    expect(hasSign(await middleware.signRequest(logistics(), {}))).toBe(true);
    const viaMiddleware = await middleware.onRequest({
      request: other(),
      schemaPath: '/open/x',
      querySignature: true,
    });
    expect(hasSign(viaMiddleware)).toBe(true);
  });

  it('replaces existing timestamp and sign parameters instead of adding a second pair', async () => {
    const middleware = createSigningMiddleware(options());
    const signed = await middleware.signRequest(
      new Request(
        'https://api.pandapon.com/open/pp/logistics/updateLogisticInfo?sign=old&timestamp=1&x=y',
      ),
    );
    const query = new URL(signed.url).searchParams;
    expect(query.getAll('sign')).toEqual([signed.headers.get('signature')]);
    expect(query.getAll('timestamp')).toEqual([String(NOW)]);
    expect(query.get('x')).toBe('y');
  });

  it('keeps the abort signal and a GET has no body', async () => {
    const controller = new AbortController();
    const middleware = createSigningMiddleware(options());
    const signed = await middleware.signRequest(
      new Request('https://api.pandapon.com/v2/open/pp/logistics/list', {
        signal: controller.signal,
      }),
    );
    expect(signed.body).toBeNull();
    controller.abort();
    expect(signed.signal.aborted).toBe(true);
  });

  it.each([
    ['/open/pp/logistics/orderBookingFreight', true],
    ['/v2/open/pp/logistics/itemLogisticsPrice', true],
    ['/open/pp/logistics/', true],
    ['/open/pp/logistics', false],
    ['/open/pp/logisticsX/a', false],
    ['/v3/open/pp/logistics/a', false],
    ['/proxy/open/pp/logistics/a', false],
    ['/open/address/addOrUpdate', false],
    ['/v2/alibaba/logistics/trace', false],
  ])('isLogisticsPath(%j) is %s', (path, expected) => {
    expect(isLogisticsPath(path)).toBe(expected);
  });
});

describe('custom signer', () => {
  it('a synchronous signer receives the signed values and its result is sent', async () => {
    const signer = vi.fn(() => 'CUSTOM-SIGNATURE');
    const middleware = createSigningMiddleware(options({ signer, nonce: () => 'fixed-nonce' }));
    const { client, sent } = clientWith(middleware);
    await client.POST('/open/pp/logistics/orderRenderFreight', { body: { country: 'JP' } });
    expect(signer).toHaveBeenCalledExactlyOnceWith({
      accessKey: ACCESS_KEY,
      accessSecret: ACCESS_SECRET,
      timestamp: String(NOW),
      nonceStr: 'fixed-nonce',
    });
    expect(sent[0]?.headers.get('signature')).toBe('CUSTOM-SIGNATURE');
    expect(new URL(sent[0]?.url ?? '').searchParams.get('sign')).toBe('CUSTOM-SIGNATURE');
  });

  it('an asynchronous signer is awaited', async () => {
    const signer = async (input: { timestamp: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return `ASYNC-${input.timestamp}`;
    };
    const { client, sent } = clientWith(createSigningMiddleware(options({ signer })));
    await client.POST('/open/goods/detail', { body: { itemId: '1' } });
    expect(sent[0]?.headers.get('signature')).toBe(`ASYNC-${NOW}`);
  });

  it.each([
    ['an empty string', ''],
    ['a number', 42],
    ['a line break', 'SIG\r\nX-Injected: 1'],
    ['non-ASCII', 'подпись'],
  ])('a signer returning %s fails with an error that does not quote it', async (_label, bad) => {
    const middleware = createSigningMiddleware(options({ signer: () => bad as string }));
    const attempt = middleware.signRequest(
      new Request('https://api.pandapon.com/open/goods/detail'),
    );
    await expect(attempt).rejects.toThrow(/^signer\(\) result must be a non-empty string/);
    await expect(attempt).rejects.not.toThrow(String(bad) || 'never-matches');
  });

  it('a nonce source returning an unusable value fails clearly', async () => {
    const middleware = createSigningMiddleware(options({ nonce: () => ' spaced ' }));
    await expect(
      middleware.signRequest(new Request('https://api.pandapon.com/open/goods/detail')),
    ).rejects.toThrow(/^nonce\(\) result must be/);
  });
});
