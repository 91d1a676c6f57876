// The README's first command ends in this demo: it must keep running, start to finish, against
// the local sandbox, as a user on a fresh machine runs it (no PANDAPON_* variables set).
import { fileURLToPath } from 'node:url';
import { runTsx } from '@pandapon/test-support';
import { describe, expect, it } from 'vitest';

const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('the demo', () => {
  it('walks the whole flow against the sandbox and prints each step', async () => {
    const { code, stdout, stderr, timedOut } = await runTsx(demo, [], {
      cwd: packageDir,
      env: { PATH: process.env.PATH },
    });
    expect(timedOut).toBe(false);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('PandaPon SDK demo — local sandbox');
    for (let step = 1; step <= 9; step++) expect(stdout).toMatch(new RegExp(`^${step}\\. `, 'm'));
    expect(stdout).toMatch(/order id +\d{19}\n/);
    expect(stdout).toContain('19-digit id kept exact as a string');
    expect(stdout).toContain('ORDER_CANCEL received and verified');
    expect(stdout).toMatch(/^Done$/m);
  });
});
