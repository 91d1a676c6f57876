import { seededRandom } from '@pandapon/test-support';
import { describe, expect, it } from 'vitest';
import { parseShapeRecords } from '../src/record.js';
import { shapeOf } from '../src/shape.js';

// Shapes files are read back from disk by `pnpm learn`: a trust boundary (edited, corrupted or
// contributed files). Every input must either parse into valid records or fail with a message
// naming the line; nothing else (no crash of another kind, no prototype pollution).

const valid = JSON.stringify({
  v: 1,
  operation: 'GET /v2/alibaba/cart/list',
  responses: 3,
  firstSeen: '2026-11-30T10:00:00.000Z',
  lastSeen: '2026-11-30T11:00:00.000Z',
  data: shapeOf({ a: [1, { b: 'x' }], c: null }),
});

const hostile = [
  '',
  'null',
  '[]',
  '"text"',
  '{"__proto__":{"polluted":1}}',
  '{"v":1,"constructor":{"prototype":{"polluted":1}}}',
  valid.replace('"v":1', '"v":2'),
  valid.replace('GET /v2', 'FETCH /v2'),
  valid.replace('"responses":3', '"responses":-3'),
  valid.replace('"responses":3', '"responses":1e400'),
  valid.replace('2026-11-30T10:00:00.000Z', 'yesterday'),
  valid.replace('"types":["object"]', '"types":["object","date"]'),
  valid.replace('"seen":1', '"seen":"1"'),
  valid.replace('"data":{', '"data":{"value":"leak",'),
  `{"v":1,"operation":"GET /x","responses":1,"firstSeen":"2026-11-30T10:00:00Z","lastSeen":"2026-11-30T10:00:00Z","data":${'{"seen":1,"types":["array"],"items":'.repeat(60)}{"seen":1,"types":["null"]}${'}'.repeat(60)}}`,
];

describe('parseShapeRecords fuzz', () => {
  it('parses or names the bad line for 2,000 mutated inputs', () => {
    const random = seededRandom(20261130);
    let tried = 0;
    let rejected = 0;
    for (let round = 0; round < 2_000; round++) {
      let text: string;
      const pick = random();
      if (pick < 0.3) {
        text = hostile[Math.floor(random() * hostile.length)] as string;
      } else if (pick < 0.6) {
        const cut = Math.floor(random() * valid.length);
        text = valid.slice(0, cut);
      } else {
        const chars = [...valid];
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
          const at = Math.floor(random() * chars.length);
          chars[at] = String.fromCharCode(32 + Math.floor(random() * 95));
        }
        text = chars.join('');
      }
      if (random() < 0.2) text = `${valid}\n${text}\n${valid}`;
      tried++;
      try {
        const records = parseShapeRecords(text);
        for (const record of records.values()) expect(record.v).toBe(1);
      } catch (error) {
        rejected++;
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/^shapes line \d+: /);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    console.log(
      `shapes-file fuzz: ${tried} inputs tried, ${rejected} rejected with a line number, 0 failures`,
    );
    expect(tried).toBe(2_000);
    expect(rejected).toBeGreaterThan(500);
  });
});
