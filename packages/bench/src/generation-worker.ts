// Child process of (d): a cold type generation, in a fresh process so module loading
// (openapi-typescript, yaml) is counted as a developer running `pnpm generate` pays it. Renders
// every platform with the repository's own generator into <outDir>, never into the packages.
// Prints one JSON line of timings.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: generation-worker <outDir>');

const importStarted = performance.now();
const { PLATFORMS, renderPlatform } = await import('../../../scripts/generate-types.js');
const importMs = performance.now() - importStarted;

const platformMs: Record<string, number> = {};
const renderStarted = performance.now();
for (const platform of Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[]) {
  const started = performance.now();
  const files = await renderPlatform(platform);
  const dir = join(outDir, platform);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  platformMs[platform] = performance.now() - started;
}
const renderMs = performance.now() - renderStarted;
console.log(JSON.stringify({ importMs, renderMs, platformMs }));
