/**
 * Which files make up "the specs". Everything matching SPEC_FILE_PATTERN in specs/ except the
 * files listed in SHARED_SPEC_FILES. Fragments such as `alibaba-orders.part.yaml` count as part
 * of the set until they are merged; edit the two constants to change the set.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Files holding shared components only (no operations of their own). */
export const SHARED_SPEC_FILES: readonly string[] = ['common.yaml'];

export const SPEC_FILE_PATTERN = /\.ya?ml$/;

/** Absolute paths of the spec files in `specDir`, sorted. Missing directory → []. */
export function listSpecFiles(specDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(specDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => SPEC_FILE_PATTERN.test(n) && !SHARED_SPEC_FILES.includes(n))
    .sort()
    .map((n) => join(specDir, n));
}
