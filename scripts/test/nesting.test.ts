import { describe, expect, it } from 'vitest';
import { assignNesting, type RawEntry } from '../apifox/nesting.js';
import { exampleShape, parsePartialJson } from '../apifox/partial-json.js';
import { parseTypeExpression } from '../apifox/type-expr.js';

/** Entries from `name:type` pairs. */
function entries(...specs: string[]): RawEntry[] {
  return specs.map((s, i) => {
    const [name, type] = s.split(':') as [string, string];
    const parsed = parseTypeExpression(type);
    if (!parsed) throw new Error(`bad type ${type}`);
    return { name, type: parsed, cut: false, line: i + 1 };
  });
}

const paths = (r: ReturnType<typeof assignNesting>) => r.fields.map((f) => f.path);

describe('assignNesting', () => {
  it('gives exactly {N} children to a counted container', () => {
    const r = assignNesting(
      entries('list:array [object {2}]', 'a:string', 'b:string', 'c:string'),
      {
        kind: 'body',
      },
    );
    expect(paths(r)).toEqual(['list', 'list[].a', 'list[].b', 'c']);
    expect(r.fields.map((f) => f.nesting)).toEqual(['top-level', 'count', 'count', 'top-level']);
    expect(r.expanded.sort()).toEqual(['', 'list[]']);
  });

  it('takes containers below the first level as collapsed', () => {
    const r = assignNesting(
      entries('data:object', 'rows:array[object {5}]', 'total:integer', 'code:integer'),
      { kind: 'response' },
    );
    expect(paths(r)).toEqual(['data', 'data.rows', 'data.total', 'code']);
  });

  it('ends data at an envelope field not yet seen at the top', () => {
    const r = assignNesting(
      entries('code:integer', 'data:object', 'x:string', 'msg:string', 'requestId:string'),
      { kind: 'response' },
    );
    expect(paths(r)).toEqual(['code', 'data', 'data.x', 'msg', 'requestId']);
    expect(r.fields[3]?.nesting).toBe('top-level');
  });

  it('keeps a repeated envelope name inside data (data.data of paged results)', () => {
    const r = assignNesting(
      entries('code:integer', 'data:object', 'total:integer', 'data:array[object {8}]'),
      { kind: 'response' },
    );
    expect(paths(r)).toEqual(['code', 'data', 'data.total', 'data.data']);
    expect(r.fields[3]?.nesting).toBe('duplicate');
  });

  it('follows the page example, even partial, to end an object', () => {
    const example = parsePartialJson('{"a": {"x": 1}, "b": 2, "c"');
    const r = assignNesting(entries('a:object', 'x:string', 'y:string', 'b:integer', 'c:string'), {
      kind: 'body',
      example: exampleShape(example.node),
    });
    expect(paths(r)).toEqual(['a', 'a.x', 'a.y', 'b', 'c']);
    expect(r.fields.map((f) => f.nesting)).toEqual([
      'top-level',
      'example',
      'guess',
      'top-level',
      'top-level',
    ]);
    expect(r.fields[2]?.alternativePath).toBe('y');
  });

  it('lets the example open a container the depth rule would collapse', () => {
    const example = parsePartialJson('{"data": {"rows": [{"id": 1}], "total": 1}}');
    const r = assignNesting(
      entries('data:object', 'rows:array[object {1}]', 'id:integer', 'total:integer'),
      { kind: 'response', example: exampleShape(example.node) },
    );
    expect(paths(r)).toEqual(['data', 'data.rows', 'data.rows[].id', 'data.total']);
  });

  it('uses hints only where nothing on the page decides', () => {
    const hints = new Set(['addr', 'addr.city', 'note']);
    const r = assignNesting(entries('addr:object', 'city:string', 'note:string'), {
      kind: 'body',
      hints,
    });
    expect(paths(r)).toEqual(['addr', 'addr.city', 'note']);
    expect(r.fields.map((f) => f.nesting)).toEqual(['top-level', 'hint', 'top-level']);
  });

  it('closes callback messageBody at the callback envelope fields', () => {
    const r = assignNesting(
      entries('messageType:string', 'messageBody:object', 'orderId:string', 'timestamp:string'),
      { kind: 'response' },
    );
    expect(paths(r)).toEqual(['messageType', 'messageBody', 'messageBody.orderId', 'timestamp']);
  });
});
