import { fileURLToPath } from 'node:url';
import { SANDBOX_DEFAULT_CREDENTIALS, startSandbox } from '@pandapon/sandbox';
import { runNode } from '@pandapon/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../src/doctor.js';

// The doctor against the sandbox over real HTTP: every combination of the timestamp unit the
// server accepts and of its clock, and a wrong secret.
const HOUR = 3_600_000;
const sandboxes: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

async function sandboxWith(timestampUnit: 'ms' | 's' | undefined, clockSkewMs: number) {
  const sandbox = await startSandbox({
    port: 0,
    clockSkewMs,
    ...(timestampUnit ? { timestampUnit } : {}),
  });
  sandboxes.push(sandbox);
  return sandbox;
}

const credentials = {
  accessKey: SANDBOX_DEFAULT_CREDENTIALS.accessKey,
  accessSecret: SANDBOX_DEFAULT_CREDENTIALS.accessSecret,
  userId: 'doctor-user',
};

describe('pandapon doctor against the sandbox', () => {
  it.each([
    ['ms', 0],
    ['s', 0],
    ['ms', 2 * HOUR],
    ['s', -2 * HOUR],
  ] as const)('server takes %s with its clock %d ms off: finds both', async (unit, skew) => {
    const sandbox = await sandboxWith(unit, skew);
    const report = await runDoctor({ ...credentials, baseUrl: sandbox.url });
    expect(report.signatureAccepted).toBe(true);
    expect(report.timestampUnit).toBe(unit);
    expect(report.bothUnitsAccepted).toBe(false);
    expect(Math.abs(report.clockOffsetMs - skew)).toBeLessThan(2_000);
    expect(report.clientOptions).toEqual({
      ...(unit === 's' ? { timestampUnit: 's' } : {}),
      ...(skew !== 0 ? { clockOffsetMs: report.clockOffsetMs } : {}),
    });
    expect(report.attempts.length).toBeLessThanOrEqual(3);
  });

  it('a sandbox taking both units: both reported, default kept', async () => {
    const sandbox = await sandboxWith(undefined, 0);
    const report = await runDoctor({ ...credentials, baseUrl: sandbox.url });
    expect(report).toMatchObject({
      signatureAccepted: true,
      timestampUnit: 'ms',
      bothUnitsAccepted: true,
    });
    expect(report.clientOptions).toEqual({});
  });

  it('a wrong secret: no configuration, credentials blamed, secret never printed', async () => {
    const sandbox = await sandboxWith('ms', 0);
    const report = await runDoctor({
      ...credentials,
      accessSecret: 'wrong-secret-value',
      baseUrl: sandbox.url,
    });
    expect(report.signatureAccepted).toBe(false);
    expect(report.timestampUnit).toBeNull();
    expect(report.diagnosis.join(' ')).toMatch(/access key, the access secret or the user id/);
    expect(JSON.stringify(report)).not.toContain('wrong-secret-value');
  });

  it('the bin: npx pandapon doctor --json exits 0 on a working sandbox and 1 on a wrong secret', async () => {
    const sandbox = await sandboxWith('s', HOUR);
    const bin = fileURLToPath(new URL('../bin/pandapon.js', import.meta.url));
    const run = (secret: string) =>
      runNode([bin, 'doctor', '--json'], {
        env: {
          PATH: process.env.PATH,
          PANDAPON_ACCESS_KEY: credentials.accessKey,
          PANDAPON_ACCESS_SECRET: secret,
          PANDAPON_USER_ID: credentials.userId,
          PANDAPON_BASE_URL: sandbox.url,
        },
        timeoutMs: 30_000,
      });
    const good = await run(credentials.accessSecret);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ signatureAccepted: true, timestampUnit: 's' });
    expect(good.stdout).not.toContain(credentials.accessSecret);
    const bad = await run('not-the-secret');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).signatureAccepted).toBe(false);
  });
});
