import { describe, expect, it } from 'vitest';
import { checkShape, MAX_DEPTH, mergeShapes, shapeOf } from '../src/shape.js';

describe('shapeOf', () => {
  it('keeps types and keys, integer apart from decimal', () => {
    expect(shapeOf({ id: 1, price: 1.5, name: 'x', ok: true, gone: null, tags: ['a'] })).toEqual({
      seen: 1,
      types: ['object'],
      objects: 1,
      properties: {
        id: { seen: 1, types: ['integer'] },
        price: { seen: 1, types: ['number'] },
        name: { seen: 1, types: ['string'] },
        ok: { seen: 1, types: ['boolean'] },
        gone: { seen: 1, types: ['null'] },
        tags: { seen: 1, types: ['array'], items: { seen: 1, types: ['string'] } },
      },
    });
  });

  it('reads bigint (exact 19-digit ids) as integer', () => {
    expect(shapeOf(1234567890123456789n).types).toEqual(['integer']);
  });

  it('treats objects whose keys are data as maps and writes no key down', () => {
    const skuOptions = { 颜色: '红色', '128GB': 'yes' };
    const byId = { '741852963': { stock: 1 }, '963852741': { stock: 2 } };
    const shape = shapeOf({ skuOptions, byId });
    const text = JSON.stringify(shape);
    for (const secret of ['颜色', '红色', '128GB', '741852963', '963852741', 'yes']) {
      expect(text).not.toContain(secret);
    }
    expect(shape.properties?.byId?.mapValues?.properties?.stock?.types).toEqual(['integer']);
  });

  it('treats an object with very many keys as a map', () => {
    const wide = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`k${index}`, 1]));
    const shape = shapeOf(wide);
    expect(shape.properties).toBeUndefined();
    expect(shape.mapValues?.seen).toBe(65);
  });

  it('never records a value of any kind', () => {
    const values = ['s3cr3t-value', 'Jane Doe', '+8613800138000'];
    const shape = shapeOf({ a: values[0], b: [values[1], { c: values[2] }], d: 987654.321 });
    const text = JSON.stringify(shape);
    for (const value of values) expect(text).not.toContain(value);
    expect(text).not.toContain('987654');
  });

  it('stops at a bounded depth and a bounded number of array items', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 500; level++) deep = { next: deep };
    let shape = shapeOf(deep);
    let depth = 0;
    while (shape.properties?.next) {
      shape = shape.properties.next;
      depth++;
    }
    expect(depth).toBe(MAX_DEPTH);
    expect(shape.deeper).toBe(true);
    expect(shapeOf(Array.from({ length: 10_000 }, () => 1)).items?.seen).toBe(200);
  });

  it('does not let a __proto__ key reach a prototype', () => {
    const body = JSON.parse('{"__proto__":{"polluted":1},"a":1}');
    const shape = shapeOf(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(shape.properties).toBeUndefined(); // __proto__ is not a field name: the object is a map
    expect(shape.mapValues?.types).toEqual(['integer', 'object']);
  });
});

describe('mergeShapes', () => {
  it('counts how often each key was present, unions types and merges items', () => {
    const merged = mergeShapes(
      shapeOf({ id: 1, note: 'x', lines: [{ q: 1 }] }),
      shapeOf({ id: 2, note: null, lines: [{ q: 2, extra: true }] }),
    );
    expect(merged.objects).toBe(2);
    expect(merged.properties?.note?.types).toEqual(['null', 'string']);
    expect(merged.properties?.lines?.items?.objects).toBe(2);
    expect(merged.properties?.lines?.items?.properties?.extra?.seen).toBe(1);
  });

  it('leaves its inputs unchanged', () => {
    const a = shapeOf({ x: 1 });
    const before = JSON.stringify(a);
    mergeShapes(a, shapeOf({ x: 'y', z: 1 }));
    expect(JSON.stringify(a)).toBe(before);
  });
});

describe('checkShape', () => {
  it('accepts what shapeOf makes', () => {
    expect(checkShape(shapeOf({ a: [1, { b: null }] }))).toBeUndefined();
  });

  it.each([
    [null, 'must be an object'],
    [{ seen: 0, types: ['string'] }, 'seen'],
    [{ seen: 1, types: [] }, 'types'],
    [{ seen: 1, types: ['date'] }, 'types'],
    [
      { seen: 1, types: ['object'], properties: { '12345': { seen: 1, types: ['string'] } } },
      'not a field name',
    ],
    [{ seen: 1, types: ['string'], value: 'leak' }, 'unknown key'],
  ])('rejects %j', (value, message) => {
    expect(checkShape(value)).toContain(message);
  });
});
