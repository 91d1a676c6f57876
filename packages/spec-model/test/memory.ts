import { SpecResolver } from '../src/resolver.js';
import { buildSpecIndex, type SpecIndex } from '../src/spec-index.js';

/** An index over in-memory YAML (file name → text) under a virtual /specs directory. */
export function memoryIndex(files: Record<string, string>): SpecIndex {
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
