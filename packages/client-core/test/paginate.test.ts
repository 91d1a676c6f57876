import { describe, expect, it } from 'vitest';
import { PandaPonApiError, PandaPonResponseError } from '../src/index.js';
import { makeClient } from './helpers/client.js';
import { fail, type Handler, ok, sendJson, useServer } from './helpers/server.js';

const range = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** POST /open/order/page: page number and size in the body, `{ total, list }` back. */
function orderPages(count: number, maxPageSize = Number.POSITIVE_INFINITY): Handler {
  const all = range(count, 'o').map((orderId) => ({ orderId }));
  return (req, res) => {
    const { pageNum, pageSize } = JSON.parse(req.body) as { pageNum: number; pageSize: number };
    const size = Math.min(pageSize, maxPageSize);
    const list = all.slice((pageNum - 1) * size, pageNum * size);
    sendJson(res, 200, ok({ total: count, list }));
  };
}

/** GET /open/refund/list: `current` and `size` in the query, `{ page: { records } }`, no total. */
function refundPages(count: number): Handler {
  const all = range(count, 'r').map((refundId) => ({ refundId }));
  return (req, res) => {
    const query = new URL(req.url, 'http://x').searchParams;
    const current = Number(query.get('current'));
    const size = Number(query.get('size'));
    sendJson(res, 200, ok({ page: { records: all.slice((current - 1) * size, current * size) } }));
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('paginate', () => {
  const server = useServer();

  const bodies = () => server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);

  it('pages through the body until the total is reached', async () => {
    server.handle(orderPages(45));
    const { client } = makeClient(server.baseUrl);
    const orders = await collect(
      client.paginate('POST', '/open/order/page', { body: { status: 'paid' } }, { pageSize: 20 }),
    );
    expect(orders.map((o) => o.orderId)).toEqual(range(45, 'o'));
    expect(bodies()).toEqual([
      { status: 'paid', pageNum: 1, pageSize: 20 },
      { status: 'paid', pageNum: 2, pageSize: 20 },
      { status: 'paid', pageNum: 3, pageSize: 20 },
    ]);
  });

  it('stops at the total without asking for an empty page', async () => {
    server.handle(orderPages(40));
    const { client } = makeClient(server.baseUrl);
    const orders = await collect(client.paginate('post', '/open/order/page', {}, { pageSize: 20 }));
    expect(orders).toHaveLength(40);
    expect(server.requests).toHaveLength(2);
  });

  it('trusts the total over a short page when the server caps the page size', async () => {
    server.handle(orderPages(45, 20));
    const { client } = makeClient(server.baseUrl);
    const orders = await collect(client.paginate('POST', '/open/order/page', {}, { pageSize: 50 }));
    expect(orders).toHaveLength(45);
    expect(server.requests).toHaveLength(3);
  });

  it('takes page size and start page from init when options do not set them', async () => {
    server.handle(orderPages(45));
    const { client } = makeClient(server.baseUrl);
    const orders = await collect(
      client.paginate('POST', '/open/order/page', { body: { pageNum: 2, pageSize: 10 } }),
    );
    expect(orders[0]).toEqual({ orderId: 'o11' });
    expect(bodies()[0]).toEqual({ pageNum: 2, pageSize: 10 });
  });

  it('defaults to page 1 and 20 items', async () => {
    server.handle(orderPages(5));
    const { client } = makeClient(server.baseUrl);
    await collect(client.paginate('POST', '/open/order/page'));
    expect(bodies()).toEqual([{ pageNum: 1, pageSize: 20 }]);
  });

  it('pages through the query and stops at a short page when there is no total', async () => {
    server.handle(refundPages(25));
    const { client } = makeClient(server.baseUrl);
    const refunds = await collect(
      client.paginate(
        'GET',
        '/open/refund/list',
        { params: { query: { status: 'open' } } },
        { pageSize: 10 },
      ),
    );
    expect(refunds.map((r) => r.refundId)).toEqual(range(25, 'r'));
    expect(server.requests.map((r) => r.url)).toEqual([
      '/open/refund/list?status=open&current=1&size=10',
      '/open/refund/list?status=open&current=2&size=10',
      '/open/refund/list?status=open&current=3&size=10',
    ]);
  });

  it('stops at an empty page when the last page was full', async () => {
    server.handle(refundPages(20));
    const { client } = makeClient(server.baseUrl);
    const refunds = await collect(
      client.paginate(
        'GET',
        '/open/refund/list',
        { params: { query: { status: 'x' } } },
        { pageSize: 10 },
      ),
    );
    expect(refunds).toHaveLength(20);
    expect(server.requests).toHaveLength(3);
  });

  it('honours maxPages and startPage', async () => {
    server.handle(orderPages(100));
    const { client } = makeClient(server.baseUrl);
    const orders = await collect(
      client.paginate('POST', '/open/order/page', {}, { pageSize: 10, startPage: 3, maxPages: 2 }),
    );
    expect(orders.map((o) => o.orderId)).toEqual(range(40, 'o').slice(20));
    expect(bodies().map((b) => b.pageNum)).toEqual([3, 4]);
  });

  it('fetches lazily: breaking out early stops the requests', async () => {
    server.handle(orderPages(100));
    const { client } = makeClient(server.baseUrl);
    for await (const order of client.paginate('POST', '/open/order/page', {}, { pageSize: 10 })) {
      expect(order).toEqual({ orderId: 'o1' });
      break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('treats missing items as the end', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok({ total: 0 })));
    const { client } = makeClient(server.baseUrl);
    await expect(collect(client.paginate('POST', '/open/order/page'))).resolves.toEqual([]);
  });

  it('throws PandaPonResponseError when the items are not an array', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok({ list: 'nope' })));
    const { client } = makeClient(server.baseUrl);
    await expect(collect(client.paginate('POST', '/open/order/page'))).rejects.toBeInstanceOf(
      PandaPonResponseError,
    );
  });

  it('throws the API error of a failed page', async () => {
    let calls = 0;
    server.handle((req, res) => {
      calls++;
      if (calls === 2) sendJson(res, 200, fail(50000, 'system busy'));
      else orderPages(100)(req, res);
    });
    const { client } = makeClient(server.baseUrl);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const order of client.paginate('POST', '/open/order/page', {}, { pageSize: 10 })) {
        seen.push(order);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({ code: 50000, operationId: 'listOrders' });
    expect(seen).toHaveLength(10);
  });

  it('rejects operations without pagination metadata and bad options', async () => {
    const { client } = makeClient(server.baseUrl);
    await expect(
      collect(client.paginate('POST', '/open/order', { body: { itemId: '1', quantity: 1 } })),
    ).rejects.toThrow(/POST \/open\/order has no pagination metadata/);
    await expect(
      collect(client.paginate('POST', '/open/order/page', {}, { pageSize: 0 })),
    ).rejects.toThrow(/pageSize/);
    await expect(
      collect(client.paginate('POST', '/open/order/page', {}, { maxPages: 1.5 })),
    ).rejects.toThrow(/maxPages/);
    expect(server.requests).toHaveLength(0);
  });
});
