// Opens the built reference site in headless Chromium, offline, and checks that every operation
// of every spec renders: each one listed in its page's sidebar and shown on its own route.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, REFERENCE_SPECS, readSpecInfo, type SpecOperation } from '../src/specs.js';
import { type Browser, launchChromium } from './support/chromium.js';
import { type StaticServer, serveDirectory } from './support/static-server.js';

let server: StaticServer;
let browser: Promise<Browser> | undefined;

// Launched on first use rather than in beforeAll, so a browser that cannot start fails each
// browser test with its own clear message instead of a hook error.
function getBrowser(): Promise<Browser> {
  browser ??= launchChromium();
  return browser;
}

beforeAll(async () => {
  server = await serveDirectory(distDir);
});

afterAll(async () => {
  await server?.close();
  await (await browser?.catch(() => undefined))?.close();
});

/** What a page did that it must not: script errors, and any reach beyond loopback. */
interface PageWatch {
  readonly pageErrors: string[];
  /** External requests other than images (the Redocly logo is one; it is cosmetic). */
  readonly externalLoads: string[];
}

async function openPage(url: string): Promise<{ page: Page; watch: PageWatch }> {
  const { context } = await getBrowser();
  const page = await context.newPage();
  const watch: PageWatch = { pageErrors: [], externalLoads: [] };
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  // No internet on CI, and docs must work offline anyway: refuse everything off loopback.
  await page.route('**/*', (route) => {
    const request = route.request();
    if (new URL(request.url()).hostname === '127.0.0.1') return route.continue();
    if (request.resourceType() !== 'image') {
      watch.externalLoads.push(`${request.resourceType()} ${request.url()}`);
    }
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch };
}

/** Redoc's page is server-rendered; routing and the sidebar work only once React hydrated it. */
async function waitForHydration(page: Page, watch: PageWatch): Promise<void> {
  try {
    await page.waitForFunction(() => {
      const root = document.getElementById('redoc');
      return root !== null && Object.keys(root).some((key) => key.startsWith('__reactContainer'));
    });
  } catch {
    // Usually the Redoc script was meant to come from a CDN (a build without --inlineBundle).
    throw new Error(
      `Redoc never hydrated the page. Blocked external loads: ${JSON.stringify(watch.externalLoads)}; ` +
        `page errors: ${JSON.stringify(watch.pageErrors)}`,
    );
  }
}

interface SidebarLink {
  readonly href: string;
  readonly text: string;
}

/**
 * Expands each tag in the sidebar and returns every operation link listed under it. Redoc
 * collapses other groups as you go, so links are gathered tag by tag.
 */
async function sidebarOperationLinks(page: Page, tags: readonly string[]): Promise<SidebarLink[]> {
  const menu = page.locator('.menu-content');
  const found = new Map<string, SidebarLink>();
  for (const tag of tags) {
    const tagLink = menu.locator('a[href^="/"]', { hasText: exactText(tag) }).first();
    if ((await tagLink.count()) === 0) throw new Error(`tag "${tag}" is not in the sidebar`);
    // The tag's own link is "/<slug>"; its operations are routed "#/<slug>/<operation>".
    const prefix = `#${await tagLink.getAttribute('href')}/`;
    const operationLinks = menu.locator(`a[href^="${prefix}"]`);
    if ((await operationLinks.count()) === 0) await tagLink.click();
    await operationLinks.first().waitFor();
    const links = await operationLinks.evaluateAll((elements) =>
      elements.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })),
    );
    for (const link of links) found.set(link.href, link);
  }
  return [...found.values()];
}

/** Matches an element whose whole text is `text`, optionally followed by a badge. */
function exactText(text: string, badge = ''): RegExp {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*${literal(text)}\\s*${badge ? `(?:${literal(badge)})?` : ''}\\s*$`);
}

/** Opens an operation's route and reports what is wrong with it, if anything. */
async function checkOperationRoute(
  page: Page,
  baseUrl: string,
  href: string,
  op: SpecOperation,
): Promise<string | undefined> {
  await page.goto(baseUrl + href);
  // Redoc puts a deep-link anchor inside each heading, so match the heading's text, not its
  // accessible name ("link to …").
  // Webhooks carry a "Webhook" badge inside the heading.
  const heading = page.locator('h2', {
    hasText: exactText(op.summary, op.webhook ? 'Webhook' : ''),
  });
  const notFound = page.locator('h1', { hasText: 'No page at this address' });
  await heading.or(notFound).first().waitFor();
  if (await notFound.isVisible()) return `${op.operationId}: ${href} shows Redoc's 404 page`;
  // A webhook's page names no path (its key is the message type, which Redoc does not show).
  if (op.webhook) return undefined;
  const shown = (await page.locator('main').textContent()) ?? '';
  if (!shown.includes(op.path)) return `${op.operationId}: ${href} does not show ${op.path}`;
  return undefined;
}

describe('reference site', () => {
  it('has an index linking the four pages, each titled after its spec', async () => {
    const { page } = await openPage(`${server.origin}/`);
    try {
      for (const ref of REFERENCE_SPECS) {
        const { title } = await readSpecInfo(ref.spec);
        await page.goto(`${server.origin}/`);
        await page.getByRole('link', { name: ref.label }).click();
        await page.waitForURL(`${server.origin}/${ref.name}.html`);
        expect(await page.title()).toBe(title);
      }
      expect(server.misses).toEqual([]);
    } finally {
      await page.close();
    }
  });

  describe.each(REFERENCE_SPECS)('page $name', (ref) => {
    it('renders every operation of the spec, offline', async () => {
      const file = join(distDir, `${ref.name}.html`);
      if (!existsSync(file)) throw new Error(`${file} is missing: run the reference build first`);
      const spec = await readSpecInfo(ref.spec);
      expect(spec.operations.length).toBeGreaterThan(0);

      const baseUrl = `${server.origin}/${ref.name}.html`;
      const { page, watch } = await openPage(baseUrl);
      try {
        await waitForHydration(page, watch);
        const usedTags = spec.tags.filter((tag) => spec.operations.some((op) => op.tag === tag));
        const links = await sidebarOperationLinks(page, usedTags);

        const problems: string[] = [];
        for (const op of spec.operations) {
          // Redoc routes an operation as #/<tag>/<operationId in lower case>.
          const link = links.find((l) => l.href.endsWith(`/${op.operationId.toLowerCase()}`));
          if (!link) {
            problems.push(`${op.operationId}: not in the sidebar`);
            continue;
          }
          if (!link.text.includes(op.summary)) {
            problems.push(`${op.operationId}: sidebar says "${link.text}", not "${op.summary}"`);
          }
          const problem = await checkOperationRoute(page, baseUrl, link.href, op);
          if (problem) problems.push(problem);
        }
        expect(problems).toEqual([]);
        expect(watch.pageErrors).toEqual([]);
        expect(watch.externalLoads).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
});
