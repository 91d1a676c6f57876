/**
 * Running a program the way a user would (a bin, a tsx script, `node -e`) and collecting what it
 * printed. Every run is bounded: a program that hangs is stopped and reported as timed out, so a
 * test fails with its output instead of hanging until vitest gives up on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The tsx CLI entry, run with `process.execPath` (a `.bin/tsx` shim is a shell script on Windows). */
export const TSX_CLI: string = createRequire(import.meta.url).resolve('tsx/cli');

export interface RunOptions {
  cwd?: string;
  /**
   * The child's whole environment (default: this process's). Pass `{ ...process.env, X: '1' }`
   * to add to it; a key set to `undefined` is left out.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Stop the program after this long (SIGTERM, then SIGKILL if it ignores that). The default stays
   * under the suites' 60 s test timeout so that the timeout, not vitest, reports the hang.
   */
  timeoutMs?: number;
  /** Written to the program's stdin, which is then closed (default: no stdin at all). */
  input?: string;
}

export interface ProcessResult {
  /** The exit code; `null` when a signal ended the program. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether the program was stopped because it ran past `timeoutMs`. */
  timedOut: boolean;
}

const DEFAULT_TIMEOUT_MS = 50_000;
// How long a program gets to exit after SIGTERM before it is killed outright; a tsx run needs a
// moment to pass the signal on to the node process it started.
const KILL_GRACE_MS = 2_000;

/** Runs `command` to the end; never rejects on a non-zero exit (only when it cannot start). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessResult> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timeoutTimer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      // Only a program that never started rejects; later errors still end in 'close'.
      if (child.pid === undefined) {
        clearTimeout(timeoutTimer);
        reject(error);
      }
    });
    child.once('close', (code, signal) => {
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** `node ...args` with this process's Node. */
export function runNode(args: readonly string[], options?: RunOptions): Promise<ProcessResult> {
  return runProcess(process.execPath, args, options);
}

/** `tsx script ...args` with this process's Node. */
export function runTsx(
  script: string,
  args: readonly string[] = [],
  options?: RunOptions,
): Promise<ProcessResult> {
  return runNode([TSX_CLI, script, ...args], options);
}

export interface StartOptions {
  cwd?: string;
  /** As in `RunOptions`: the child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** A long-running program (a server, a CLI that waits): started, watched, stopped by the test. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  /**
   * Resolves with the first match of `pattern` in stdout; rejects if the program exits first or
   * nothing matches within `timeoutMs`, with everything it printed in the message.
   */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** The exit code (`null` after a signal), once the program has exited. */
  readonly exited: Promise<number | null>;
  /** Sends `signal` if the program still runs, and resolves with its exit code once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startProcess(
  command: string,
  args: readonly string[],
  options: StartOptions = {},
): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let output = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    output += chunk;
    changed();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    changed();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) => {
      if (child.pid === undefined) reject(error);
    });
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
      changed();
    });
  });
  // A test that never awaits `exited` must not see a start failure as an unhandled rejection;
  // waitFor and stop report it.
  exited.catch(() => {});

  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) finish(() => resolve(match));
          else if (exitCode !== undefined) {
            finish(() => reject(new Error(`exited with ${exitCode} before ${pattern}: ${output}`)));
          }
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${output}`))),
          timeoutMs,
        );
        listeners.add(check);
        exited.catch((error: unknown) => finish(() => reject(error)));
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (exitCode === undefined && child.pid !== undefined) child.kill(signal);
      return exited;
    },
  };
}
