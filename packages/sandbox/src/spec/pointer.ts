import { isObject, type JsonObject } from './types.js';

/** Encodes one JSON Pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((segment) => `/${escapePointerSegment(String(segment))}`).join('');
}

/** The node at `pointer` ("" or "/a/b") inside `root`, or undefined. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

/**
 * Follows a chain of internal `$ref`s ("#/components/...") starting at `pointer`, returning the
 * final node and where it lives. Bundled specs only hold internal refs; anything else is a bug
 * in the bundle and is reported as such.
 */
export function follow(root: unknown, pointer: string): { node: unknown; pointer: string } {
  let current = pointer;
  const seen = new Set<string>();
  for (;;) {
    const node = getAtPointer(root, current);
    if (!isObject(node) || typeof node.$ref !== 'string') return { node, pointer: current };
    const ref = node.$ref;
    if (!ref.startsWith('#')) throw new Error(`unsupported non-local $ref "${ref}" at ${current}`);
    if (seen.has(ref)) throw new Error(`circular $ref "${ref}" at ${current}`);
    seen.add(ref);
    current = ref.slice(1);
  }
}

/** Same as `follow`, for callers that only need the node. */
export function resolveNode(root: unknown, node: unknown): JsonObject | undefined {
  if (!isObject(node)) return undefined;
  if (typeof node.$ref !== 'string') return node;
  if (!node.$ref.startsWith('#')) throw new Error(`unsupported non-local $ref "${node.$ref}"`);
  const target = follow(root, node.$ref.slice(1)).node;
  return isObject(target) ? target : undefined;
}
