import { describe, expect, it } from 'vitest';
import { parseJson, stringifyJson } from '../src/index.js';

// A real 1688 order id from the docs: 19 digits, beyond Number.MAX_SAFE_INTEGER.
const ORDER_ID = '2542285634920880794';

describe('parseJson', () => {
  it('parses integers beyond 2^53 as bigint and leaves everything else alone', () => {
    const text = `{"orderId":${ORDER_ID},"neg":-${ORDER_ID},"safe":9007199254740991,"price":12345678901234567.5,"exp":1e300,"big":12345678901234567e2,"s":"${ORDER_ID}","list":[${ORDER_ID},1],"z":-0}`;
    expect(parseJson(text)).toEqual({
      orderId: BigInt(ORDER_ID),
      neg: -BigInt(ORDER_ID),
      safe: 9007199254740991,
      price: Number('12345678901234567.5'),
      exp: 1e300,
      big: Number('12345678901234567e2'),
      s: ORDER_ID,
      list: [BigInt(ORDER_ID), 1],
      z: -0,
    });
  });

  it("returns the digit strings in 'string' mode", () => {
    expect(parseJson(`[${ORDER_ID},-${ORDER_ID},1]`, { bigIntegers: 'string' })).toEqual([
      ORDER_ID,
      `-${ORDER_ID}`,
      1,
    ]);
    expect(() => parseJson('1', { bigIntegers: 'number' as never })).toThrow(TypeError);
  });

  it('reads strings with every escape, digits inside strings untouched', () => {
    const text = `{"note":"id \\"${ORDER_ID}\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\ud83d\\ude00","n":${ORDER_ID}}`;
    expect(parseJson(text)).toEqual({
      note: `id "${ORDER_ID}" \\ / \b\f\n\r\t é😀`,
      n: BigInt(ORDER_ID),
    });
  });

  it('makes __proto__ an own property, never the prototype (like JSON.parse)', () => {
    const parsed = parseJson(`{"__proto__":{"polluted":${ORDER_ID}},"a":1}`) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with JSON.parse on valid texts (with a 16-digit run, so the own parser runs)', () => {
    const pad = '"1234567890123456"';
    const samples = [
      '{}',
      '[]',
      ' \n\t{ "a" : [ 1 , 2.5e-3 , -0.0 , true , false , null , { } , [ ] ] } ',
      '{"a":1,"a":2}',
      '"x"',
      '0',
      '-12.5E+2',
      '[[[[[]]]]]',
      '{"":""}',
    ];
    for (const sample of samples) {
      const text = `[${pad},${sample}]`;
      expect(parseJson(text)).toEqual(JSON.parse(text));
    }
  });

  it('throws SyntaxError wherever JSON.parse does (own parser forced by a 16-digit run)', () => {
    const invalid = [
      '',
      ' ',
      '{',
      '[1,]',
      '{"a":1,}',
      '{"a" 1}',
      '{a:1}',
      "{'a':1}",
      '01',
      '1.',
      '.5',
      '1e',
      '-',
      '+1',
      '"\\x"',
      '"\\u12G4"',
      '"a\nb"',
      'tru',
      'nul',
      '[1 2]',
      '{"a":1}}',
      '[1]x',
      'NaN',
      '"unterminated',
      '1 2',
    ];
    for (const sample of invalid) {
      const text = `[1234567890123456,${sample}]`;
      expect(() => JSON.parse(text), sample).toThrow(SyntaxError);
      expect(() => parseJson(text), sample).toThrow(SyntaxError);
    }
  });

  it('names the position, never the text, in its SyntaxError', () => {
    const secret = 'tEsT-sEcReT';
    let message = '';
    try {
      parseJson(`{"k":"${secret}", 1234567890123456}`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/position \d+/);
    expect(message).not.toContain(secret);
  });

  it('takes nesting deeper than any call stack', () => {
    const depth = 200_000;
    const text = `${'['.repeat(depth)}1234567890123456789${']'.repeat(depth)}`;
    let value = parseJson(text);
    for (let i = 0; i < depth; i++) value = (value as unknown[])[0];
    expect(value).toBe(1234567890123456789n);
  });

  it('rejects a text that is not a string', () => {
    expect(() => parseJson(42 as never)).toThrow(TypeError);
  });
});

describe('stringifyJson', () => {
  it('writes bigint as a plain JSON number and round-trips', () => {
    const body = { orderId: BigInt(ORDER_ID), quantity: 2, note: 'x', neg: -5n };
    const text = stringifyJson(body);
    expect(text).toBe(`{"orderId":${ORDER_ID},"quantity":2,"note":"x","neg":-5}`);
    expect(parseJson(text)).toEqual({ ...body, neg: -5 });
    expect(stringifyJson({ a: 1 })).toBe(JSON.stringify({ a: 1 }));
  });
});
