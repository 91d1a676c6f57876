/** Where the specs live and which files make up "the specs". */

import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLATFORM_LIST, type Platform, platformInfo } from './platforms.js';

/** Repository root (this file is packages/spec-model/src/files.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const SPECS_DIR = join(REPO_ROOT, 'specs');

/** Files holding shared components only (no operations of their own). */
export const SHARED_SPEC_FILES: readonly string[] = Object.freeze(['common.yaml']);

export const SPEC_FILE_PATTERN = /\.ya?ml$/;

/** Absolute paths of every YAML file in `specDir`, the shared ones included, sorted. */
export function listSpecYamlFiles(specDir: string = SPECS_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(specDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => SPEC_FILE_PATTERN.test(n))
    .sort()
    .map((n) => join(specDir, n));
}

/**
 * Absolute paths of the spec files in `specDir`, sorted: every YAML file except the shared
 * ones. Fragments such as `alibaba-orders.part.yaml` count until they are merged (the coverage
 * tools must see them). Missing directory → [].
 */
export function listSpecFiles(specDir: string = SPECS_DIR): string[] {
  return listSpecYamlFiles(specDir).filter((f) => !SHARED_SPEC_FILES.includes(basename(f)));
}

/** Absolute path of a platform's spec file. */
export function platformSpecFile(platform: Platform | string): string {
  return join(REPO_ROOT, platformInfo(platform).spec);
}

/** Absolute paths of every platform's spec, in registry order. */
export function platformSpecFiles(): string[] {
  return PLATFORM_LIST.map((p) => join(REPO_ROOT, p.spec));
}
