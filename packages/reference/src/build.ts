// Builds dist/: one Redocly page per spec plus an index linking them.
//
// Pages are built with --inlineBundle: without it, each page imports the Redoc script from
// Redocly's CDN, so the docs would be blank offline (and on this project's machines, which have
// no internet). The cost is ~2.5 MB per page instead of ~0.3 MB.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redocly } from '@pandapon/spec-model';
import { distDir, REFERENCE_SPECS, type ReferenceSpec, readSpecInfo, repoRoot } from './specs.js';

async function buildPage(page: ReferenceSpec): Promise<void> {
  const output = join(distDir, `${page.name}.html`);
  // No time limit (0): a page with the whole Redoc bundle inlined takes what it takes.
  const { exitCode, stdout, stderr } = await redocly(
    ['build-docs', join(repoRoot, page.spec), '--inlineBundle', '-o', output],
    0,
  );
  if (exitCode !== 0) {
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
