/**
 * Bundling: one spec file as a self-contained document. What other files it `$ref`s (the shared
 * pieces in common.yaml) is copied into its own `components`, under the same section and name,
 * and the refs are rewritten to point there; refs within the file stay as they are. Published
 * packages that read specs at run time (the sandbox) ship such bundles.
 */

import { resolve } from 'node:path';
import { isRecord, pointerTokens, SpecResolver, splitRef } from './resolver.js';

type Json = Record<string, unknown>;

/** The document at `file`, with every external `$ref` pulled into its `components`. */
export function bundleSpec(file: string, resolver = new SpecResolver()): Json {
  const root = resolve(file);
  const doc = resolver.load(root);
  if (!isRecord(doc)) {
    throw new Error(`${root}: cannot bundle: ${resolver.problems.join('; ') || 'not an object'}`);
  }
  const ownComponents = isRecord(doc.components) ? doc.components : {};
  /** `file#pointer` of an imported target → its local ref. */
  const imported = new Map<string, string>();
  const taken = new Set<string>();
  const pending: { section: string; name: string; node: unknown; file: string }[] = [];

  /** Whether the file's own entry is nothing but a ref to `target` (a forwarding entry). */
  const forwardsTo = (entry: unknown, target: string): boolean =>
    isRecord(entry) &&
    Object.keys(entry).every((key) => key === '$ref' || key === 'description') &&
    typeof entry.$ref === 'string' &&
    (() => {
      const { file: f, pointer } = splitRef(entry.$ref, root);
      return `${f}#${pointer}` === target;
    })();

  const importRef = (targetFile: string, pointer: string, ref: string): string => {
    const key = `${targetFile}#${pointer}`;
    const known = imported.get(key);
    if (known) return known;
    const parts = pointer.split('/');
    const [, components, section, ...rest] = parts;
    if (components !== 'components' || section === undefined || rest.length !== 1) {
      throw new Error(`${root}: cannot bundle $ref ${ref}: only components can be referenced`);
    }
    const target = resolver.resolveRef(`#${pointer}`, targetFile);
    if (!target) throw new Error(`${root}: cannot bundle: unresolvable $ref ${ref}`);
    const wanted = pointerTokens(`/${rest[0] as string}`)[0] as string;
    const existing = isRecord(ownComponents[section]) ? ownComponents[section] : {};
    let name = wanted;
    for (let suffix = 2; ; suffix++) {
      const free = existing[name] === undefined || forwardsTo(existing[name], key);
      if (free && !taken.has(`${section}/${name}`)) break;
      name = `${wanted}-${suffix}`;
    }
    taken.add(`${section}/${name}`);
    const local = `#/components/${section}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    imported.set(key, local);
    pending.push({ section, name, node: target.node, file: target.file });
    return local;
  };

  const localize = (node: unknown, fromFile: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => localize(item, fromFile));
    if (!isRecord(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const { file: targetFile, pointer } = splitRef(value, fromFile);
        out.$ref = targetFile === root ? `#${pointer}` : importRef(targetFile, pointer, value);
      } else {
        out[key] = localize(value, fromFile);
      }
    }
    return out;
  };

  const bundled = localize(doc, root) as Json;
  const components = (isRecord(bundled.components) ? bundled.components : {}) as Json;
  bundled.components = components;
  // Imported pieces may import more (their own refs); each is copied once.
  for (let next = pending.shift(); next; next = pending.shift()) {
    const section = (isRecord(components[next.section]) ? components[next.section] : {}) as Json;
    components[next.section] = section;
    section[next.name] = localize(next.node, next.file);
  }
  const broken = brokenLocalRefs(bundled);
  if (broken.length > 0) {
    throw new Error(`${root}: cannot bundle: unresolvable $ref ${broken.join(', ')}`);
  }
  return bundled;
}

/** Local `$ref`s of `doc` that point nowhere inside it (each once). */
function brokenLocalRefs(doc: Json): string[] {
  const broken = new Set<string>();
  const lookup = (pointer: string): unknown => {
    let node: unknown = doc;
    for (const token of pointerTokens(pointer)) {
      if (Array.isArray(node)) node = node[Number(token)];
      else if (isRecord(node)) node = node[token];
      else return undefined;
    }
    return node;
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (isRecord(node)) {
      if (typeof node.$ref === 'string' && lookup(node.$ref.slice(1)) === undefined) {
        broken.add(node.$ref);
      }
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(doc);
  return [...broken];
}
