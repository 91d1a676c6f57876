import { resolve } from 'node:path';
import { REPO_ROOT } from '@pandapon/spec-model';

export { REPO_ROOT, SPECS_DIR } from '@pandapon/spec-model';

/**
 * The stored doc-page copies live outside the repository, beside it:
 * `../shared/docs/pandapon/{catalog.json,pages/}` and `../shared/docs/seeds/`.
 */
export const DOCS_ROOT = resolve(REPO_ROOT, '..', 'shared', 'docs');
