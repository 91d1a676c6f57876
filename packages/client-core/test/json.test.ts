import { describe, expect, it } from 'vitest';
import { parseJson, stringifyJson } from '../src/index.js';
import { makeClient } from './helpers/client.js';
import { useServer } from './helpers/server.js';

// A real 1688 order id from the docs: 19 digits, beyond Number.MAX_SAFE_INTEGER.
const ORDER_ID = '2542285634920880794';

// The parser's own tests live with it, in packages/json.
describe('client-core re-exports @pandapon/json', () => {
  it('parseJson (bigint mode) and stringifyJson', () => {
    expect(parseJson(`{"orderId":${ORDER_ID}}`)).toEqual({ orderId: BigInt(ORDER_ID) });
    expect(stringifyJson({ orderId: BigInt(ORDER_ID) })).toBe(`{"orderId":${ORDER_ID}}`);
  });
});

describe('the client keeps 64-bit ids exact over HTTP', () => {
  const server = useServer();

  // Issue 9 item 3: ids beyond 2^53 come back as their exact digits (a string), so a result
  // survives JSON.stringify; a bigint (or, through the generated clients, the string itself)
  // goes back as a JSON number.
  it('returns the id the server sent as exact digits and sends it back unrounded', async () => {
    server.handle((req, res) => {
      res.setHeader('content-type', 'application/json');
      // Echo the raw request body inside the envelope, so the test sees the exact digits.
      res.end(
        `{"code":200,"msg":"成功","data":{"orderId":${ORDER_ID},"echo":${JSON.stringify(req.body ?? '')}}}`,
      );
    });
    const { client } = makeClient(server.baseUrl);
    const created = (await client.unwrap(
      client.POST('/open/order', { body: { itemId: '9', quantity: 1 } }),
    )) as unknown as { orderId: string };
    expect(created.orderId).toBe(ORDER_ID);
    expect(() => JSON.stringify(created)).not.toThrow();

    const again = (await client.unwrap(
      client.POST('/open/order', {
        body: { itemId: '9', quantity: 1, orderId: BigInt(created.orderId) } as never,
      }),
    )) as unknown as { echo: string };
    expect(again.echo).toContain(`"orderId":${ORDER_ID}`);
  });
});

// Issue 10 item 11: a non-2xx body is parsed by the same parser, so its ids stay exact too.
describe('non-2xx bodies keep 64-bit ids exact', () => {
  const server = useServer();

  for (const status of [400, 500, 503]) {
    it(`HTTP ${status}: result.error and the PandaPonHttpError excerpt`, async () => {
      server.handle((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(`{"code":${status},"msg":"no","data":{"orderId":${ORDER_ID}}}`);
      });
      const { client } = makeClient(server.baseUrl, { maxRetries: 0 });
      const result = await client.POST('/open/order', { body: { itemId: '9', quantity: 1 } });
      expect(result.response.status).toBe(status);
      expect((result.error as unknown as { data: { orderId: unknown } }).data.orderId).toBe(
        ORDER_ID,
      );
      const error = await client.unwrap(result).catch((caught: unknown) => caught);
      expect((error as { bodyExcerpt: string }).bodyExcerpt).toContain(`"orderId":"${ORDER_ID}"`);
    });
  }

  it('keeps a non-JSON error body as text', async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway 2542285634920880794</html>');
    });
    const { client } = makeClient(server.baseUrl, { maxRetries: 0 });
    const result = await client.GET('/open/product/get', { params: { query: { itemId: '1' } } });
    expect(result.error).toBe('<html>bad gateway 2542285634920880794</html>');
  });
});
