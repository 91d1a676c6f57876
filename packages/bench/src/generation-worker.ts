// Child process of (d): a cold type generation, in a fresh process so module loading
// (openapi-typescript, yaml) is counted as a developer running `pnpm generate` pays it. Renders
// every target with the repository's own generator into <outDir>, never into the packages.
// Prints one JSON line of timings.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: generation-worker <outDir>');

const importStarted = performance.now();
const { renderTarget } = await import('../../../scripts/generate/main.js');
const { TARGETS } = await import('../../../scripts/generate/targets.js');
const importMs = performance.now() - importStarted;

const platformMs: Record<string, number> = {};
const renderStarted = performance.now();
for (const target of TARGETS) {
  const started = performance.now();
  const files = await renderTarget(target);
  for (const [path, content] of Object.entries(files)) {
    const file = join(outDir, target.name, basename(path));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  platformMs[target.name] = performance.now() - started;
}
const renderMs = performance.now() - renderStarted;
console.log(JSON.stringify({ importMs, renderMs, platformMs }));
