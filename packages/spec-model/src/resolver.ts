/**
 * Loads spec YAML files and follows `$ref`s, local (`#/components/...`) and across files
 * (`./common.yaml#/components/...`, resolved relative to the file that holds the ref).
 *
 * Each file is kept as its `yaml` Document as well as its plain value: readers use the value,
 * and a tool that edits the specs (`pnpm learn`) edits the Document, so comments and layout
 * survive a write. Both go through the one ref implementation below.
 */

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Document, parseDocument } from 'yaml';

/** A node of a spec together with the file it lives in (needed to resolve its own refs). */
export interface Located<T = unknown> {
  node: T;
  file: string;
}

/** Keys from a document's root to a node (numbers index sequences), as `yaml`'s getIn takes them. */
export type YamlPath = (string | number)[];

/** A place in a spec: an absolute file path and the YAML path inside it. */
export interface SpecLocation {
  file: string;
  path: YamlPath;
}

/** A node together with the place it was found (where a writer must edit it). */
export interface LocatedNode<T = unknown> extends SpecLocation {
  node: T;
}

export type ReadText = (absolutePath: string) => string;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `components/schemas/a~1b` → `['components', 'schemas', 'a/b']` (RFC 6901, URI-decoded). */
export function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A YAML path as a JSON pointer (`#/…`) for messages. */
export function pointerOf(path: YamlPath): string {
  return `#/${path.map((key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The file (absolute) and pointer a `$ref` written in `fromFile` names. */
export function splitRef(ref: string, fromFile: string): { file: string; pointer: string } {
  const hash = ref.indexOf('#');
  const filePart = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  return {
    file: filePart === '' ? resolve(fromFile) : resolve(dirname(fromFile), filePart),
    pointer,
  };
}

/** Longest `$ref` chain followed before giving up (a cycle of refs would never end). */
const MAX_REF_HOPS = 50;

interface LoadedFile {
  /** Undefined when the file could not be read or parsed. */
  document: Document | undefined;
  value: unknown;
}

export class SpecResolver {
  private readonly files = new Map<string, LoadedFile>();
  private readonly problemSet = new Set<string>();

  /** Files that could not be read or parsed and refs that lead nowhere, each once. */
  get problems(): string[] {
    return [...this.problemSet];
  }

  /** Records a problem found by a reader of the documents (e.g. a malformed extension). */
  report(message: string): void {
    this.problemSet.add(message);
  }

  constructor(private readonly readText: ReadText = (p) => readFileSync(p, 'utf8')) {}

  private loaded(file: string): LoadedFile {
    const abs = resolve(file);
    const known = this.files.get(abs);
    if (known) return known;
    let entry: LoadedFile;
    try {
      const document = parseDocument(this.readText(abs));
      const [error] = document.errors;
      if (error) throw error;
      entry = { document, value: document.toJS() };
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      this.problemSet.add(`${abs}: cannot read or parse: ${reason}`);
      entry = { document: undefined, value: undefined };
    }
    this.files.set(abs, entry);
    return entry;
  }

  /** The parsed document's plain value, or undefined (and a recorded problem) when unreadable. */
  load(file: string): unknown {
    return this.loaded(file).value;
  }

  /**
   * The file's `yaml` Document, for a tool that edits the specs (comments and layout are kept
   * when it is written back); undefined (and a recorded problem) when unreadable. After editing
   * it, call {@link edited} so what this resolver reads follows the edit.
   */
  document(file: string): Document | undefined {
    return this.loaded(file).document;
  }

  /** Re-reads the plain value of a file from its (edited) Document. */
  edited(file: string): void {
    const entry = this.loaded(file);
    if (entry.document) entry.value = entry.document.toJS();
  }

  /** The node at a YAML path, refs not followed; undefined when there is none. */
  nodeAt({ file, path }: SpecLocation): unknown {
    return walk(this.load(file), path)?.node;
  }

  /** Target of one `$ref` string written in `fromFile`: its node, file and YAML path. */
  resolveRef(ref: string, fromFile: string): LocatedNode | undefined {
    const { file, pointer } = splitRef(ref, fromFile);
    const found = walk(this.load(file), pointerTokens(pointer));
    return found && { ...found, file };
  }

  /**
   * Where the `$ref` chain starting at `at` ends: the target's file, YAML path and node (keys
   * beside a `$ref` are not merged: the result is the place to edit). A node that is not a ref
   * is its own target; a place with no node gives `node: undefined`. Throws on a ref that leads
   * nowhere, naming the file that holds it, its pointer and the ref.
   */
  locate<T = unknown>(at: SpecLocation): LocatedNode<T> {
    let current: LocatedNode = { ...at, node: this.nodeAt(at) };
    for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
      const { node } = current;
      if (!isRecord(node) || typeof node.$ref !== 'string') return current as LocatedNode<T>;
      const target = this.resolveRef(node.$ref, current.file);
      if (!target) {
        const targetFile = splitRef(node.$ref, current.file).file;
        const why =
          this.load(targetFile) === undefined
            ? `${targetFile} cannot be read or parsed`
            : 'no such node';
        throw new Error(
          `${current.file}${pointerOf(current.path)}: unresolvable $ref ${node.$ref} (${why})`,
        );
      }
      current = target;
    }
    throw new Error(`${at.file}${pointerOf(at.path)}: $ref chain longer than ${MAX_REF_HOPS}`);
  }

  /**
   * Follows a chain of `$ref`s. Keys written next to a `$ref` (OpenAPI 3.1 allows
   * `description`, and our specs use it) override the target's.
   */
  resolve<T = unknown>(node: unknown, file: string): Located<T> {
    let current: Located = { node, file };
    let siblings: Record<string, unknown> = {};
    for (let hops = 0; hops < MAX_REF_HOPS; hops++) {
      const n = current.node;
      if (!isRecord(n) || typeof n.$ref !== 'string') break;
      const { $ref, ...besideRef } = n;
      siblings = { ...besideRef, ...siblings };
      const target = this.resolveRef($ref as string, current.file);
      if (!target) {
        this.problemSet.add(`${current.file}: unresolvable $ref ${String($ref)}`);
        return { node: siblings as T, file: current.file };
      }
      current = target;
    }
    const merged =
      Object.keys(siblings).length > 0 && isRecord(current.node)
        ? { ...current.node, ...siblings }
        : current.node;
    return { node: merged as T, file: current.file };
  }
}

/**
 * Follows `keys` down from `root` (a sequence is indexed by number), refs not followed: the node
 * reached and its YAML path, or undefined where a key leads nowhere.
 */
function walk(
  root: unknown,
  keys: readonly (string | number)[],
): { node: unknown; path: YamlPath } | undefined {
  let node = root;
  if (node === undefined) return undefined;
  const path: YamlPath = [];
  for (const key of keys) {
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else if (isRecord(node)) {
      path.push(String(key));
      node = node[String(key)];
    } else return undefined;
    if (node === undefined) return undefined;
  }
  return { node, path };
}
