/**
 * Copies of doc pages: each parsed once, then grouped by what they document (method + path,
 * or a callback's message type). A white-label page shows its own path; it joins the operation
 * whose `x-pandapon-docs` entry cites it with that path.
 */

import {
  type DocRef,
  findOperations,
  operationKey,
  type SpecIndex,
  type SpecOperation,
} from '@pandapon/spec-model';
import { parsePage } from '../../apifox/parse-page.js';
import type { ParsedPage } from '../../apifox/types.js';
import { normaliseUrl } from '../docs-source.js';
import type { SpecSchemas } from './schemas.js';

/**
 * One copy of a page as a tool hands it over. A catalog knows the method, path, address,
 * completeness and 开发中 label of its copies; a folder of saved pages knows only the text, and
 * the rest is read from the page.
 */
export interface DocCopy {
  /** Shown in findings: `doc-en.pandapon.com/api-263477650.txt`, `seeds/000_….txt`. */
  source: string;
  /** Undefined when the stored file is missing (the catalog still lists it). */
  text?: string;
  url?: string;
  /** Language of the copy's host, when known. */
  lang?: string;
  method?: string;
  /** A path, or a callback's message type. */
  path?: string;
  complete?: boolean;
  underDevelopment?: boolean;
}

/** A copy after parsing: what the catalog said, completed from the page. */
export interface ParsedCopy {
  source: string;
  url?: string;
  lang?: string;
  complete: boolean;
  underDevelopment: boolean;
  /** Undefined when there was no text (or the parser failed on it). */
  page?: ParsedPage;
  /** The method + path the catalog lists the copy under, when it came from one. */
  listedKey?: string;
}

export interface CopyGroup {
  /** `POST /open/order`, or `callback <MESSAGE_TYPE>`. */
  key: string;
  callback: boolean;
  method: string;
  /** A path, or the message type. */
  path: string;
  copies: ParsedCopy[];
}

export interface SkippedCopy {
  source: string;
  reason: string;
}

/** Parses every copy once and groups the copies by what they document, in first-seen order. */
export function groupCopies(
  copies: readonly DocCopy[],
  schemas: SpecSchemas,
): { groups: CopyGroup[]; skipped: SkippedCopy[] } {
  const groups = new Map<string, CopyGroup>();
  const skipped: SkippedCopy[] = [];
  for (const copy of copies) {
    let page: ParsedPage | undefined;
    if (copy.text !== undefined) {
      try {
        // Hints come from what the catalog lists, else from what the page shows.
        page = parsePage(copy.text, {
          hints: (m, p) => schemas.hints(copy.method ?? m, copy.path ?? p),
        });
      } catch (e) {
        // The parser is written not to throw; this guards the tools against a bug in it.
        skipped.push({
          source: copy.source,
          reason: `parser error: ${e instanceof Error ? e.message : String(e)}`,
        });
        if (!copy.method || !copy.path) continue;
      }
    }
    let method = copy.method ?? page?.method;
    let path = copy.path ?? page?.path;
    if (!method || !path) {
      if (page) {
        skipped.push({
          source: copy.source,
          reason: 'no method and path (manual or cut before them)',
        });
      }
      continue;
    }
    method = method.toUpperCase();
    const url = copy.url ?? page?.url;
    const callback = !path.startsWith('/');
    if (!callback && url) ({ method, path } = citedPath(schemas.index, method, path, url));
    const key = callback ? `callback ${path}` : operationKey(method, path);
    const group = groups.get(key) ?? { key, callback, method, path, copies: [] };
    group.copies.push({
      source: copy.source,
      ...(url ? { url } : {}),
      ...(copy.lang ? { lang: copy.lang } : {}),
      complete: copy.complete ?? page?.complete ?? false,
      underDevelopment: (copy.underDevelopment ?? false) || (page?.underDevelopment ?? false),
      ...(page ? { page } : {}),
      ...(copy.method && copy.path ? { listedKey: operationKey(copy.method, copy.path) } : {}),
    });
    groups.set(key, group);
  }
  return { groups: [...groups.values()], skipped };
}

/**
 * A page whose path no operation has, at an address an `x-pandapon-docs` entry cites with that
 * same path (a white-label page), documents the citing operation. Only where the entry declares
 * the page's own path: a PandaPon page whose path no longer matches its operation is drift.
 */
function citedPath(
  index: SpecIndex,
  method: string,
  path: string,
  url: string,
): { method: string; path: string } {
  if (findOperations(index, method, path).ops.length > 0) return { method, path };
  const cited = operationCitingStoredCopy(index, url);
  return cited && cited.doc.path === path ? cited.op : { method, path };
}

/** The operation whose `x-pandapon-docs` lists the stored copy at `url` (not a named seed). */
export function operationCitingStoredCopy(
  index: SpecIndex,
  url: string,
): { op: SpecOperation; doc: DocRef } | undefined {
  const wanted = normaliseUrl(url);
  for (const op of index.operations) {
    const doc = op.docs.find((d) => !d.copy && normaliseUrl(d.url) === wanted);
    if (doc) return { op, doc };
  }
  return undefined;
}

/** Any operation whose `x-pandapon-docs` mentions `url` at all. */
export function operationMentioning(index: SpecIndex, url: string): SpecOperation | undefined {
  const wanted = normaliseUrl(url);
  return index.operations.find((o) => o.docs.some((d) => normaliseUrl(d.url) === wanted));
}

/** The first title any copy of the group shows. */
export function titleOf(group: CopyGroup): string | undefined {
  return group.copies.find((c) => c.page?.title)?.page?.title;
}
