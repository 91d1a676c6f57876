import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DEFAULT_CREDENTIALS, startSandbox } from '@pandapon/sandbox';
import { runTsx } from '@pandapon/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every example runs as a user would run it (tsx, credentials from the environment) against a
// local sandbox, and must exit 0 with the lines it promises.
const folder = fileURLToPath(new URL('..', import.meta.url));
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

function runExample(file: string, args: string[] = []) {
  return runTsx(join(folder, file), args, {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      PANDAPON_BASE_URL: sandbox.url,
      PANDAPON_ACCESS_KEY: SANDBOX_DEFAULT_CREDENTIALS.accessKey,
      PANDAPON_ACCESS_SECRET: SANDBOX_DEFAULT_CREDENTIALS.accessSecret,
      PANDAPON_USER_ID: 'examples-user',
    },
  });
}

describe('examples against the sandbox', () => {
  it('search-and-order.ts', async () => {
    const { code, stdout, stderr } = await runExample('search-and-order.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/search: \d+ results/);
    expect(stdout).toMatch(/paginate: (1[1-9]|20) offers/);
    expect(stdout).toMatch(/created order \d{19}/);
    expect(stdout).toMatch(/cancelled order \d{19}/);
  });

  it('taobao-order.ts', async () => {
    const { code, stdout, stderr } = await runExample('taobao-order.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/order placed: code 200/);
  });

  it('receive-callbacks.ts', async () => {
    const { code, stdout, stderr } = await runExample('receive-callbacks.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('delivery answered HTTP 200');
    expect(stdout).toContain('processed 1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
    expect(stdout).toContain('replay answered HTTP 200 (acknowledged, not processed again)');
  });

  it('record-shapes.ts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-shapes-'));
    const { code, stdout, stderr } = await runExample('record-shapes.ts', [dir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('GET /v2/alibaba/cart/list: 1 response(s)');
    expect(readFileSync(join(dir, 'shapes.ndjson'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
