/**
 * Packs the package in the current directory exactly as `pnpm publish` would (`pnpm pack` into a
 * temporary folder) and checks the tarball is ready for the registry: LICENSE, repository (with
 * directory), homepage, bugs, keywords, source maps, a README whose links work on the npm page,
 * and bins that exist before any build (pnpm links them at install time).
 *
 * Usage (from a package folder, as its `check:package` script): tsx ../../scripts/check-package.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { checkPackedPackage, packageFiles, uncommittedBins } from './lib/package-check.js';
import { REPO_ROOT } from './lib/paths.js';
import { readTarball } from './lib/tarball.js';

interface Manifest {
  name?: string;
  private?: boolean;
  packageManager?: string;
  bin?: string | Record<string, string>;
  repository?: { url?: string };
  bugs?: { url?: string };
}

const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/** The pnpm running this script, else the version the repository pins, through npx. */
function pnpmCommand(root: Manifest): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(basename(execPath))) return [process.execPath, [execPath]];
  const pinned = root.packageManager ?? 'pnpm';
  return [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['-y', pinned]];
}

function main(): number {
  const dir = process.cwd();
  const manifest = readJson(join(dir, 'package.json'));
  const root = readJson(join(REPO_ROOT, 'package.json'));
  if (manifest.private) {
    console.error(
      `check-package: ${manifest.name} is private; only publishable packages are checked`,
    );
    return 1;
  }
  const repositoryUrl = root.repository?.url;
  const bugsUrl = root.bugs?.url;
  if (!repositoryUrl || !bugsUrl) {
    console.error('check-package: the root package.json needs repository.url and bugs.url');
    return 1;
  }

  const out = mkdtempSync(join(tmpdir(), 'pandapon-pack-'));
  try {
    const [command, prefix] = pnpmCommand(root);
    const packed = JSON.parse(
      execFileSync(command, [...prefix, 'pack', '--json', '--pack-destination', out], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    ) as { filename: string };
    const files = packageFiles(readTarball(readFileSync(packed.filename)));
    const problems = [
      ...uncommittedBins(manifest.bin, dir),
      ...checkPackedPackage(files, {
        directory: relative(REPO_ROOT, dir).split('\\').join('/'),
        licenseText: readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'),
        repositoryUrl,
        bugsUrl,
      }),
    ];
    if (problems.length > 0) {
      console.error(`check-package FAILED for ${manifest.name} (${basename(packed.filename)}):`);
      for (const problem of problems) console.error(`  - ${problem}`);
      return 1;
    }
    console.log(`check-package: ${manifest.name} tarball ready (${files.size} files)`);
    return 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

process.exitCode = main();
