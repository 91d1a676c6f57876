// Runs the repository's pinned Redocly CLI (the same one `pnpm lint:specs` uses) over the specs:
// bundling for @pandapon/openapi, lint checks, the reference pages.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './files.js';

const run = promisify(execFile);

/** The CLI's entry, found when first needed (importing spec-model must not look for it). */
function redoclyCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
}

// No telemetry and no update check: both would try the network (and a page built with
// build-docs has the telemetry setting baked in).
const redoclyEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

export interface RedoclyResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `redocly <args>` from the repository root; never throws on a non-zero exit. */
export async function redocly(
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<RedoclyResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [redoclyCli(), ...args], {
      cwd: REPO_ROOT,
      env: redoclyEnv,
      maxBuffer: 64 * 1024 * 1024,
      timeout: timeoutMs,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string; message?: string };
    return {
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? failed.message ?? '',
    };
  }
}
