/** Ready-made indexes: over the repository's own specs, or over spec texts held in memory. */

import { listSpecFiles, platformSpecFile } from './files.js';
import type { Platform } from './platforms.js';
import { SpecResolver } from './resolver.js';
import { buildSpecIndex, type SpecIndex } from './spec-index.js';

/** Throws listing every problem (unreadable file, broken ref, malformed extension). */
export function assertNoProblems(index: SpecIndex): SpecIndex {
  const { problems } = index;
  if (problems.length > 0) {
    throw new Error(`The specs have problems:\n  ${problems.join('\n  ')}`);
  }
  return index;
}

/**
 * The index of one platform's spec (with common.yaml's shared pieces); throws on problems or an
 * unknown platform.
 */
export function loadPlatformIndex(
  platform: Platform | string,
  resolver = new SpecResolver(),
): SpecIndex {
  return assertNoProblems(buildSpecIndex([platformSpecFile(platform)], resolver));
}

/** The index of every spec file in specs/ (see listSpecFiles); problems are left to the caller. */
export function loadSpecIndex(specDir?: string, resolver = new SpecResolver()): SpecIndex {
  return buildSpecIndex(listSpecFiles(specDir), resolver);
}

/**
 * The index of spec texts held in memory (file name → YAML) under a virtual /specs directory:
 * every file but common.yaml is a spec, and refs between them resolve as on disk. For tests that
 * edit a spec without touching disk. Problems are left to the caller.
 */
export function specIndexFromTexts(files: Readonly<Record<string, string>>): SpecIndex {
  const texts = new Map(Object.entries(files).map(([name, text]) => [`/specs/${name}`, text]));
  const resolver = new SpecResolver((path) => {
    const text = texts.get(path);
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  });
  return buildSpecIndex(
    [...texts.keys()].filter((path) => !path.endsWith('/common.yaml')),
    resolver,
  );
}
