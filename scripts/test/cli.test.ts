import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTsx } from '@pandapon/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths.js';
import { DOCS, SPECS } from './helpers/fixtures.js';

const empty = mkdtempSync(join(tmpdir(), 'pandapon-scripts-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

async function run(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = await runTsx(join(REPO_ROOT, 'scripts', script), args, {
    cwd: REPO_ROOT,
    env: { ...process.env, CI: undefined, ...env },
  });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
}

describe('check-coverage CLI', () => {
  it('passes on the fixtures and prints the summary', async () => {
    const r = await run('check-coverage.ts', ['--docs', DOCS, '--specs', SPECS]);
    expect(r.out).toContain(
      'check:coverage: 4 operations documented, 5 operations in specs (1 spec files), 17 fields checked on 5 page copies',
    );
    expect(r.out).toContain(
      '* POST /open/shop/coupon/redeem (shopRedeemCoupon, shop.yaml): evidence independent-client + white-label (no PandaPon page)',
    );
    expect(r.out).toContain('1 operation(s) on other evidence');
    expect(r.code).toBe(0);
  });

  it('fails, listing the problems, when the specs miss operations', async () => {
    const r = await run('check-coverage.ts', ['--docs', DOCS, '--specs', empty]);
    expect(r.out).toContain('missing operation: POST /open/shop/order/create');
    expect(r.out).toContain('FAILED');
    expect(r.code).toBe(1);
  });

  it('skips when the docs are absent, but fails under CI=true', async () => {
    const absent = join(empty, 'no-docs');
    const local = await run('check-coverage.ts', ['--docs', absent]);
    expect(local.out).toMatch(
      /skipped: .* not found \(this check runs in CI where it is present\)/,
    );
    expect(local.code).toBe(0);
    const ci = await run('check-coverage.ts', ['--docs', absent], { CI: 'true' });
    expect(ci.out).toContain('CI=true');
    expect(ci.code).toBe(1);
  });
});

describe('docs-drift CLI', () => {
  it('prints the report with a final count line and exits 0', async () => {
    const r = await run('docs-drift.ts', [DOCS, '--specs', SPECS]);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(
      'drift: 0 changes in 0 operations, 0 new operations',
    );
    expect(r.code).toBe(0);
  });

  it('emits JSON and honours --fail-on-drift', async () => {
    const r = await run('docs-drift.ts', [DOCS, '--specs', empty, '--json', '--fail-on-drift']);
    const report = JSON.parse(r.out) as { totals: { newOperations: number } };
    expect(report.totals.newOperations).toBe(5);
    expect(r.code).toBe(1);
  });

  it('rejects a missing folder with usage exit code 2', async () => {
    expect((await run('docs-drift.ts', [])).code).toBe(2);
    expect((await run('docs-drift.ts', [join(empty, 'nope')])).code).toBe(2);
  });
});
