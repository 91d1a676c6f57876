// Builds dist/: one Redocly page per spec plus an index linking them.
//
// Pages are built with --inlineBundle: without it, each page imports the Redoc script from
// Redocly's CDN, so the docs would be blank offline (and on this project's machines, which have
// no internet). The cost is ~2.5 MB per page instead of ~0.3 MB.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { distDir, REFERENCE_SPECS, type ReferenceSpec, readSpecInfo, repoRoot } from './specs.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const redoclyCli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

// Telemetry off both for the CLI run and for the page it renders (Redocly bakes the setting
// into the page); no update notice (it would try the network).
const redoclyEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

async function buildPage(page: ReferenceSpec): Promise<void> {
  const output = join(distDir, `${page.name}.html`);
  try {
    await run(
      process.execPath,
      [redoclyCli, 'build-docs', join(repoRoot, page.spec), '--inlineBundle', '-o', output],
      { env: redoclyEnv, cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly build-docs ${page.spec} failed:\n${stdout}${stderr}`);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function indexPage(): Promise<string> {
  const items: string[] = [];
  for (const page of REFERENCE_SPECS) {
    const info = await readSpecInfo(page.spec);
    items.push(
      `    <li><a href="./${page.name}.html">${escapeHtml(page.label)}</a> — ` +
        `${escapeHtml(info.title)}, ${info.operations.length} operations</li>`,
    );
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>PandaPon OpenAPI reference</title>
  <style>body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }</style>
</head>
<body>
  <h1>PandaPon OpenAPI reference</h1>
  <p>Every operation the PandaPon SDK clients can call, from the specs in <code>specs/</code>.</p>
  <ul>
${items.join('\n')}
  </ul>
</body>
</html>
`;
}

async function main(): Promise<void> {
  await rm(distDir, { recursive: true, force: true });
  await mkdir(distDir, { recursive: true });
  await Promise.all(REFERENCE_SPECS.map(buildPage));
  await writeFile(join(distDir, 'index.html'), await indexPage());
  console.log(`reference: ${REFERENCE_SPECS.length} pages + index.html in ${distDir}`);
}

await main();
