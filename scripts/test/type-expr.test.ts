import { describe, expect, it } from 'vitest';
import {
  arrayDepth,
  describeType,
  isContainerType,
  parseTypeExpression,
  parseTypePrefix,
} from '../apifox/type-expr.js';

describe('parseTypeExpression', () => {
  it.each([
    ['string', { types: ['string'], nullable: false }],
    ['integer <int64>', { types: ['integer'], format: 'int64' }],
    ['string | null', { types: ['string'], nullable: true }],
    ['null', { types: [], nullable: true }],
    ['object (FastAdress)', { types: ['object'], schemaName: 'FastAdress' }],
    ['enum<string> | enum<null>', { types: ['string'], nullable: true, isEnum: true }],
    ['string | integer', { types: ['string', 'integer'] }],
  ])('%s', (line, expected) => {
    expect(parseTypeExpression(line)).toMatchObject(expected);
  });

  it('reads arrays in their printed variants', () => {
    expect(parseTypeExpression('array[string] | null')).toMatchObject({
      types: ['array'],
      nullable: true,
      items: { types: ['string'] },
    });
    expect(parseTypeExpression('array [object {3}]')).toMatchObject({
      types: ['array'],
      childCount: 3,
      items: { types: ['object'], childCount: 3 },
    });
    // The item schema's name itself contains brackets.
    expect(parseTypeExpression('array[object (OrderEntryCount[]) {2}] | null')).toMatchObject({
      types: ['array'],
      nullable: true,
      schemaName: 'OrderEntryCount[]',
      childCount: 2,
    });
    expect(parseTypeExpression('array')).toMatchObject({ types: ['array'] });
  });

  it('normalises non-breaking spaces and runs of spaces', () => {
    expect(parseTypeExpression('string\u00a0\u00a0|\u00a0null\u00a0')).toMatchObject({
      raw: 'string | null',
      nullable: true,
    });
  });

  it.each([
    'userId',
    '必需',
    'strings',
    'string | nul',
    'array [obj',
    '',
    'object (Unclosed',
    'the string',
  ])('refuses %j', (line) => {
    expect(parseTypeExpression(line)).toBeNull();
  });
});

describe('parseTypePrefix (the last line of a cut page)', () => {
  it('knows a base type it can finish', () => {
    expect(parseTypePrefix('intege')).toEqual({});
    expect(parseTypePrefix('boolean | nul')?.type).toMatchObject({ types: ['boolean'] });
    expect(parseTypePrefix('array [obj')?.type).toMatchObject({ types: ['array'] });
    expect(parseTypePrefix('object (Fast')?.type).toMatchObject({ types: ['object'] });
  });

  it('refuses fragments that could start a field name', () => {
    expect(parseTypePrefix('st')).toBeNull();
    expect(parseTypePrefix('buyerN')).toBeNull();
  });
});

describe('container helpers', () => {
  it('says what opens a level and how many [] its children get', () => {
    const obj = parseTypeExpression('object');
    const arr = parseTypeExpression('array[object {2}]');
    const nested = parseTypeExpression('array[array[object]]');
    const strings = parseTypeExpression('array[string]');
    expect([obj, arr, nested, strings].map((t) => isContainerType(t ?? undefined))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect([obj, arr, nested].map((t) => arrayDepth(t ?? undefined))).toEqual([0, 1, 2]);
    expect(describeType(parseTypeExpression('array[integer] | null') ?? undefined)).toBe(
      'array[integer] | null',
    );
  });
});
