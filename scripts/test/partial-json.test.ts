import { describe, expect, it } from 'vitest';
import { exampleShape, jsonNodeToValue, parsePartialJson } from '../apifox/partial-json.js';

describe('parsePartialJson', () => {
  it('reads complete JSON and says where it ended', () => {
    const text = 'prefix {"a": [1, 2.5, true, null], "b": {"c": "x\\"y"}} trailing';
    const r = parsePartialJson(text, 6);
    expect(r.complete).toBe(true);
    expect(text.slice(r.end)).toBe(' trailing');
    expect(jsonNodeToValue(r.node)).toEqual({ a: [1, 2.5, true, null], b: { c: 'x"y' } });
  });

  it('keeps what was read when the text stops anywhere', () => {
    const text = '{"a": 1, "b": {"c": [ {"d": "x"}, {"e": tr';
    const r = parsePartialJson(text);
    expect(r.complete).toBe(false);
    expect(r.error).toBeUndefined();
    expect(jsonNodeToValue(r.node)).toBeUndefined();
    const shape = exampleShape(r.node);
    expect([...shape.paths].sort()).toEqual(['a', 'b', 'b.c', 'b.c[].d', 'b.c[].e']);
    expect(shape.completeObjects.has('b.c[]')).toBe(true);
    expect(shape.completeObjects.has('')).toBe(false);
  });

  it('treats a key or string cut short as the end, not as an error', () => {
    for (const text of ['{"a": "unfinish', '{"a": 1, "ke', '{"a": -', '{"a": fal', '{"a": 1,']) {
      const r = parsePartialJson(text);
      expect(r.complete).toBe(false);
      expect(r.error).toBeUndefined();
    }
  });

  it('reports text that is not JSON', () => {
    const r = parsePartialJson('{"a": 1 "b": 2}');
    expect(r.complete).toBe(false);
    expect(r.error).toMatch(/expected ','/);
    expect(parsePartialJson('{a: 1}').error).toMatch(/expected a key/);
    expect(parsePartialJson('{"a": "line\nbreak"}').error).toMatch(/newline/);
  });

  it('returns no node for blank input', () => {
    expect(parsePartialJson('   ')).toMatchObject({ node: null, complete: false });
  });
});
