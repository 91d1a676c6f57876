import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isObject,
  type OpenApiDocument,
  SPEC_NAMES,
  type SpecDocuments,
  type SpecName,
} from './types.js';

/** Where the build puts the bundled specs: `dist/specs/`, next to the running module. */
export function shippedSpecsDir(): string {
  // tsup's `shims` gives the CJS build an import.meta.url too.
  return join(dirname(fileURLToPath(import.meta.url)), 'specs');
}

/**
 * The specs to serve: the `specs` option if given (already-bundled documents, e.g. from
 * scripts/bundle-specs.ts), else `<specsDir>/<name>.json` for all four platforms.
 */
export function loadSpecs(
  specs: SpecDocuments | undefined,
  specsDir: string | undefined,
): Map<SpecName, OpenApiDocument> {
  const loaded = new Map<SpecName, OpenApiDocument>();
  if (specs !== undefined) {
    if (!isObject(specs)) throw new TypeError('specs must be an object keyed by platform name');
    for (const [name, doc] of Object.entries(specs)) {
      if (!(SPEC_NAMES as readonly string[]).includes(name)) {
        throw new TypeError(`specs.${name} is not a platform; expected ${SPEC_NAMES.join(', ')}`);
      }
      if (doc === undefined) continue;
      if (!isObject(doc) || !isObject(doc.paths)) {
        throw new TypeError(`specs.${name} must be a bundled OpenAPI document with paths`);
      }
      loaded.set(name as SpecName, doc as OpenApiDocument);
    }
    if (loaded.size === 0) throw new TypeError('specs must hold at least one document');
    return loaded;
  }
  const dir = specsDir ?? shippedSpecsDir();
  for (const name of SPEC_NAMES) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) {
      throw new Error(
        `bundled spec ${file} not found: build the package (it bundles the specs into dist/specs) ` +
          'or pass the specs / specsDir option',
      );
    }
    const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isObject(doc) || !isObject(doc.paths))
      throw new Error(`${file} is not an OpenAPI document`);
    loaded.set(name, doc as OpenApiDocument);
  }
  return loaded;
}
