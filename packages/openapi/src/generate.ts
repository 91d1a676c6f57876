// Writes generated/: per platform and merged, the bundled OpenAPI document as YAML and JSON.
//
//   tsx src/generate.ts           regenerate
//   tsx src/generate.ts --check   exit 1 when generated/ differs from what specs/ produce
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildFiles, existingFiles, staleFiles } from './files.js';
import { generatedDir, repoRoot } from './platforms.js';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await buildFiles();
  const where = relative(repoRoot, generatedDir);
  if (check) {
    const stale = await staleFiles(files);
    if (stale.length > 0) {
      console.error(
        `${where} is stale (${stale.join(', ')}): run \`pnpm generate\` and commit the result.`,
      );
      process.exitCode = 1;
      return;
    }
    console.log(`${where}: ${files.size} files up to date`);
    return;
  }
  await mkdir(generatedDir, { recursive: true });
  for (const name of await existingFiles()) {
    if (!files.has(name)) await rm(join(generatedDir, name));
  }
  for (const [name, content] of files) await writeFile(join(generatedDir, name), content);
  console.log(`${where}: wrote ${files.size} files`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
