import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, stringifyJson } from '../src/index.js';
import { makeClient } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/server.js';

// A real 1688 order id from the docs: 19 digits, beyond Number.MAX_SAFE_INTEGER.
const ORDER_ID = '2542285634920880794';

describe('parseJson / stringifyJson keep 64-bit integers exact', () => {
  it('parses integers beyond 2^53 as bigint and leaves everything else alone', () => {
    const text = `{"orderId":${ORDER_ID},"neg":-${ORDER_ID},"safe":9007199254740991,"price":12345678901234567.5,"exp":1e300,"s":"${ORDER_ID}","list":[${ORDER_ID},1]}`;
    expect(parseJson(text)).toEqual({
      orderId: BigInt(ORDER_ID),
      neg: -BigInt(ORDER_ID),
      safe: 9007199254740991,
      price: Number('12345678901234567.5'),
      exp: 1e300,
      s: ORDER_ID,
      list: [BigInt(ORDER_ID), 1],
    });
  });

  it('does not touch digits inside strings, escaped quotes included', () => {
    const text = `{"note":"id \\"${ORDER_ID}\\" ok","n":${ORDER_ID}}`;
    expect(parseJson(text)).toEqual({ note: `id "${ORDER_ID}" ok`, n: BigInt(ORDER_ID) });
  });

  it('agrees with JSON.parse whenever no integer is unsafe', () => {
    const samples = ['{}', '[]', 'null', '"x"', '{"a":[1,2,{"b":"9999999999999999999"}]}', '12'];
    for (const s of samples) expect(parseJson(s)).toEqual(JSON.parse(s));
  });

  it('throws SyntaxError on invalid JSON, like JSON.parse', () => {
    expect(() => parseJson(`{"orderId":${ORDER_ID},`)).toThrow(SyntaxError);
    expect(() => parseJson('<html>')).toThrow(SyntaxError);
  });

  it('writes bigint as a plain JSON number and round-trips', () => {
    const body = { orderId: BigInt(ORDER_ID), quantity: 2, note: 'x' };
    const text = stringifyJson(body);
    expect(text).toBe(`{"orderId":${ORDER_ID},"quantity":2,"note":"x"}`);
    expect(parseJson(text)).toEqual(body);
    expect(stringifyJson({ a: 1 })).toBe(JSON.stringify({ a: 1 }));
  });
});

describe('the client keeps 64-bit ids exact over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('returns the id the server sent and sends it back unrounded', async () => {
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
    )) as unknown as { orderId: bigint };
    expect(created.orderId).toBe(BigInt(ORDER_ID));

    const again = (await client.unwrap(
      client.POST('/open/order', {
        body: { itemId: '9', quantity: 1, orderId: created.orderId } as never,
      }),
    )) as unknown as { echo: string };
    expect(again.echo).toContain(`"orderId":${ORDER_ID}`);
  });
});
