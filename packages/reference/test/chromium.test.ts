// Which Chromium the browser test uses, and that the one installed by `pnpm install` really runs.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledChromiumSupported,
  DEFAULT_CACHE_ROOT,
  unpackBundledChromium,
} from './support/bundled-chromium.js';
import { type ChromiumSituation, chooseChromium, SYSTEM_CHROMIUM } from './support/chromium.js';

function situation(
  overrides: Partial<ChromiumSituation> & { files?: string[] },
): ChromiumSituation {
  const files = new Set(overrides.files ?? []);
  return {
    env: {},
    exists: (path) => files.has(path),
    platform: 'linux',
    arch: 'x64',
    ...overrides,
  };
}

describe('chooseChromium', () => {
  it('takes CHROMIUM_PATH first, even with a system Chromium present', () => {
    const choice = chooseChromium(
      situation({ env: { CHROMIUM_PATH: '/opt/chrome' }, files: ['/opt/chrome', SYSTEM_CHROMIUM] }),
    );
    expect(choice).toEqual({ source: 'CHROMIUM_PATH', path: '/opt/chrome' });
  });

  it('fails on a CHROMIUM_PATH that names nothing rather than quietly using another browser', () => {
    expect(() =>
      chooseChromium(
        situation({ env: { CHROMIUM_PATH: '/nope/chrome' }, files: [SYSTEM_CHROMIUM] }),
      ),
    ).toThrow('CHROMIUM_PATH is /nope/chrome, but there is no file there');
  });

  it("uses the system's /usr/bin/chromium when there is one", () => {
    expect(chooseChromium(situation({ files: [SYSTEM_CHROMIUM] }))).toEqual({
      source: 'system',
      path: SYSTEM_CHROMIUM,
    });
  });

  it('falls back to the bundled Chromium on Linux x64 (a fresh machine: only Node and npm)', () => {
    expect(chooseChromium(situation({}))).toEqual({ source: 'bundled' });
    expect(chooseChromium(situation({ env: { CHROMIUM_PATH: '' } }))).toEqual({
      source: 'bundled',
    });
  });

  it('fails, naming CHROMIUM_PATH, where no Chromium can be had', () => {
    for (const [platform, arch] of [
      ['darwin', 'arm64'],
      ['linux', 'arm64'],
      ['win32', 'x64'],
    ] as const) {
      expect(() => chooseChromium(situation({ platform, arch }))).toThrow(
        /runs on Linux x64 only .* Point CHROMIUM_PATH at a Chromium/,
      );
    }
  });
});

describe('the bundled Chromium', () => {
  const scratch = join(DEFAULT_CACHE_ROOT, '..', 'pandapon-chromium-race-test');
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('unpacks, launches, and renders with its own fonts', async () => {
    if (!bundledChromiumSupported()) {
      await expect(unpackBundledChromium()).rejects.toThrow('Linux x64 only');
      return;
    }
    const { executablePath, env } = await unpackBundledChromium();
    const browser = await chromium.launch({
      executablePath,
      env: { ...process.env, ...env },
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      expect(browser.version()).toMatch(/^143\./);
      const page = await browser.newPage();
      await page.setContent(`<p id="t" style="font-family: 'Open Sans'">PandaPon</p>`);
      // A machine without fonts lays text out zero pixels high; the bundled Open Sans must be
      // what the browser actually drew with.
      const cdp = await page.context().newCDPSession(page);
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', {
        nodeId: root.nodeId,
        selector: '#t',
      });
      await cdp.send('CSS.enable');
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.map((font) => font.familyName)).toEqual(['Open Sans']);
      expect((await page.locator('#t').boundingBox())?.height).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('unpacks completely even when two runs race, leaving no partial folders', async () => {
    if (!bundledChromiumSupported()) {
      await expect(unpackBundledChromium(scratch)).rejects.toThrow('Linux x64 only');
      return;
    }
    const [a, b] = await Promise.all([
      unpackBundledChromium(scratch),
      unpackBundledChromium(scratch),
    ]);
    expect(a).toEqual(b);
    expect(await readdir(scratch)).toEqual([expect.stringMatching(/^143\.\d+\.\d+$/)]);
    const browser = await chromium.launch({
      executablePath: a.executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    await browser.close();
  });
});
