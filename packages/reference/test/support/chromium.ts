// Headless Chromium for the browser tests, driven by playwright-core (which downloads no browser
// of its own). Which Chromium: $CHROMIUM_PATH if set, else the system's /usr/bin/chromium if
// present, else the one @sparticuz/chromium brought in with `pnpm install`.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { bundledChromiumSupported, unpackBundledChromium } from './bundled-chromium.js';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type ChromiumChoice =
  | { readonly source: 'CHROMIUM_PATH' | 'system'; readonly path: string }
  | { readonly source: 'bundled' };

export interface ChromiumSituation {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly exists: (path: string) => boolean;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
}

const here: ChromiumSituation = {
  env: process.env,
  exists: existsSync,
  platform: process.platform,
  arch: process.arch,
};

/**
 * Never skips: a reference site nobody opened in a browser is untested. A CHROMIUM_PATH that
 * names nothing is a mistake to report, not a reason to quietly use another browser.
 */
export function chooseChromium(situation: ChromiumSituation = here): ChromiumChoice {
  const fromEnv = situation.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!situation.exists(fromEnv)) {
      throw new Error(`CHROMIUM_PATH is ${fromEnv}, but there is no file there`);
    }
    return { source: 'CHROMIUM_PATH', path: fromEnv };
  }
  if (situation.exists(SYSTEM_CHROMIUM)) return { source: 'system', path: SYSTEM_CHROMIUM };
  if (bundledChromiumSupported(situation.platform, situation.arch)) return { source: 'bundled' };
  throw new Error(
    `No Chromium for the reference test: ${SYSTEM_CHROMIUM} does not exist and the bundled ` +
      `@sparticuz/chromium runs on Linux x64 only (this is ${situation.platform} ` +
      `${situation.arch}). Point CHROMIUM_PATH at a Chromium or Chrome binary.`,
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

async function executableFor(
  choice: ChromiumChoice,
): Promise<{ executablePath: string; env: Record<string, string> }> {
  if (choice.source !== 'bundled') return { executablePath: choice.path, env: {} };
  return unpackBundledChromium();
}

/** Launches Chromium with a fresh profile, deleted again on close. */
export async function launchChromium(choice: ChromiumChoice = chooseChromium()): Promise<Browser> {
  const { executablePath, env } = await executableFor(choice);
  const profile = await mkdtemp(join(tmpdir(), 'pandapon-reference-chromium-'));
  try {
    // A persistent context is how playwright takes a --user-data-dir of our choosing.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      env: { ...process.env, ...env },
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
    throw new Error(`Could not launch Chromium (${choice.source}: ${executablePath})`, {
      cause: error,
    });
  }
}
