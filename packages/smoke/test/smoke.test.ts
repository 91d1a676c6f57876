// Runs the two consumer scripts (ESM-only, CJS-only) as separate processes on Node, Deno and
// Bun, against the packages' built dist/ files, and checks every package passed its checks.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@pandapon/test-support';
import { describe, expect, it } from 'vitest';
import { bun, deno, NODE, type Runtime } from './runtimes.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const CHECKED = [
  'resolution',
  '@pandapon/signing',
  '@pandapon/taobao',
  '@pandapon/alibaba',
  '@pandapon/foundations',
  '@pandapon/logistics',
  '@pandapon/client-core',
  '@pandapon/sdk',
  '@pandapon/callbacks',
  '@pandapon/sandbox',
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runConsumer(runtime: Runtime, script: string): Promise<Run> {
  const [command, ...args] = runtime.command as [string, ...string[]];
  const result = await runProcess(command, [...args, join('consumers', script)], {
    cwd: packageRoot,
    timeoutMs: 60_000,
    // No update checks or telemetry from the runtimes (there is no internet here anyway).
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' },
  });
  return { code: result.code ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function expectAllChecksPassed(run: Run, runtime: string, format: string): void {
  // On failure, show what the consumer printed: it names the check that broke.
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.code, output).toBe(0);
  const passed = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('ok '))
    .map((line) => line.split(' ')[1]);
  expect(passed.sort()).toEqual([...CHECKED].sort());
  expect(run.stdout).toContain(`smoke ${runtime} ${format}: ${CHECKED.length} checks passed`);
}

const RUNTIMES: Record<string, () => Runtime> = { node: () => NODE, deno, bun };
// Deno runs CommonJS too (a .cjs file is loaded as CommonJS), so every pair is covered.
const CASES = Object.keys(RUNTIMES).flatMap((runtime) => [
  { runtime, format: 'esm', script: 'esm.mjs' },
  { runtime, format: 'cjs', script: 'cjs.cjs' },
]);

describe('consumers', () => {
  it.each(CASES)('$format consumer passes on $runtime', async ({ runtime, format, script }) => {
    const resolveRuntime = RUNTIMES[runtime];
    if (!resolveRuntime) throw new Error(`unknown runtime ${runtime}`);
    const run = await runConsumer(resolveRuntime(), script);
    expectAllChecksPassed(run, runtime, format);
  });
});
