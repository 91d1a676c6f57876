/**
 * Coverage of the documented API by the specs (pure logic; scripts/check-coverage.ts is the CLI).
 *
 * Failures:
 * - a documented method + path (catalog entries whose path starts with '/', plus the seeds)
 *   that no spec declares;
 * - a top-level request field (path/query parameter or body field) named on a page copy that
 *   the operation's spec lacks ($ref/allOf resolved). Query parameters covered by a security
 *   scheme (the logistics `timestamp`/`sign`) count as present;
 * - a catalog page missing from the operation's `x-pandapon-docs`, or listed with the wrong
 *   `lang` or `complete`;
 * - `x-pandapon-truncated` / `x-pandapon-under-development` disagreeing with the copies;
 * - a documented callback message type that no webhook declares;
 * - a spec file that cannot be parsed, or a `$ref` that cannot be resolved.
 * Warnings (printed, not fatal): fields seen only in a page's example, a field documented in
 * another location than the spec puts it, operations no copy documents, duplicates.
 */

import { parsePage } from '../apifox/parse-page.js';
import type { ParsedPage } from '../apifox/types.js';
import {
  type CatalogEntry,
  type DocsSource,
  langOfUrl,
  normaliseUrl,
  SEED_OPERATIONS,
} from './docs-source.js';
import { type FlatSchema, flattenSchema } from './schema-fields.js';
import { findOperations, operationKey, type SpecIndex, type SpecOperation } from './spec-index.js';

/** One stored copy of a doc page, with what the catalog (or the seed table) says about it. */
export interface DocumentedCopy {
  /** For messages: `doc-en.pandapon.com/api-263477650.txt`, `seeds/000_….txt`. */
  source: string;
  url?: string;
  lang?: string;
  method: string;
  /** A path, or a callback's message type. */
  path: string;
  complete: boolean;
  underDevelopment: boolean;
  /** The page text, when the file is present. */
  text?: string;
}

export interface CoverageInput {
  copies: DocumentedCopy[];
  spec: SpecIndex;
}

export interface CoverageSummary {
  operationsDocumented: number;
  operationsInSpecs: number;
  fieldsChecked: number;
  pagesParsed: number;
  callbacksDocumented: number;
  webhooksInSpecs: number;
}

export interface CoverageResult {
  failures: string[];
  warnings: string[];
  summary: CoverageSummary;
}

/** Copies of the catalog (entries with a method and a path or message type) and the seeds. */
export function copiesFromDocsSource(src: DocsSource): {
  copies: DocumentedCopy[];
  warnings: string[];
} {
  const copies: DocumentedCopy[] = [];
  const warnings: string[] = [];
  for (const e of src.catalog) {
    if (!e.method || !e.path) continue;
    const text = src.pageText(e.file);
    if (text === undefined) warnings.push(`catalog lists ${e.file} but the file is missing`);
    copies.push(copyFromCatalog(e, text));
  }
  for (const seed of src.seeds) {
    const known = SEED_OPERATIONS[seed.file.slice(0, 3)];
    const page = parsePage(seed.text);
    const method = page.method ?? known?.method;
    const path = page.path ?? known?.path;
    if (!method || !path) {
      warnings.push(`seeds/${seed.file}: no method and path found; not checked`);
      continue;
    }
    if (known && (known.method !== method || known.path !== path)) {
      warnings.push(
        `seeds/${seed.file}: page says ${method} ${path}, the catalog README says ${known.method} ${known.path}`,
      );
    }
    copies.push({
      source: `seeds/${seed.file}`,
      ...(page.url ? { url: page.url } : {}),
      method,
      path,
      complete: page.complete,
      underDevelopment: page.underDevelopment,
      text: seed.text,
    });
  }
  return { copies, warnings };
}

function copyFromCatalog(e: CatalogEntry, text: string | undefined): DocumentedCopy {
  const lang = langOfUrl(e.url);
  return {
    source: e.file,
    ...(e.url ? { url: e.url } : {}),
    ...(lang ? { lang } : {}),
    method: e.method.toUpperCase(),
    path: e.path,
    complete: e.complete,
    underDevelopment: e.dev,
    ...(text !== undefined ? { text } : {}),
  };
}

/** Field paths of both bodies of an operation, used as nesting hints for the parser. */
function hintsFor(spec: SpecIndex, op: SpecOperation) {
  const request = flattenSchema(spec.resolver, op.requestBody);
  const response = flattenSchema(spec.resolver, op.response);
  return {
    request,
    hints: { body: new Set(request.fields.keys()), response: new Set(response.fields.keys()) },
  };
}

function label(op: SpecOperation): string {
  return `${op.key} (${op.operationId ?? 'no operationId'}, ${op.file})`;
}

const isTopLevel = (path: string): boolean => !path.includes('.') && !path.includes('[');

/** Collects messages, merging the sources of identical ones. */
class Messages {
  private readonly map = new Map<string, Set<string>>();
  add(message: string, source?: string): void {
    const set = this.map.get(message) ?? new Set<string>();
    if (source) set.add(source);
    this.map.set(message, set);
  }
  list(): string[] {
    return [...this.map].map(([m, s]) => (s.size > 0 ? `${m} [${[...s].join(', ')}]` : m));
  }
}

export function checkCoverage(input: CoverageInput): CoverageResult {
  const { spec } = input;
  const failures = new Messages();
  const warnings = new Messages();
  let fieldsChecked = 0;
  let pagesParsed = 0;

  for (const p of spec.problems) failures.add(p);

  const operations = new Map<string, DocumentedCopy[]>();
  const callbacks = new Map<string, DocumentedCopy[]>();
  for (const c of input.copies) {
    const target = c.path.startsWith('/') ? operations : callbacks;
    const key = c.path.startsWith('/') ? operationKey(c.method, c.path) : c.path;
    const list = target.get(key) ?? [];
    list.push(c);
    target.set(key, list);
  }

  const documentedOps = new Set<SpecOperation>();
  for (const [key, copies] of operations) {
    const first = copies[0] as DocumentedCopy;
    const { ops, exact } = findOperations(spec, first.method, first.path);
    const sources = copies.map((c) => c.source).join(', ');
    if (ops.length === 0) {
      failures.add(`missing operation: ${key} is documented but no spec declares it (${sources})`);
      continue;
    }
    const op = ops[0] as SpecOperation;
    if (!exact) {
      warnings.add(`${key}: found only as ${op.key} (path parameter named differently)`);
    }
    if (ops.length > 1) {
      warnings.add(`${key} is declared more than once: ${ops.map((o) => o.file).join(', ')}`);
    }
    for (const o of ops) documentedOps.add(o);

    const { request, hints } = hintsFor(spec, op);
    for (const copy of copies) {
      if (copy.text === undefined) continue;
      const page = parsePage(copy.text, { hints: () => hints });
      pagesParsed++;
      if (page.method && page.path && operationKey(page.method, page.path) !== key) {
        warnings.add(
          `${copy.source}: the page says ${page.method} ${page.path}, the catalog says ${key}`,
        );
      }
      fieldsChecked += checkRequestFields(page, copy, op, request, failures, warnings);
    }
    checkDocsMetadata(op, copies, failures);
  }

  for (const [messageType, copies] of callbacks) {
    if (!spec.webhooks.some((w) => w.messageTypes.includes(messageType))) {
      failures.add(
        `missing callback: message type ${messageType} is documented but no webhook's messageType declares it (${copies.map((c) => c.source).join(', ')})`,
      );
    }
  }

  for (const op of spec.operations) {
    if (!documentedOps.has(op)) {
      warnings.add(`${label(op)}: no catalog page or seed documents this operation`);
    }
  }

  return {
    failures: failures.list(),
    warnings: warnings.list(),
    summary: {
      operationsDocumented: operations.size,
      operationsInSpecs: new Set(spec.operations.map((o) => o.key)).size,
      fieldsChecked,
      pagesParsed,
      callbacksDocumented: callbacks.size,
      webhooksInSpecs: spec.webhooks.length,
    },
  };
}

/** Checks one copy's path/query parameters and top-level body fields; returns how many. */
function checkRequestFields(
  page: ParsedPage,
  copy: DocumentedCopy,
  op: SpecOperation,
  request: FlatSchema,
  failures: Messages,
  warnings: Messages,
): number {
  let checked = 0;
  const paramIn = (loc: string, name: string) =>
    op.params.some((p) => p.in === loc && p.name === name) ||
    op.securityParams.has(`${loc}:${name}`);
  const otherParam = (name: string) => op.params.find((p) => p.name === name);

  for (const loc of ['path', 'query', 'cookie'] as const) {
    for (const p of page.params[loc]) {
      checked++;
      if (paramIn(loc, p.name)) continue;
      const elsewhere = otherParam(p.name);
      if (elsewhere || request.fields.has(p.name)) {
        warnings.add(
          `${label(op)}: ${loc} parameter "${p.name}" is documented in ${loc}, the spec has it ${elsewhere ? `in ${elsewhere.in}` : 'in the body'}`,
          copy.source,
        );
      } else {
        failures.add(`${label(op)}: ${loc} parameter "${p.name}" is not in the spec`, copy.source);
      }
    }
  }

  const tableNames = new Set<string>();
  for (const f of page.body) {
    // Only top-level fields are checked; a field whose nesting was guessed may be top-level.
    const candidates = [
      f.path,
      ...(f.nesting === 'guess' && f.alternativePath ? [f.alternativePath] : []),
    ];
    if (!candidates.some(isTopLevel)) continue;
    for (const c of candidates) if (isTopLevel(c)) tableNames.add(c);
    checked++;
    if (candidates.some((c) => request.fields.has(c))) continue;
    const where =
      candidates.length > 1 ? `"${f.path}" (or top-level "${f.alternativePath}")` : `"${f.path}"`;
    if (otherParam(f.name)) {
      warnings.add(
        `${label(op)}: body field ${where} is documented in the body, the spec has it as a ${otherParam(f.name)?.in} parameter`,
        copy.source,
      );
    } else if (!request.present) {
      failures.add(
        `${label(op)}: body field ${where} documented, but the spec has no request body`,
        copy.source,
      );
    } else {
      failures.add(`${label(op)}: body field ${where} is not in the spec`, copy.source);
    }
  }

  // Keys only the example shows (copies without a field table, or keys the table lacks).
  for (const path of page.requestExample?.paths ?? []) {
    if (!isTopLevel(path) || tableNames.has(path)) continue;
    if (request.fields.has(path) || otherParam(path)) continue;
    warnings.add(
      `${label(op)}: "${path}" appears only in the page's request example and is not in the spec`,
      copy.source,
    );
  }
  return checked;
}

function checkDocsMetadata(op: SpecOperation, copies: DocumentedCopy[], failures: Messages): void {
  const listed = new Map(op.docs.map((d) => [normaliseUrl(d.url), d]));
  const byUrl = new Map<string, DocumentedCopy[]>();
  for (const c of copies) {
    if (!c.url) continue;
    const u = normaliseUrl(c.url);
    byUrl.set(u, [...(byUrl.get(u) ?? []), c]);
  }
  for (const [url, same] of byUrl) {
    const doc = listed.get(url);
    const sources = same.map((c) => c.source).join(', ');
    if (!doc) {
      failures.add(`${label(op)}: x-pandapon-docs does not list ${same[0]?.url} (${sources})`);
      continue;
    }
    const lang = same[0]?.lang;
    if (lang && doc.lang !== lang) {
      failures.add(
        `${label(op)}: x-pandapon-docs gives ${doc.url} lang ${doc.lang ?? '(none)'}, its host is ${lang}`,
      );
    }
    // Seeds carry no URL: a complete seed of this operation is a complete copy of one of its
    // pages, so it may justify `complete: true` on an entry whose stored copy is cut.
    const complete = same.some((c) => c.complete);
    const seedComplete = copies.some((c) => !c.url && c.complete);
    if (
      doc.complete === undefined ||
      (doc.complete && !complete && !seedComplete) ||
      (!doc.complete && complete)
    ) {
      failures.add(
        `${label(op)}: x-pandapon-docs gives ${doc.url} complete: ${String(doc.complete)}, the copy ${complete ? 'reaches' : 'stops before'} the page end${seedComplete ? '' : ' and no complete seed documents this operation'} (${sources})`,
      );
    }
  }
  const anyComplete = copies.some((c) => c.complete) || op.docs.some((d) => d.complete === true);
  if (op.truncated === anyComplete) {
    failures.add(
      anyComplete
        ? `${label(op)}: marked x-pandapon-truncated, but a complete copy exists`
        : `${label(op)}: every copy stops before the page end; add x-pandapon-truncated: true`,
    );
  }
  const dev = copies.some(
    (c) => c.underDevelopment || (c.text !== undefined && parsePage(c.text).underDevelopment),
  );
  if (op.underDevelopment !== dev) {
    failures.add(
      dev
        ? `${label(op)}: the page is labelled 开发中; add x-pandapon-under-development: true`
        : `${label(op)}: marked x-pandapon-under-development, but no copy is labelled 开发中`,
    );
  }
}
