import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is scripts/lib/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SPECS_DIR = resolve(REPO_ROOT, 'specs');

/**
 * The stored doc-page copies live outside the repository, beside it:
 * `../shared/docs/pandapon/{catalog.json,pages/}` and `../shared/docs/seeds/`.
 */
export const DOCS_ROOT = resolve(REPO_ROOT, '..', 'shared', 'docs');
