import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode, runProcess, runTsx, startProcess } from '../src/index.js';

describe('runProcess / runNode', () => {
  it('collects stdout, stderr and the exit code, and passes exactly the env given', async () => {
    const result = await runNode(
      [
        '-e',
        'process.stdout.write(["out", process.env.ONLY_THIS, String(process.env.HOME)].join(" ")); console.error("err"); process.exit(3)',
      ],
      { env: { ONLY_THIS: 'yes' } },
    );
    expect(result).toEqual({
      code: 3,
      signal: null,
      stdout: 'out yes undefined',
      stderr: 'err\n',
      timedOut: false,
    });
  });

  it('leaves out a key set to undefined, keeping the rest of the environment', async () => {
    const result = await runNode(['-e', 'console.log(process.env.CI, process.env.KEEP)'], {
      env: { ...process.env, CI: undefined, KEEP: 'kept' },
    });
    expect(result.stdout).toBe('undefined kept\n');
  });

  it('feeds input to stdin', async () => {
    const result = await runNode(['-e', 'process.stdin.pipe(process.stdout)'], { input: 'piped' });
    expect(result.stdout).toBe('piped');
  });

  it('stops a program that runs past the timeout, reports it, and keeps what it printed', async () => {
    const started = Date.now();
    // The timeout leaves Node ample time to start on a busy machine: the program must have
    // printed before it is stopped, or the test would prove nothing about keeping output.
    const result = await runNode(['-e', 'console.log("started"); setInterval(() => {}, 1000)'], {
      timeoutMs: 3_000,
    });
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).toBe('started\n');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('kills a program that ignores SIGTERM', async () => {
    const result = await runNode(
      [
        '-e',
        'process.on("SIGTERM", () => {}); console.log("stubborn"); setInterval(() => {}, 1000)',
      ],
      { timeoutMs: 3_000 },
    );
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL', stdout: 'stubborn\n' });
  });

  it('rejects when the program cannot start at all', async () => {
    await expect(runProcess('/nonexistent/program', [])).rejects.toThrow(/ENOENT/);
  });

  it('runs a TypeScript file through tsx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'test-support-'));
    const script = join(dir, 'hello.ts');
    writeFileSync(
      script,
      'const greeting: string = process.argv[2] ?? "";\nconsole.log(greeting);\n',
    );
    const result = await runTsx(script, ['typed']);
    expect(result).toMatchObject({ code: 0, stdout: 'typed\n', stderr: '' });
  });
});

describe('startProcess', () => {
  it('waits for a line, then stops the program and reports its exit code', async () => {
    const running = startProcess(process.execPath, [
      '-e',
      'process.on("SIGTERM", () => process.exit(7)); console.log("ready on 4242"); setInterval(() => {}, 1000)',
    ]);
    const match = await running.waitFor(/ready on (\d+)/);
    expect(match[1]).toBe('4242');
    expect(await running.stop()).toBe(7);
    expect(await running.exited).toBe(7);
  });

  it('fails waitFor with the output when the program exits first', async () => {
    const running = startProcess(process.execPath, [
      '-e',
      'console.error("bad flag"); process.exit(2)',
    ]);
    await expect(running.waitFor(/listening/)).rejects.toThrow(/exited with 2 .*bad flag/s);
    expect(await running.exited).toBe(2);
  });

  it('fails waitFor when nothing matches in time', async () => {
    const running = startProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      await expect(running.waitFor(/never/, 200)).rejects.toThrow(/no \/never\/ within 200 ms/);
    } finally {
      expect(await running.stop('SIGKILL')).toBeNull();
    }
  });
});
