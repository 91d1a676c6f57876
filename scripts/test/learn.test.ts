import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEditableSpecs } from '@pandapon/spec-model';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ShapeRecord, shapeOf } from '../../packages/shapes/src/index.js';
import { applyFindings, type Finding, learn, writeSpecs } from '../lib/learn.js';
import { consumerErrors, runLearn } from './helpers/learnt-types.js';

const repoRoot = resolve(import.meta.dirname, '../..');

function record(operation: string, data: unknown, responses = 1): ShapeRecord {
  return {
    v: 1,
    operation,
    responses,
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-30T00:00:00.000Z',
    data: shapeOf(data),
  };
}

// A small spec of our own, so the rules are tested independently of how the real specs evolve.
const SPEC = `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /open/thing:
    post:
      operationId: getThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                allOf:
                  - $ref: './common.yaml#/components/schemas/Envelope'
                  - type: object
                    properties:
                      data: { $ref: '#/components/schemas/Thing' }
  /open/open-thing:
    get:
      operationId: getOpenThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  code: { type: integer }
                  data:
                    description: cut on every copy
                    x-pandapon-truncated: true
                    additionalProperties: true
components:
  schemas:
    Thing:
      type: object
      # a comment that must survive a write
      properties:
        id: { type: integer }
        name: { type: string }
        lines:
          type: array
          items: { $ref: '#/components/schemas/Line' }
    Line:
      type: object
      additionalProperties: false
      properties:
        qty: { type: integer }
`;
const COMMON = `openapi: 3.1.0
info: { title: c, version: '1' }
paths: {}
components:
  schemas:
    Envelope:
      type: object
      properties:
        code: { type: integer }
        data: {}
`;

function tempSpecs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'learn-'));
  writeFileSync(join(dir, 'things.yaml'), SPEC);
  writeFileSync(join(dir, 'common.yaml'), COMMON);
  return dir;
}

const kinds = (findings: Finding[]) => findings.map((finding) => finding.kind).sort();

describe('learn', () => {
  it('proposes new properties under open schemas, types for untyped ones, and reports conflicts', () => {
    const dir = tempSpecs();
    const specs = loadEditableSpecs(dir);
    const findings = learn(specs, [
      record('POST /open/thing', {
        id: 'not-a-number',
        name: 'x',
        extra: 2.5,
        lines: [{ qty: 1, note: 'x' }],
      }),
      record('GET /open/open-thing', { score: 1, tags: ['a'] }, 4),
      record('GET /open/nowhere', {}),
    ]);
    expect(kinds(findings)).toEqual([
      'add-property',
      'add-type',
      'conflict',
      'conflict',
      'unknown-operation',
    ]);
    const conflicts = findings.filter((finding) => finding.kind === 'conflict');
    expect(conflicts.map((c) => c.documented)).toEqual(
      expect.arrayContaining(['integer', 'no such property (additionalProperties: false)']),
    );
  });

  it('writes only additions, marked x-pandapon-observed; documented facts and comments stay', () => {
    const dir = tempSpecs();
    const specs = loadEditableSpecs(dir);
    const findings = learn(specs, [
      record('POST /open/thing', { id: 'not-a-number', extra: 2.5, nested: { flag: true } }, 3),
      record('GET /open/open-thing', { score: 1, maybe: null }, 4),
    ]);
    writeSpecs(specs, applyFindings(specs, findings));
    const text = readFileSync(join(dir, 'things.yaml'), 'utf8');
    expect(text).toContain('# a comment that must survive a write');
    const spec = parse(text);
    const thing = spec.components.schemas.Thing;
    expect(thing.properties.id).toEqual({ type: 'integer' }); // the conflict was not applied
    expect(thing.properties.extra).toMatchObject({
      type: 'number',
      'x-pandapon-observed': { responses: 3, firstSeen: '2026-11-01T00:00:00.000Z' },
    });
    expect(thing.properties.nested.properties.flag).toEqual({ type: 'boolean' });
    const data =
      spec.paths['/open/open-thing'].get.responses['200'].content['application/json'].schema
        .properties.data;
    expect(data['x-pandapon-truncated']).toBe(true);
    expect(data.type).toBe('object');
    expect(data.properties.score).toEqual({ type: 'integer' });
    // Seen only as null: no type is claimed (null alone would reject every real value).
    expect(data.properties.maybe).toEqual({});
    expect(data['x-pandapon-observed'].operations).toEqual(['GET /open/open-thing']);
  });

  it('merges what two operations observed of one shared schema', () => {
    const dir = tempSpecs();
    const extra = SPEC.replace(
      '  /open/open-thing:',
      `  /open/thing2:
    post:
      operationId: getThing2
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                properties:
                  data: { $ref: '#/components/schemas/Thing' }
  /open/open-thing:`,
    );
    writeFileSync(join(dir, 'things.yaml'), extra);
    const findings = learn(loadEditableSpecs(dir), [
      record('POST /open/thing', { extra: 1 }, 2),
      record('POST /open/thing2', { extra: 1.5 }, 5),
    ]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.kind === 'add-property' && finding.observed.responses).toBe(7);
  });

  it('record → learn --write → generate: the learnt field is typed (CLI on a copy of the real specs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'learn-real-'));
    cpSync(join(repoRoot, 'specs'), join(dir, 'specs'), { recursive: true });
    const shapesFile = join(dir, 'shapes.ndjson');
    const cart = {
      enableList: [{ sellerOpenId: 'b2b-22', sellerLevelObserved: 3, cartItemInfos: [] }],
      disableList: [],
    };
    writeFileSync(shapesFile, `${JSON.stringify(record('GET /v2/alibaba/cart/list', cart, 2))}\n`);
    const run = await runLearn([shapesFile, '--write', '--specs', join(dir, 'specs')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 additions proposed/);

    const consumer = `import type { components } from './schema';
type Shop = components['schemas']['AlibabaCartShopItem'];
export const level: Shop['sellerLevelObserved'] = 3;
// @ts-expect-error a string is not what was observed
export const wrong: Shop['sellerLevelObserved'] = 'three';
`;
    expect(await consumerErrors(join(dir, 'specs/alibaba.yaml'), consumer)).toEqual([]);
    // Without learn the same consumer does not compile: the test can fail.
    expect(
      (await consumerErrors(join(repoRoot, 'specs/alibaba.yaml'), consumer)).length,
    ).toBeGreaterThan(0);
  });

  it('refuses a bad shapes file with exit code 2 and the line number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'learn-bad-'));
    writeFileSync(join(dir, 'bad.ndjson'), '{"v":1,"operation":"GET /x"}\n');
    const run = await runLearn([join(dir, 'bad.ndjson')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/shapes line 1: /);
  });
});
