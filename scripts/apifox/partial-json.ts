/**
 * A JSON reader that tolerates the text stopping anywhere: the saved pages are cut after about
 * 2 kB, usually in the middle of an example. It returns the tree read so far, each object and
 * array marked `complete` only when its closing bracket was seen.
 */

export type JsonNode =
  | { kind: 'object'; entries: Map<string, JsonNode>; complete: boolean }
  | { kind: 'array'; items: JsonNode[]; complete: boolean }
  | { kind: 'scalar'; value: string | number | boolean | null; complete: boolean };

export interface PartialJsonResult {
  /** Null when no value started at all. */
  node: JsonNode | null;
  /** The whole value was read (closing bracket seen, no error). */
  complete: boolean;
  /** Offset just past the value (or where reading stopped). */
  end: number;
  /** Set when the text is not JSON (as opposed to merely cut). */
  error?: string;
}

class Stop extends Error {
  constructor(
    readonly reason: 'eof' | 'syntax',
    message: string,
  ) {
    super(message);
  }
}

/** Reads one JSON value starting at the first non-blank character at or after `start`. */
export function parsePartialJson(text: string, start = 0): PartialJsonResult {
  let pos = start;
  let lastError: string | undefined;

  const skipWs = (): void => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
  };
  const peek = (): string => {
    skipWs();
    if (pos >= text.length) throw new Stop('eof', 'end of text');
    return text[pos] ?? '';
  };

  const readString = (): string => {
    // Caller saw the opening quote.
    pos++;
    let out = '';
    while (pos < text.length) {
      const c = text[pos++] ?? '';
      if (c === '"') return out;
      if (c === '\\') {
        if (pos >= text.length) break;
        const e = text[pos++] ?? '';
        if (e === 'u') {
          const hex = text.slice(pos, pos + 4);
          if (hex.length < 4) break;
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 4;
        } else {
          out +=
            ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
        }
      } else if (c === '\n') {
        throw new Stop('syntax', 'newline inside a string');
      } else {
        out += c;
      }
    }
    throw new Stop('eof', 'end of text inside a string');
  };

  // `sink` receives a container before its children are read, so a Stop (end of text) leaves
  // everything read so far attached to the tree.
  const readValue = (sink: (node: JsonNode) => void): void => {
    const c = peek();
    if (c === '{') {
      pos++;
      const node: JsonNode = { kind: 'object', entries: new Map(), complete: false };
      sink(node);
      if (peek() === '}') {
        pos++;
        node.complete = true;
        return;
      }
      for (;;) {
        if (peek() !== '"') throw new Stop('syntax', `expected a key at offset ${pos}`);
        const key = readString();
        // Register the key before its value: a value cut short still proves the key exists.
        node.entries.set(key, { kind: 'scalar', value: null, complete: false });
        if (peek() !== ':') throw new Stop('syntax', `expected ':' at offset ${pos}`);
        pos++;
        readValue((child) => node.entries.set(key, child));
        const next = peek();
        pos++;
        if (next === '}') {
          node.complete = true;
          return;
        }
        if (next !== ',') throw new Stop('syntax', `expected ',' or '}' at offset ${pos - 1}`);
      }
    }
    if (c === '[') {
      pos++;
      const node: JsonNode = { kind: 'array', items: [], complete: false };
      sink(node);
      if (peek() === ']') {
        pos++;
        node.complete = true;
        return;
      }
      for (;;) {
        readValue((child) => node.items.push(child));
        const next = peek();
        pos++;
        if (next === ']') {
          node.complete = true;
          return;
        }
        if (next !== ',') throw new Stop('syntax', `expected ',' or ']' at offset ${pos - 1}`);
      }
    }
    if (c === '"') {
      const value = readString();
      sink({ kind: 'scalar', value, complete: true });
      return;
    }
    const remaining = text.slice(pos);
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(remaining);
    if (!m) {
      // `fals`, `nu`, `-` at the very end: a literal cut short, not bad JSON.
      if (/^(?:-|t(?:r(?:u)?)?|f(?:a(?:l(?:s)?)?)?|n(?:u(?:l)?)?)$/.test(remaining.trimEnd())) {
        throw new Stop('eof', 'end of text inside a literal');
      }
      throw new Stop('syntax', `unexpected character ${JSON.stringify(c)} at offset ${pos}`);
    }
    pos += m[0].length;
    if (pos >= text.length) {
      // A number or keyword that touches the end of the text may itself be cut short.
      throw new Stop('eof', 'end of text inside a literal');
    }
    const word = m[0];
    const value =
      word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : Number(word);
    sink({ kind: 'scalar', value, complete: true });
  };

  let root: JsonNode | null = null;
  try {
    skipWs();
    if (pos >= text.length) return { node: null, complete: false, end: pos };
    readValue((node) => {
      root = node;
    });
    return { node: root, complete: true, end: pos };
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    if (e.reason === 'syntax') lastError = e.message;
    return {
      node: root,
      complete: false,
      end: pos,
      ...(lastError !== undefined ? { error: lastError } : {}),
    };
  }
}

/** Plain JS value of a complete node (undefined when any part is incomplete). */
export function jsonNodeToValue(node: JsonNode | null): unknown {
  if (!node?.complete) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'array') {
    const out: unknown[] = [];
    for (const item of node.items) {
      const v = jsonNodeToValue(item);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, child] of node.entries) {
    const v = jsonNodeToValue(child);
    if (v === undefined) return undefined;
    out[k] = v;
  }
  return out;
}

export interface ExampleShape {
  /** Keys seen in each object, by field path ('' = the root, `a[]` = items of array `a`). */
  keys: Map<string, Set<string>>;
  /** Object paths whose closing brace was seen (all their keys are known). */
  completeObjects: Set<string>;
  /** Every field path seen, e.g. `data`, `data.items[].skuId`. */
  paths: Set<string>;
}

/** Field paths and per-object key sets of a (possibly partial) example, in our path notation. */
export function exampleShape(node: JsonNode | null): ExampleShape {
  const shape: ExampleShape = { keys: new Map(), completeObjects: new Set(), paths: new Set() };
  const visit = (n: JsonNode, path: string): void => {
    if (n.kind === 'object') {
      let set = shape.keys.get(path);
      if (!set) {
        set = new Set();
        shape.keys.set(path, set);
      }
      for (const [key, child] of n.entries) {
        set.add(key);
        const childPath = path === '' ? key : `${path}.${key}`;
        shape.paths.add(childPath);
        visit(child, childPath);
      }
      if (n.complete) shape.completeObjects.add(path);
    } else if (n.kind === 'array') {
      for (const item of n.items) visit(item, `${path}[]`);
    }
  };
  if (node) visit(node, '');
  return shape;
}
