// The Chromium that comes with `pnpm install`: @sparticuz/chromium ships a brotli-compressed
// headless Chromium for Linux x64 (plus fonts and a software GL) inside the npm package, so the
// browser test needs nothing but Node and the package manager.
//
// The package unpacks into os.tmpdir() and reuses whatever already sits at /tmp/chromium, whichever
// version or half-written file that is. We unpack it instead into a version-keyed folder of our
// own, under node_modules/.cache: a fresh folder per attempt, renamed into place only when
// complete, so a killed run or two runs at once never leave a broken browser behind.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@pandapon/test-support';

const PACKAGE = '@sparticuz/chromium';
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Where the unpacked browsers live: ignored by git, removed with node_modules. */
export const DEFAULT_CACHE_ROOT = join(packageRoot, 'node_modules', '.cache', 'pandapon-chromium');

/** The bundled browser runs only where its binary was built for. */
export function bundledChromiumSupported(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): boolean {
  return platform === 'linux' && arch === 'x64';
}

export interface UnpackedChromium {
  readonly executablePath: string;
  /** Environment for the browser process: its fontconfig file, naming the bundled fonts. */
  readonly env: Record<string, string>;
}

async function bundledVersion(): Promise<string> {
  // The package exports no ./package.json; its entry point sits at build/cjs/index.cjs.
  const entry = require.resolve(PACKAGE);
  const manifest = join(dirname(entry), '..', '..', 'package.json');
  const { name, version } = JSON.parse(await readFile(manifest, 'utf8')) as {
    name?: string;
    version?: string;
  };
  if (name !== PACKAGE || !version) throw new Error(`${manifest} is not ${PACKAGE}'s manifest`);
  return version;
}

/**
 * Runs the package's own unpacker in a child process whose TMPDIR is `into`: that is the one
 * knob it has for where the files go.
 */
async function unpackInto(into: string): Promise<void> {
  const script = `import c from '${PACKAGE}'; process.stdout.write(await c.executablePath());`;
  const unpacked = await runNode(['--input-type=module', '--eval', script], {
    cwd: packageRoot,
    env: { ...process.env, TMPDIR: into },
    timeoutMs: 120_000,
  });
  if (unpacked.code !== 0) {
    const how = unpacked.timedOut ? 'ran past 120 s' : `exited with ${unpacked.code}`;
    throw new Error(`${PACKAGE}'s unpacker ${how}: ${unpacked.stderr}`);
  }
  const { stdout } = unpacked;
  if (stdout !== join(into, 'chromium')) {
    throw new Error(`${PACKAGE} unpacked to ${JSON.stringify(stdout)}, expected ${into}/chromium`);
  }
}

/** Our fonts.conf: the bundled fonts first (a machine may have none), then the system's. */
function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(dir, 'fonts', 'fonts')}</dir>`,
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

const FONTS_CONF = 'pandapon-fonts.conf';

function launchSpecIn(dir: string): UnpackedChromium {
  return {
    executablePath: join(dir, 'chromium'),
    env: { FONTCONFIG_FILE: join(dir, FONTS_CONF) },
  };
}

/** Unpacks the bundled Chromium once per version and returns how to launch it. */
export async function unpackBundledChromium(
  cacheRoot: string = DEFAULT_CACHE_ROOT,
): Promise<UnpackedChromium> {
  if (!bundledChromiumSupported()) {
    throw new Error(
      `${PACKAGE} ships a Chromium for Linux x64 only (this is ${process.platform} ${process.arch})`,
    );
  }
  const final = join(cacheRoot, await bundledVersion());
  if (existsSync(join(final, FONTS_CONF))) return launchSpecIn(final);

  await mkdir(cacheRoot, { recursive: true });
  const partial = await mkdtemp(join(cacheRoot, '.partial-'));
  try {
    await unpackInto(partial);
    // Written last: its presence in `final` marks a complete unpack. Paths name `final`, where
    // the folder will live after the rename.
    await writeFile(join(partial, FONTS_CONF), fontsConf(final));
    try {
      await rename(partial, final);
    } catch (error) {
      // Another run finished first (the target exists and is not empty): use its copy.
      if (!existsSync(join(final, FONTS_CONF))) throw error;
    }
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return launchSpecIn(final);
}
