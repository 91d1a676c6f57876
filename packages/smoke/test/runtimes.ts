// Where the JavaScript runtimes the smoke consumers run on live. Deno and Bun come from the npm
// registry (devDependencies `deno`, `bun`): each ships its binary in a per-platform optional
// dependency. pnpm does not run their postinstall scripts (not in onlyBuiltDependencies), so the
// binary is taken straight from that platform package instead of the wrappers' bin scripts.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Runtime {
  readonly name: 'node' | 'deno' | 'bun';
  /** Command and leading arguments; the consumer script path is appended. */
  readonly command: readonly string[];
}

const require = createRequire(import.meta.url);

/** The directory of a wrapper package, followed through pnpm's symlink to where its deps are. */
function packageDir(name: string): string {
  return realpathSync(dirname(require.resolve(`${name}/package.json`)));
}

function platformBinary(wrapper: string, platformPackage: string, binary: string): string {
  const fromWrapper = createRequire(join(packageDir(wrapper), 'package.json'));
  try {
    return join(dirname(fromWrapper.resolve(`${platformPackage}/package.json`)), binary);
  } catch {
    throw new Error(
      `${wrapper}: no binary package ${platformPackage} installed for ${process.platform}-${process.arch}` +
        ' (run pnpm install; is this platform one the package supports?)',
    );
  }
}

function denoBinary(): string {
  const os = process.platform === 'win32' ? 'win32' : process.platform;
  const libc = process.platform === 'linux' ? '-glibc' : '';
  const exe = process.platform === 'win32' ? 'deno.exe' : 'deno';
  return platformBinary('deno', `@deno/${os}-${process.arch}${libc}`, exe);
}

function bunBinary(): string {
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const exe = process.platform === 'win32' ? 'bin/bun.exe' : 'bin/bun';
  return platformBinary('bun', `@oven/bun-${os}-${arch}`, exe);
}

export const NODE: Runtime = { name: 'node', command: [process.execPath] };

export function deno(): Runtime {
  // The consumers need: reading node_modules, env (process.env), loopback for the sandbox, and
  // os info that node:os / node:http polyfills query. --no-lock: no deno.lock in the repo.
  return {
    name: 'deno',
    command: [
      denoBinary(),
      'run',
      '--no-lock',
      '--no-prompt',
      '--allow-read',
      '--allow-env',
      '--allow-sys',
      '--allow-net=127.0.0.1',
    ],
  };
}

export function bun(): Runtime {
  return { name: 'bun', command: [bunBinary()] };
}
