/**
 * The operation-method runtime on a mocked fetch: where each param goes, ids on the wire, the
 * checks that run before any request, data / withResponse / errors, and paginate.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createPlatformClient,
  type OperationRoutes,
  PandaPonApiError,
  type PlatformClientOptions,
  withOperations,
} from '../src/index.js';
import { ACCESS_KEY, ACCESS_SECRET, meta, USER_ID } from './helpers/client.js';

const routes: OperationRoutes = {
  getProduct: {
    method: 'GET',
    path: '/open/product/get',
    query: ['itemId', 'lang'],
  },
  createOrder: {
    method: 'POST',
    path: '/open/order',
    body: ['orderId', 'lines', 'note'],
    ids: ['orderId', 'lines[].itemId'],
  },
  cancelRefund: {
    method: 'GET',
    path: '/open/refund/cancel/{refundId}',
  },
  listOrders: {
    method: 'POST',
    path: '/open/order/page',
    body: ['pageNum', 'pageSize', 'status'],
  },
  freeForm: { method: 'POST', path: '/open/order', body: 'open' },
};

type Fn = (
  params?: unknown,
  options?: unknown,
) => Promise<unknown> & {
  withResponse(): Promise<{
    data: unknown;
    response: Response;
    requestId: string | undefined;
    envelope: unknown;
  }>;
};
type Paged = Fn & {
  paginate(
    params?: unknown,
    options?: unknown,
  ): AsyncIterable<unknown> & {
    pages(): AsyncIterable<{ items: unknown[]; total: number | undefined; pageNumber: number }>;
  };
};

interface Sent {
  method: string;
  url: URL;
  body: string;
  headers: Headers;
}

function setup(answer: (sent: Sent) => unknown = () => ({ code: 200, data: { ok: true } })) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const entry = {
      method: request.method,
      url: new URL(request.url),
      body: await request.text(),
      headers: request.headers,
    };
    sent.push(entry);
    return new Response(JSON.stringify(answer(entry)), {
      headers: { 'content-type': 'application/json' },
    });
  });
  const options: PlatformClientOptions = {
    accessKey: ACCESS_KEY,
    accessSecret: ACCESS_SECRET,
    userId: USER_ID,
    baseUrl: 'http://127.0.0.1:9',
    fetch,
  };
  const client = withOperations<object, Record<string, Paged>>(
    createPlatformClient(options, meta),
    meta,
    routes,
  );
  return { client: client as Record<string, Paged>, sent, fetch };
}

describe('params', () => {
  it('go to the query, the path or the body as the route says', async () => {
    const { client, sent } = setup();
    await client.getProduct?.({ itemId: '42', lang: 'en' });
    expect(sent[0]?.url.pathname).toBe('/open/product/get');
    expect(Object.fromEntries(sent[0]?.url.searchParams ?? [])).toMatchObject({
      itemId: '42',
      lang: 'en',
    });
    await client.cancelRefund?.({ refundId: 'R/1' });
    expect(sent[1]?.url.pathname).toBe('/open/refund/cancel/R%2F1');
    await client.createOrder?.({ orderId: 7, note: 'hi' });
    expect(JSON.parse(sent[2]?.body ?? '')).toEqual({ orderId: 7, note: 'hi' });
  });

  it('send integer ids as JSON numbers whatever form they are given in', async () => {
    const { client, sent } = setup();
    await client.createOrder?.({
      orderId: '2019601741959504495',
      lines: [{ itemId: '12' }, { itemId: 13n }, { itemId: 14 }],
    });
    expect(sent[0]?.body).toBe(
      '{"orderId":2019601741959504495,"lines":[{"itemId":12},{"itemId":13},{"itemId":14}]}',
    );
  });

  it.each([
    ['an unknown key', 'getProduct', { itemId: '1', itemID: '2' }, /unknown parameter `itemID`/],
    ['a non-digit id', 'createOrder', { orderId: '12a' }, /`orderId` is an integer id/],
    ['a rounded id', 'createOrder', { orderId: 2 ** 60 }, /`orderId` must be a whole number/],
    ['a nested bad id', 'createOrder', { lines: [{ itemId: 'x' }] }, /`lines\[0\]\.itemId`/],
    ['a `..` path segment', 'cancelRefund', { refundId: '..' }, /`refundId` is a path parameter/],
    ['a missing path parameter', 'cancelRefund', {}, /`refundId` is a path parameter/],
    ['params that are not an object', 'getProduct', 'itemId=1', /`params` must be a plain object/],
    ['an object in the query', 'getProduct', { itemId: { a: 1 } }, /`itemId` must be a string/],
  ])('reject %s before sending anything', async (_, name, params, message) => {
    const { client, fetch } = setup();
    await expect(client[name]?.(params)).rejects.toThrow(message);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('are converted on the path client too, for operations with ids', async () => {
    const { client, sent } = setup();
    const post = (client as unknown as Record<string, (p: string, i: unknown) => Promise<unknown>>)
      .POST;
    await post?.('/open/order', { body: { orderId: '2019601741959504495', note: '7' } });
    expect(sent[0]?.body).toBe('{"orderId":2019601741959504495,"note":"7"}');
  });

  it('pass any key on where the spec leaves the body open', async () => {
    const { client, sent } = setup();
    await client.freeForm?.({ anything: 1 });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ anything: 1 });
  });
});

describe('options', () => {
  it('pass headers, and refuse unknown keys before sending', async () => {
    const { client, sent, fetch } = setup();
    await client.getProduct?.({ itemId: '1' }, { headers: { 'x-trace': 't1' }, retry: false });
    expect(sent[0]?.headers.get('x-trace')).toBe('t1');
    await expect(client.getProduct?.({ itemId: '1' }, { timeout: 50 })).rejects.toThrow(
      /unknown option `timeout`/,
    );
    // A signing header given per call is refused, not silently replaced.
    await expect(
      client.getProduct?.({ itemId: '1' }, { headers: { signature: 'forged' } }),
    ).rejects.toThrow(/init\.headers\.signature` is a signing header/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('abort with the caller signal', async () => {
    const { client } = setup();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      client.getProduct?.({ itemId: '1' }, { signal: controller.signal }),
    ).rejects.toThrow('stop');
  });
});

describe('results', () => {
  it('resolve to data; withResponse gives the response, request id and envelope', async () => {
    const { client } = setup(() => ({ code: 200, requestId: 'rq-1', data: { id: 5 } }));
    await expect(client.getProduct?.({ itemId: '1' })).resolves.toEqual({ id: 5 });
    const raw = await client.getProduct?.({ itemId: '1' }).withResponse();
    expect(raw?.data).toEqual({ id: 5 });
    expect(raw?.requestId).toBe('rq-1');
    expect(raw?.response.status).toBe(200);
    expect(raw?.envelope).toMatchObject({ code: 200, requestId: 'rq-1' });
  });

  it('reject with PandaPonApiError naming the operation', async () => {
    const { client } = setup(() => ({ code: 40001, msg: 'bad', requestId: 'rq-2' }));
    const error = await client.getProduct?.({ itemId: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({
      code: 40001,
      msg: 'bad',
      requestId: 'rq-2',
      operationId: 'getProduct',
      method: 'GET',
      path: '/open/product/get',
    });
  });

  it('name the operation, method, path, msg, code, requestId and attempts in the message', async () => {
    let calls = 0;
    const fetch = async () =>
      ++calls < 3
        ? new Response('busy', { status: 503 })
        : new Response('{"code":40001,"msg":"bad item","requestId":"rq-9"}');
    const client = withOperations<object, Record<string, Paged>>(
      createPlatformClient(
        {
          accessKey: ACCESS_KEY,
          accessSecret: ACCESS_SECRET,
          userId: USER_ID,
          baseUrl: 'http://127.0.0.1:9',
          fetch,
          retry: { sleep: async () => {} },
        },
        meta,
      ),
      meta,
      routes,
    ) as Record<string, Paged>;
    const error = await client.getProduct?.({ itemId: '1' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'PandaPon API error 40001 on GET /open/product/get (getProduct, 3 attempts): bad item [requestId rq-9]',
    );
    expect(error).toMatchObject({ attempts: 3 });
  });

  it('report no unhandled rejection when only withResponse() is used', async () => {
    const { client } = setup(() => ({ code: 500, msg: 'no' }));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(client.getProduct?.({ itemId: '1' }).withResponse()).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('paginate', () => {
  const pages = (sent: Sent) => {
    const { pageNum } = JSON.parse(sent.body) as { pageNum: number };
    const list = pageNum <= 2 ? [pageNum * 10 + 1, pageNum * 10 + 2] : [pageNum * 10 + 1];
    return { code: 200, data: { total: 5, list } };
  };

  it('is lazy, yields items page by page and exposes totals', async () => {
    const { client, sent, fetch } = setup(pages);
    const paginator = client.listOrders?.paginate({ status: 'open' }, { pageSize: 2 });
    expect(fetch).not.toHaveBeenCalled();
    const items: unknown[] = [];
    for await (const item of paginator ?? []) items.push(item);
    expect(items).toEqual([11, 12, 21, 22, 31]);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ status: 'open', pageNum: 1, pageSize: 2 });
    const seen: [number, number | undefined][] = [];
    for await (const page of paginator?.pages() ?? []) seen.push([page.pageNumber, page.total]);
    expect(seen).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
    ]);
  });

  it('exists only on paged operations', () => {
    const { client } = setup();
    expect(typeof client.listOrders?.paginate).toBe('function');
    expect(client.getProduct?.paginate).toBeUndefined();
  });
});

describe('withOperations', () => {
  it('refuses a method name the client already has', () => {
    const client = createPlatformClient(
      { accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, userId: USER_ID },
      meta,
    );
    expect(() =>
      withOperations(client, meta, {
        request: { method: 'GET', path: '/x' },
      }),
    ).toThrow(/clashes with a client member/);
  });
});

describe('credentials from the environment', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fill what the options leave out; the options win', async () => {
    vi.stubEnv('PANDAPON_ACCESS_KEY', 'env-key');
    vi.stubEnv('PANDAPON_ACCESS_SECRET', 'env-secret-value');
    vi.stubEnv('PANDAPON_USER_ID', 'env-user');
    vi.stubEnv('PANDAPON_BASE_URL', 'http://127.0.0.1:9');
    const sent: Request[] = [];
    const fetch = async (request: Request) => {
      sent.push(request);
      return new Response('{"code":200,"data":1}');
    };
    const client = createPlatformClient({ userId: 'explicit-user', fetch }, meta);
    await client.request('GET', '/open/product/get');
    expect(sent[0]?.headers.get('access-key')).toBe('env-key');
    expect(sent[0]?.headers.get('user-id')).toBe('explicit-user');
    expect(sent[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:9\//);
  });

  it.each([
    ['accessKey', 'PANDAPON_ACCESS_KEY'],
    ['accessSecret', 'PANDAPON_ACCESS_SECRET'],
    ['userId', 'PANDAPON_USER_ID'],
  ])('name %s and %s when both are missing', (option, variable) => {
    const all = { PANDAPON_ACCESS_KEY: 'k', PANDAPON_ACCESS_SECRET: 's', PANDAPON_USER_ID: 'u' };
    for (const [name, value] of Object.entries(all)) {
      vi.stubEnv(name, name === variable ? '' : value);
    }
    expect(() => createPlatformClient(undefined, meta)).toThrow(
      new RegExp(`\`${option}\` is missing: pass it in the options or set ${variable}`),
    );
  });
});
