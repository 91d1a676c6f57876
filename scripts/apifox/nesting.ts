/**
 * Rebuilds the nesting of a field table. The saved text lists every visible field on its own
 * lines with no indentation, so which object a field belongs to has to be inferred:
 *
 * - Apifox expands the properties of top-level objects (and arrays of objects) only; deeper
 *   containers are printed collapsed. So a container at depth >= 2 is assumed to have no
 *   children listed, unless the page's own example JSON shows the next key inside it.
 * - `{N}` after a container type (`array [object {3}]`) gives its property count: the next N
 *   fields are its children, exactly.
 * - For an object without a count (`object`, `object (FastAdress)`), the end of its children is
 *   found from, in order: a repeated name, the page's example JSON, the response envelope (its
 *   top level is a fixed set of names: `code`, `msg`… end `data`, any other name stays in it;
 *   likewise `messagePlatform`, `timestamp` around a callback's `messageBody`), caller hints
 *   (the spec's paths), and finally a guess that the field still belongs to the object (marked
 *   `nesting: 'guess'`, with the alternative path recorded so callers can accept either).
 */

import type { ExampleShape } from './partial-json.js';
import { arrayDepth, isContainerType, type TypeInfo } from './type-expr.js';
import type { NestingReason, PageField } from './types.js';

export interface RawEntry {
  name: string;
  type?: TypeInfo;
  required?: boolean;
  description?: string;
  defaultValue?: string;
  exampleValue?: string;
  enumValues?: string[];
  cut: boolean;
  line: number;
}

export interface NestingContext {
  /** Response bodies get the envelope rule. */
  kind: 'body' | 'response';
  example?: ExampleShape;
  hints?: ReadonlySet<string>;
  /** Containers deeper than this are taken as collapsed (Apifox default view: 1). */
  maxExpandedDepth?: number;
}

/** Top-level names of the response envelope. */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'requestId',
  'code',
  'developId',
  'msg',
  'data',
]);

/** Top-level names of a callback message (its page lists them as the "response"). */
export const CALLBACK_ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'messageType',
  'messageBody',
  'messagePlatform',
  'timestamp',
]);

interface Container {
  path: string;
  /** Path of the object whose properties are listed: `a` for an object, `a[]` for an array. */
  objectPath: string;
  /** The same, had a guessed parent ended earlier. */
  altObjectPath?: string;
  depth: number;
  remaining?: number;
  collapsed: boolean;
  children: Set<string>;
}

function childPath(parent: Container, name: string, useAlt = false): string {
  const base = useAlt ? (parent.altObjectPath ?? parent.objectPath) : parent.objectPath;
  return base === '' ? name : `${base}.${name}`;
}

type Decision = { stay: true; reason: NestingReason } | { stay: false };

export interface NestingResult {
  fields: PageField[];
  /** Object paths (`a`, `a[]`; '' = the root) whose properties the page lists. */
  expanded: string[];
}

export function assignNesting(entries: RawEntry[], ctx: NestingContext): NestingResult {
  const maxExpanded = ctx.maxExpandedDepth ?? 1;
  const root: Container = {
    path: '',
    objectPath: '',
    depth: 0,
    collapsed: false,
    children: new Set(),
  };
  const stack: Container[] = [root];
  const fields: PageField[] = [];
  const expanded = new Set<string>();

  const exampleKeys = (c: Container): Set<string> | undefined =>
    ctx.example?.keys.get(c.objectPath);

  const decide = (top: Container, parent: Container, name: string): Decision => {
    if (top.remaining === 0) return { stay: false };
    const inTop = exampleKeys(top)?.has(name) ?? false;
    const inParent = exampleKeys(parent)?.has(name) ?? false;
    if (top.collapsed) {
      return inTop && !inParent ? { stay: true, reason: 'example' } : { stay: false };
    }
    if (top.remaining !== undefined) return { stay: true, reason: 'count' };
    if (top.children.has(name)) return { stay: false };
    if (inTop) return { stay: true, reason: 'example' };
    // Seen one level up and not here: the container has ended. (A key merely missing from a
    // complete example object proves nothing: examples routinely leave optional fields out.)
    if (inParent) return { stay: false };
    // A response's top level is its envelope, a fixed set of names: once the root shows
    // envelope fields, an envelope name not yet seen ends `data`, any other name stays in it.
    if (ctx.kind === 'response' && parent === root) {
      for (const envelope of [ENVELOPE_FIELDS, CALLBACK_ENVELOPE_FIELDS]) {
        if (![...root.children].some((n) => envelope.has(n))) continue;
        if (!envelope.has(name)) return { stay: true, reason: 'envelope' };
        if (!root.children.has(name)) return { stay: false };
      }
    }
    if (ctx.hints) {
      const hereKnown = ctx.hints.has(childPath(top, name));
      const outsideKnown = ctx.hints.has(childPath(parent, name));
      if (hereKnown && !outsideKnown) return { stay: true, reason: 'hint' };
      if (outsideKnown && !hereKnown) return { stay: false };
    }
    if (parent.children.has(name)) return { stay: true, reason: 'duplicate' };
    return { stay: true, reason: 'guess' };
  };

  for (const entry of entries) {
    let reason: NestingReason = 'top-level';
    for (;;) {
      const top = stack[stack.length - 1] as Container;
      if (top === root) break;
      const parent = stack[stack.length - 2] as Container;
      const d = decide(top, parent, entry.name);
      if (d.stay) {
        reason = d.reason;
        break;
      }
      stack.pop();
    }
    const parent = stack[stack.length - 1] as Container;
    if (parent === root) reason = 'top-level';
    const path = childPath(parent, entry.name);
    const guessed = reason === 'guess';
    // The alternative: the guessed container ended just before this field.
    let alternativePath: string | undefined;
    if (guessed) {
      const grand = stack[stack.length - 2] as Container;
      alternativePath = childPath(grand, entry.name, true);
    } else if (parent.altObjectPath !== undefined) {
      alternativePath = childPath(parent, entry.name, true);
    }
    parent.children.add(entry.name);
    expanded.add(parent.objectPath);
    if (parent.remaining !== undefined) parent.remaining--;

    fields.push({
      name: entry.name,
      path,
      depth: parent.depth + 1,
      ...(entry.type ? { type: entry.type } : {}),
      ...(entry.required !== undefined ? { required: entry.required } : {}),
      ...(entry.description !== undefined ? { description: entry.description } : {}),
      ...(entry.defaultValue !== undefined ? { defaultValue: entry.defaultValue } : {}),
      ...(entry.exampleValue !== undefined ? { exampleValue: entry.exampleValue } : {}),
      ...(entry.enumValues !== undefined ? { enumValues: entry.enumValues } : {}),
      nesting: reason,
      ...(alternativePath !== undefined && alternativePath !== path ? { alternativePath } : {}),
      cut: entry.cut,
      line: entry.line,
    });

    if (isContainerType(entry.type)) {
      const depth = parent.depth + 1;
      const brackets = '[]'.repeat(arrayDepth(entry.type));
      const container: Container = {
        path,
        objectPath: `${path}${brackets}`,
        depth,
        collapsed: depth > maxExpanded,
        children: new Set(),
        ...(entry.type?.childCount !== undefined ? { remaining: entry.type.childCount } : {}),
        ...(alternativePath !== undefined && alternativePath !== path
          ? { altObjectPath: `${alternativePath}${brackets}` }
          : {}),
      };
      stack.push(container);
    }
  }
  return { fields, expanded: [...expanded] };
}
