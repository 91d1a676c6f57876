import { describe, expect, it } from 'vitest';
import {
  PandaPonApiError,
  PandaPonError,
  PandaPonHttpError,
  PandaPonResponseError,
  unwrap,
} from '../src/index.js';
import { makeClient } from './helpers/client.js';
import { fail, ok, sendJson, useServer } from './helpers/server.js';

const product = { itemId: '655', title: 'T-shirt', price: 12.5 };

describe('envelope handling against a real server', () => {
  const server = useServer();

  it('returns openapi-fetch results and unwraps the envelope data', async () => {
    server.handle((req, res) => {
      expect(req.method).toBe('GET');
      expect(req.url).toBe('/open/product/get?itemId=655');
      sendJson(res, 200, ok(product));
    });
    const { client } = makeClient(server.baseUrl);
    const result = await client.GET('/open/product/get', { params: { query: { itemId: '655' } } });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual(ok(product));
    expect(result.error).toBeUndefined();
    await expect(
      client.unwrap(client.GET('/open/product/get', { params: { query: { itemId: '655' } } })),
    ).resolves.toEqual(product);
    // The standalone export works on the same results, awaited or not.
    await expect(unwrap(result)).resolves.toEqual(product);
  });

  it('sends the JSON body and path parameters', async () => {
    server.handle((req, res) => {
      const body = req.body ? (JSON.parse(req.body) as { itemId: string }) : { itemId: '' };
      sendJson(res, 200, ok({ orderId: `o-${body.itemId}`, path: req.url }));
    });
    const { client } = makeClient(server.baseUrl);
    const order = await client.unwrap(
      client.POST('/open/order', { body: { itemId: '9', quantity: 2 } }),
    );
    expect(order).toMatchObject({ orderId: 'o-9' });
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/json');
    const cancelled = await client.unwrap(
      client.GET('/open/refund/cancel/{refundId}', { params: { path: { refundId: 'r 1' } } }),
    );
    expect(cancelled).toMatchObject({ path: '/open/refund/cancel/r%201' });
  });

  it('maps code ≠ 200 to PandaPonApiError with the envelope fields', async () => {
    server.handle((_req, res) => sendJson(res, 200, fail(50001, '库存不足', 'req-77')));
    const { client } = makeClient(server.baseUrl);
    const result = await client.POST('/open/order', { body: { itemId: '1', quantity: 1 } });
    // The raw call keeps openapi-fetch semantics: HTTP 200 means `data`, whatever the code.
    expect(result.data).toMatchObject({ code: 50001 });
    const error = await client.unwrap(result).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toBeInstanceOf(PandaPonError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'PandaPonApiError',
      code: 50001,
      msg: '库存不足',
      requestId: 'req-77',
      status: 200,
      method: 'POST',
      path: '/open/order',
      operationId: 'createOrder',
    });
    expect((error as Error).message).toContain('50001');
    expect((error as Error).message).toContain('库存不足');
    expect((error as Error).message).toContain('createOrder');
  });

  it('accepts a numeric-string code', async () => {
    server.handle((_req, res) => sendJson(res, 200, { ...ok(product), code: '200' }));
    const { client } = makeClient(server.baseUrl);
    await expect(
      client.unwrap(client.GET('/open/product/get', { params: { query: { itemId: '1' } } })),
    ).resolves.toEqual(product);
  });

  it('maps a non-2xx status to PandaPonHttpError with a bounded body excerpt', async () => {
    server.handle((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`upstream exploded ${'x'.repeat(2000)}`);
    });
    const { client } = makeClient(server.baseUrl);
    const result = await client.POST('/open/order', { body: { itemId: '1', quantity: 1 } });
    expect(result.response.status).toBe(500);
    expect(typeof result.error).toBe('string');
    const error = await client.unwrap(result).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    const http = error as PandaPonHttpError;
    expect(http.status).toBe(500);
    expect(http.bodyExcerpt.startsWith('upstream exploded')).toBe(true);
    expect(http.bodyExcerpt.length).toBeLessThanOrEqual(500);
    expect(http).toMatchObject({ name: 'PandaPonHttpError', method: 'POST', path: '/open/order' });
  });

  it('quotes a JSON error body in the excerpt', async () => {
    server.handle((_req, res) => sendJson(res, 404, { error: 'no such route' }));
    const { client } = makeClient(server.baseUrl);
    const error = await client
      .unwrap(client.GET('/open/product/get', { params: { query: { itemId: '1' } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect((error as PandaPonHttpError).bodyExcerpt).toBe('{"error":"no such route"}');
  });

  it('throws PandaPonResponseError for a 2xx body that is not JSON, quoting it', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>gateway maintenance</html>');
    });
    const { client } = makeClient(server.baseUrl);
    const error = await client
      .GET('/open/product/get', { params: { query: { itemId: '1' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonResponseError);
    expect(error).toMatchObject({
      status: 200,
      bodyExcerpt: '<html>gateway maintenance</html>',
      operationId: 'getProduct',
    });
    // Not retried: a safe operation still made exactly one attempt.
    expect(server.requests).toHaveLength(1);
  });

  it('throws PandaPonResponseError for JSON that is not an envelope, and for an empty body', async () => {
    const { client } = makeClient(server.baseUrl);
    server.handle((_req, res) => sendJson(res, 200, { hello: 'world' }));
    const notEnvelope = await client
      .unwrap(client.GET('/open/product/get', { params: { query: { itemId: '1' } } }))
      .catch((e: unknown) => e);
    expect(notEnvelope).toBeInstanceOf(PandaPonResponseError);
    expect((notEnvelope as PandaPonResponseError).bodyExcerpt).toBe('{"hello":"world"}');

    server.handle((_req, res) => {
      res.writeHead(200);
      res.end();
    });
    const empty = await client
      .unwrap(client.GET('/open/product/get', { params: { query: { itemId: '1' } } }))
      .catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(PandaPonResponseError);
    expect((empty as Error).message).toContain('empty');
  });

  it('unwraps results from elsewhere, describing them from the URL', async () => {
    const response = new Response('{}', { status: 502 });
    const error = await unwrap({ error: 'bad gateway', response }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect(error).toMatchObject({ status: 502, bodyExcerpt: 'bad gateway' });
    await expect(unwrap({ nonsense: true } as never)).rejects.toThrow(TypeError);
  });
});
