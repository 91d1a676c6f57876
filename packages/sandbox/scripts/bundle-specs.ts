/**
 * Bundles every platform's spec (the platform registry in @pandapon/spec-model, whose
 * bundleSpec does the work) into self-contained JSON documents: the external `$ref`s into
 * common.yaml are pulled into each document's own `components`, internal `$ref`s stay as they
 * are (the sandbox's validator resolves them).
 *
 * Usage (the package's build step runs it after tsup):
 *   tsx scripts/bundle-specs.ts [outDir]     default outDir: dist/specs
 *
 * The installed package reads `dist/specs/*.json`, so it works without the repository's
 * `specs/` folder. Tests call `bundleSpecs()` directly on the repository's specs instead.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSpec, PLATFORMS, SPECS_DIR } from '@pandapon/spec-model';
import { SPEC_NAMES, type SpecName } from '../src/spec/types.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_SPECS_DIR = SPECS_DIR;

/** Bundles every platform spec found in `specsDir`; a missing or unresolvable spec is an error. */
export async function bundleSpecs(specsDir = REPO_SPECS_DIR): Promise<Record<SpecName, object>> {
  // An unresolved $ref or a YAML error throws: shipping such a spec would make the sandbox
  // answer "unknown operation" for whatever it lost, so the build stops instead.
  const entries = SPEC_NAMES.map(
    (name) => [name, bundleSpec(join(specsDir, basename(PLATFORMS[name].spec)))] as const,
  );
  return Object.fromEntries(entries) as Record<SpecName, object>;
}

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? join(packageDir, 'dist', 'specs'));
  const specs = await bundleSpecs();
  await mkdir(outDir, { recursive: true });
  for (const name of SPEC_NAMES) {
    await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(specs[name])}\n`);
  }
  console.log(`bundled ${SPEC_NAMES.length} specs into ${outDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
