// Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core (which
// ships no browser of its own, so nothing is downloaded).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/** Where Chromium lives: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Never skips: a reference site nobody opened in a browser is untested, so a missing Chromium
 * fails the test with the command that fixes it.
 */
export function assertChromiumInstalled(path = chromiumPath()): void {
  if (existsSync(path)) return;
  const where = process.env.CI === 'true' ? 'CI must install it (.ci/run)' : 'install it';
  throw new Error(
    `Chromium not found at ${path}: the reference site is tested in a real browser, so ${where}` +
      ` as root with \`${CHROMIUM_INSTALL_COMMAND}\` (or point CHROMIUM_PATH at a Chromium binary).`,
  );
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile, deleted again on close. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  assertChromiumInstalled(executablePath);
  const profile = await mkdtemp(join(tmpdir(), 'pandapon-reference-chromium-'));
  try {
    // A persistent context is how playwright takes a --user-data-dir of our choosing.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: LAUNCH_ARGS,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
