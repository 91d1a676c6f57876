import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { createTaobaoClient } from '@pandapon/taobao';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerErrors, runLearn } from '../../../scripts/test/helpers/learnt-types.js';
import { createShapeRecorder } from '../src/recorder.js';

// The whole loop a user runs: record real-looking traffic (the sandbox's invented extra fields,
// which no spec has) → pnpm learn --write → generate → the new fields are typed. And no value
// from those answers ever reaches the shapes file.
const repoRoot = resolve(import.meta.dirname, '../../..');
let harness: SandboxHarness<
  ReturnType<typeof createTaobaoClient>,
  Parameters<typeof createTaobaoClient>[0]
>;
beforeAll(async () => {
  harness = await startSandboxHarness(createTaobaoClient, {
    userId: 'shapes-user',
    extraFields: true,
  });
});
afterAll(async () => {
  await harness?.close();
});

describe('record → learn → generate', () => {
  it('types the fields the sandbox invented, and records no value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shapes-loop-'));
    const shapesFile = join(dir, 'shapes.ndjson');
    const recorder = createShapeRecorder({ file: shapesFile });
    const { client } = harness.client();
    client.use(recorder.middleware);
    const bodies: string[] = [];
    for (const itemId of ['652874751412', '652874751413', '652874751414']) {
      const { data, response } = await client.GET('/v2/taobao/product/get', {
        params: { query: { itemId } },
      });
      expect(response.headers.get('x-sandbox-invented-fields')).toContain('sandboxMonthlySales');
      bodies.push(JSON.stringify(data));
    }
    recorder.flush();

    // No value: every string and number of the answers (beyond trivial ones) is absent.
    const shapes = readFileSync(shapesFile, 'utf8');
    const values = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && value.length >= 3) values.add(value);
      else if (typeof value === 'number' && String(value).length >= 3) values.add(String(value));
      else if (value && typeof value === 'object')
        for (const child of Object.values(value)) collect(child);
    };
    for (const body of bodies) collect(JSON.parse(body));
    expect(values.size).toBeGreaterThan(5);
    const leaked = [...values].filter((value) => shapes.includes(value));
    expect(leaked).toEqual([]);

    // learn --write on a copy of the specs.
    cpSync(join(repoRoot, 'specs'), join(dir, 'specs'), { recursive: true });
    const learn = await runLearn([shapesFile, '--write', '--specs', join(dir, 'specs')]);
    expect(learn.stderr).toBe('');
    expect(learn.code).toBe(0);
    expect(learn.stdout).toMatch(/sandboxMonthlySales/);

    // generate: the learnt fields are typed, and were not before.
    const consumer = `import type { paths } from './schema';
type Data = NonNullable<paths['/v2/taobao/product/get']['get']['responses'][200]['content']['application/json']['data']>;
declare const data: Data;
export const sales: number | undefined = data.sandboxMonthlySales;
export const free: boolean | undefined = data.sandboxFreeShipping;
export const rate: number | undefined = data.sandboxPromotion?.discountRate;
// @ts-expect-error observed as a number, never a string
export const wrong: string | undefined = data.sandboxMonthlySales;
`;
    expect(await consumerErrors(join(dir, 'specs/taobao.yaml'), consumer)).toEqual([]);
    expect(
      (await consumerErrors(join(repoRoot, 'specs/taobao.yaml'), consumer)).length,
    ).toBeGreaterThan(0);
  });
});
