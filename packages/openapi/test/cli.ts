// Runs a package's Node CLI as a child process, bounded in time; never throws on a non-zero exit.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runNode } from '@pandapon/test-support';

const require = createRequire(import.meta.url);

export interface CliResult {
  readonly exitCode: number;
  readonly output: string;
}

/** `bin` is the script's path inside the package, e.g. `bin/run.js`. */
export function binPath(packageName: string, bin: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), bin);
}

export async function runCli(
  script: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs?: number; env?: Record<string, string> },
): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const result = await runNode([script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    timeoutMs,
  });
  const timedOut = result.timedOut ? `\n(stopped after ${timeoutMs} ms)` : '';
  return {
    exitCode: result.code ?? 1,
    output: `${result.stdout}${result.stderr}${timedOut}`,
  };
}
