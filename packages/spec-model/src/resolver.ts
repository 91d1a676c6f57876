/**
 * Loads spec YAML files and follows `$ref`s, local (`#/components/...`) and across files
 * (`./common.yaml#/components/...`, resolved relative to the file that holds the ref).
 */

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

/** A node of a spec together with the file it lives in (needed to resolve its own refs). */
export interface Located<T = unknown> {
  node: T;
  file: string;
}

export type ReadText = (absolutePath: string) => string;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

export class SpecResolver {
  private readonly docs = new Map<string, unknown>();
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

  /** The parsed document, or undefined (and a recorded problem) when unreadable. */
  load(file: string): unknown {
    const abs = resolve(file);
    if (this.docs.has(abs)) return this.docs.get(abs);
    let doc: unknown;
    try {
      doc = parse(this.readText(abs));
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      this.problemSet.add(`${abs}: cannot read or parse: ${reason}`);
      doc = undefined;
    }
    this.docs.set(abs, doc);
    return doc;
  }

  /** Target of one `$ref` string written in `fromFile`. */
  resolveRef(ref: string, fromFile: string): Located | undefined {
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const file = filePart === '' ? resolve(fromFile) : resolve(dirname(fromFile), filePart);
    let node = this.load(file);
    if (node === undefined) return undefined;
    for (const raw of pointer.split('/').slice(1)) {
      const token = decodePointerToken(raw);
      if (Array.isArray(node)) node = node[Number(token)];
      else if (isRecord(node)) node = node[token];
      else return undefined;
      if (node === undefined) return undefined;
    }
    return { node, file };
  }

  /**
   * Follows a chain of `$ref`s. Keys written next to a `$ref` (OpenAPI 3.1 allows
   * `description`, and our specs use it) override the target's.
   */
  resolve<T = unknown>(node: unknown, file: string): Located<T> {
    let current: Located = { node, file };
    let siblings: Record<string, unknown> = {};
    for (let hops = 0; hops < 50; hops++) {
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
