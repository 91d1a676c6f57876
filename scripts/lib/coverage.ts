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
 *   `lang` or `complete`; an entry naming a seed (`copy`) that does not document the operation;
 *   an entry at an address no stored copy has, unless marked `inferred`; a white-label page not
 *   marked `evidence: white-label` (or the reverse);
 * - `x-pandapon-evidence` (no PandaPon page documents the operation) on an operation that a
 *   PandaPon page does document;
 * - `x-pandapon-truncated` / `x-pandapon-under-development` disagreeing with the copies;
 * - a documented callback message type that no webhook declares;
 * - a spec file that cannot be parsed, or a `$ref` that cannot be resolved.
 * Warnings (printed, not fatal): fields seen only in a page's example, a field documented in
 * another location than the spec puts it, operations no copy documents, duplicates.
 * Operations that rest on other evidence (`x-pandapon-evidence`) are listed as such, neither
 * missing nor extra.
 */

import {
  findOperations,
  operationKey,
  type SpecIndex,
  type SpecOperation,
} from '@pandapon/spec-model';
import { parsePage } from '../apifox/parse-page.js';
import type { ParsedPage } from '../apifox/types.js';
import {
  type CatalogEntry,
  type DocsSource,
  isWhiteLabelUrl,
  langOfUrl,
  normaliseUrl,
  SEED_OPERATIONS,
} from './docs-source.js';
import { type ProvenanceFinding, provenanceFindings } from './provenance.js';
import { type FlatSchema, flattenSchema } from './schema-fields.js';

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
  /**
   * Text of a stored page by its `pages/`-relative file, for copies the catalog does not list
   * (white-label evidence pages). Without it those entries are not checked.
   */
  pageText?: (file: string) => string | undefined;
}

export interface CoverageSummary {
  operationsDocumented: number;
  operationsInSpecs: number;
  fieldsChecked: number;
  pagesParsed: number;
  callbacksDocumented: number;
  webhooksInSpecs: number;
  /** Spec operations no PandaPon page documents, resting on `x-pandapon-evidence`. */
  operationsOnOtherEvidence: number;
}

export interface CoverageResult {
  /** Everything found, typed; the three lists below are its lines by severity. */
  findings: CoverageFinding[];
  /** Errors: the check fails when there is any. */
  failures: string[];
  warnings: string[];
  /** One line per operation resting on evidence other than a PandaPon page. */
  evidence: string[];
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

/**
 * What the check found, typed: `error` fails the check, `warning` is printed, `info` lists
 * operations resting on other evidence. `code` names the rule (provenance rules use their
 * ProvenanceFinding code), so tools can filter and count without reading the wording.
 */
export interface CoverageFinding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** Copies the finding was seen on (identical findings merge their sources). */
  sources: string[];
}

/** Collects findings, merging the sources of identical ones. */
class Findings {
  private readonly map = new Map<string, CoverageFinding>();
  add(severity: CoverageFinding['severity'], code: string, message: string, source?: string): void {
    const f = this.map.get(message) ?? { severity, code, message, sources: [] };
    if (source && !f.sources.includes(source)) f.sources.push(source);
    this.map.set(message, f);
  }
  error(code: string, message: string, source?: string): void {
    this.add('error', code, message, source);
  }
  warning(code: string, message: string, source?: string): void {
    this.add('warning', code, message, source);
  }
  all(): CoverageFinding[] {
    return [...this.map.values()];
  }
  /** The findings of one severity as printed lines: the message, then its sources. */
  lines(severity: CoverageFinding['severity']): string[] {
    return this.all()
      .filter((f) => f.severity === severity)
      .map((f) => (f.sources.length > 0 ? `${f.message} [${f.sources.join(', ')}]` : f.message));
  }
}

export function checkCoverage(input: CoverageInput): CoverageResult {
  const { spec } = input;
  const findings = new Findings();
  let fieldsChecked = 0;
  let pagesParsed = 0;

  for (const p of spec.problems) findings.error('spec-problem', p);

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
  let whiteLabelOnly = 0;
  for (const [key, copies] of operations) {
    const first = copies[0] as DocumentedCopy;
    const { ops, exact } = findOperations(spec, first.method, first.path);
    const sources = copies.map((c) => c.source).join(', ');
    const pandapon = copies.filter((c) => !isWhiteLabelUrl(c.url));
    if (pandapon.length === 0) whiteLabelOnly++;
    if (ops.length === 0) {
      if (pandapon.length === 0) {
        // A white-label path is not a PandaPon path: never "missing"; an operation may cite it.
        const cited = copies.some((c) =>
          spec.operations.some((o) =>
            o.docs.some((d) => c.url && normaliseUrl(d.url) === normaliseUrl(c.url)),
          ),
        );
        if (!cited) {
          findings.warning(
            'white-label-path',
            `${key}: only the white-label site shows this path (not a PandaPon path); not checked (${sources})`,
          );
        }
        continue;
      }
      findings.error(
        'operation-missing',
        `missing operation: ${key} is documented but no spec declares it (${sources})`,
      );
      continue;
    }
    const op = ops[0] as SpecOperation;
    if (!exact) {
      findings.warning(
        'path-renamed',
        `${key}: found only as ${op.key} (path parameter named differently)`,
      );
    }
    if (ops.length > 1) {
      findings.warning(
        'duplicate-operation',
        `${key} is declared more than once: ${ops.map((o) => o.file).join(', ')}`,
      );
    }
    for (const o of ops) documentedOps.add(o);
    if (op.evidence.length > 0 && pandapon.length > 0) {
      findings.error(
        'evidence-contradicted',
        `${label(op)}: x-pandapon-evidence says no PandaPon page documents it, but ${pandapon.map((c) => c.source).join(', ')} does`,
      );
    }

    const { request, hints } = hintsFor(spec, op);
    for (const copy of copies) {
      if (copy.text === undefined) continue;
      const page = parsePage(copy.text, { hints: () => hints });
      pagesParsed++;
      if (page.method && page.path && operationKey(page.method, page.path) !== key) {
        findings.warning(
          'catalog-path-mismatch',
          `${copy.source}: the page says ${page.method} ${page.path}, the catalog says ${key}`,
        );
      }
      fieldsChecked += checkRequestFields(page, copy, op, request, findings);
    }
    checkDocsMetadata(op, copies, findings, input.pageText);
  }

  for (const [messageType, copies] of callbacks) {
    if (!spec.webhooks.some((w) => w.messageTypes.includes(messageType))) {
      findings.error(
        'callback-missing',
        `missing callback: message type ${messageType} is documented but no webhook's messageType declares it (${copies.map((c) => c.source).join(', ')})`,
      );
    }
  }

  for (const op of spec.operations) {
    if (documentedOps.has(op)) continue;
    if (op.evidence.length > 0) {
      findings.add(
        'info',
        'other-evidence',
        `${label(op)}: evidence ${op.evidence.join(' + ')} (no PandaPon page)${op.docs.length > 0 ? `; pages: ${op.docs.map((d) => d.url).join(', ')}` : ''}`,
      );
      checkDocsMetadata(op, [], findings, input.pageText);
    } else {
      findings.warning(
        'undocumented-operation',
        `${label(op)}: no catalog page or seed documents this operation`,
      );
    }
  }

  return {
    findings: findings.all(),
    failures: findings.lines('error'),
    warnings: findings.lines('warning'),
    evidence: findings.lines('info'),
    summary: {
      operationsDocumented: operations.size - whiteLabelOnly,
      operationsInSpecs: new Set(spec.operations.map((o) => o.key)).size,
      fieldsChecked,
      pagesParsed,
      callbacksDocumented: callbacks.size,
      webhooksInSpecs: spec.webhooks.length,
      operationsOnOtherEvidence: findings.all().filter((f) => f.code === 'other-evidence').length,
    },
  };
}

/** Checks one copy's path/query parameters and top-level body fields; returns how many. */
function checkRequestFields(
  page: ParsedPage,
  copy: DocumentedCopy,
  op: SpecOperation,
  request: FlatSchema,
  findings: Findings,
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
        findings.warning(
          'param-elsewhere',
          `${label(op)}: ${loc} parameter "${p.name}" is documented in ${loc}, the spec has it ${elsewhere ? `in ${elsewhere.in}` : 'in the body'}`,
          copy.source,
        );
      } else {
        findings.error(
          'param-missing',
          `${label(op)}: ${loc} parameter "${p.name}" is not in the spec`,
          copy.source,
        );
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
      findings.warning(
        'body-field-elsewhere',
        `${label(op)}: body field ${where} is documented in the body, the spec has it as a ${otherParam(f.name)?.in} parameter`,
        copy.source,
      );
    } else if (!request.present) {
      findings.error(
        'no-request-body',
        `${label(op)}: body field ${where} documented, but the spec has no request body`,
        copy.source,
      );
    } else {
      findings.error(
        'body-field-missing',
        `${label(op)}: body field ${where} is not in the spec`,
        copy.source,
      );
    }
  }

  // Keys only the example shows (copies without a field table, or keys the table lacks).
  for (const path of page.requestExample?.paths ?? []) {
    if (!isTopLevel(path) || tableNames.has(path)) continue;
    if (request.fields.has(path) || otherParam(path)) continue;
    findings.warning(
      'example-only-key',
      `${label(op)}: "${path}" appears only in the page's request example and is not in the spec`,
      copy.source,
    );
  }
  return checked;
}

function checkDocsMetadata(
  op: SpecOperation,
  copies: DocumentedCopy[],
  findings: Findings,
  pageText?: (file: string) => string | undefined,
): void {
  const seen = copies.map((c) => ({
    source: c.source,
    ...(c.url ? { url: c.url } : {}),
    ...(c.lang ? { lang: c.lang } : {}),
    complete: c.complete,
    underDevelopment:
      c.underDevelopment || (c.text !== undefined && parsePage(c.text).underDevelopment),
  }));
  const provenance = provenanceFindings(op, seen, {
    allCopies: true,
    ...(pageText ? { pageText } : {}),
  });
  for (const f of provenance) findings.error(f.code, `${label(op)}: ${coverageWording(f)}`);
}

/** A provenance finding as a coverage failure line (after the operation's label). */
export function coverageWording(f: ProvenanceFinding): string {
  const state = (complete: boolean) => (complete ? 'reaches' : 'stops before');
  switch (f.code) {
    case 'docs-not-listed':
      return `x-pandapon-docs does not list ${f.url} (${f.sources.join(', ')})`;
    case 'docs-lang':
      return `x-pandapon-docs gives ${f.url} lang ${f.listed ?? '(none)'}, its host is ${f.host}`;
    case 'docs-complete':
      return `x-pandapon-docs gives ${f.url} complete: ${String(f.listed)}, the copy ${state(f.actual)} the page end (${f.sources.join(', ')})`;
    case 'docs-inferred-but-stored':
      return `x-pandapon-docs marks ${f.url} inferred, but a copy is stored under it (${f.sources.join(', ')})`;
    case 'docs-not-stored':
      return `x-pandapon-docs lists ${f.url}, but no copy is stored under it (mark it inferred: true)`;
    case 'docs-white-label-unmarked':
      return `x-pandapon-docs lists the white-label page ${f.url} without evidence: white-label`;
    case 'docs-white-label-wrong':
      return `x-pandapon-docs marks ${f.url} evidence: ${f.evidence}, but it is a PandaPon page`;
    case 'docs-copy-missing':
      return `x-pandapon-docs names the copy ${f.copy}, which does not document this operation`;
    case 'docs-copy-complete':
      return `x-pandapon-docs gives ${f.copy} complete: ${String(f.listed)}, the copy ${state(f.actual)} the page end`;
    case 'docs-page-path':
      return `${f.file} shows ${f.shown}, x-pandapon-docs says ${f.expected}`;
    case 'docs-page-complete':
      return `x-pandapon-docs gives ${f.url} complete: ${String(f.listed)}, the copy ${state(f.actual)} the page end (${f.file})`;
    case 'truncated-but-complete':
      return 'marked x-pandapon-truncated, but a complete copy exists';
    case 'cut-but-not-truncated':
      return 'every copy stops before the page end; add x-pandapon-truncated: true';
    case 'dev-label-missing':
      return 'the page is labelled 开发中; add x-pandapon-under-development: true';
    case 'dev-label-extra':
      return 'marked x-pandapon-under-development, but no copy is labelled 开发中';
  }
}
