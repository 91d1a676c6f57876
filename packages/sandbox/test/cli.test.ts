import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningProcess, runNode, startProcess } from '@pandapon/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { SPEC_NAMES } from '../src/index.js';
import { call, repoSpecs } from './helpers.js';

// These run the built package (turbo runs `build` before `test`), as an installed one would.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(packageDir, 'dist', 'cli.js');

const running: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.stop()));
});

/** Starts the CLI and resolves with its URL once it prints the banner. */
async function startCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ url: string; cli: RunningProcess }> {
  expect(existsSync(cli), 'dist/cli.js exists (build the package first)').toBe(true);
  const started = startProcess(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
  });
  running.push(started);
  const [, url = ''] = await started.waitFor(/listening on (http:\/\/\S+)/);
  return { url, cli: started };
}

describe('the published build', () => {
  it('ships the four specs, bundled from the repository specs', async () => {
    const specs = await repoSpecs();
    for (const name of SPEC_NAMES) {
      const shipped: unknown = JSON.parse(
        readFileSync(join(packageDir, 'dist', 'specs', `${name}.json`), 'utf8'),
      );
      expect(shipped).toEqual(specs[name]);
    }
  });

  it('pandapon-sandbox serves signed calls with credentials from the environment, and stops on SIGTERM', async () => {
    const { url, cli: sandboxCli } = await startCli(['--port', '0', '--quiet'], {
      PANDAPON_SANDBOX_ACCESS_KEY: 'cli-key',
      PANDAPON_SANDBOX_ACCESS_SECRET: 'cli-secret',
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { json } = await call({ url }, 'GET', '/v2/taobao/product/get', {
      query: { itemId: '1' },
      accessKey: 'cli-key',
      accessSecret: 'cli-secret',
    });
    expect(json.code).toBe(200);
    expect(await sandboxCli.stop('SIGTERM')).toBe(0);
  });

  it('exits 2 with usage on an unknown option', async () => {
    const { code, stderr } = await runNode([cli, '--nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: pandapon-sandbox');
  });

  it('--timestamp-unit, --clock-skew-ms and --extra-fields reach the sandbox', async () => {
    const skew = 15 * 60_000;
    const { url } = await startCli([
      '--port',
      '0',
      '--quiet',
      '--timestamp-unit',
      's',
      `--clock-skew-ms=${skew}`,
      '--extra-fields',
    ]);
    const inSeconds = String(Math.floor((Date.now() + skew) / 1000));
    const accepted = await call({ url }, 'GET', '/v2/taobao/product/get', {
      query: { itemId: '1' },
      accessKey: 'sandbox-access-key',
      accessSecret: 'sandbox-access-secret',
      timestamp: inSeconds,
    });
    expect(accepted.json.code).toBe(200);
    expect(accepted.headers.get('x-sandbox-invented-fields')).toContain('data.sandboxShopScore');
    const inMilliseconds = await call({ url }, 'GET', '/v2/taobao/product/get', {
      query: { itemId: '1' },
      accessKey: 'sandbox-access-key',
      accessSecret: 'sandbox-access-secret',
      timestamp: String(Date.now() + skew),
    });
    expect(inMilliseconds.json.code).toBe(40102);
  });

  it('exits 2 on a timestamp unit it does not know', async () => {
    const { code, stderr } = await runNode([cli, '--timestamp-unit', 'sec']);
    expect(code).toBe(2);
    expect(stderr).toContain('--timestamp-unit must be "ms" or "s"');
  });
});
