import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SPEC_NAMES } from '../src/index.js';
import { call, repoSpecs } from './helpers.js';

// These run the built package (turbo runs `build` before `test`), as an installed one would.
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(packageDir, 'dist', 'cli.js');

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
});

/** Starts the CLI and resolves with its URL once it prints the banner. */
function startCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  expect(existsSync(cli), 'dist/cli.js exists (build the package first)').toBe(true);
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
  });
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
    const { url, child } = await startCli(['--port', '0', '--quiet'], {
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
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });

  it('exits 2 with usage on an unknown option', async () => {
    const child = spawn(process.execPath, [cli, '--nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
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
    const child = spawn(process.execPath, [cli, '--timestamp-unit', 'sec'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--timestamp-unit must be "ms" or "s"');
  });
});
