/**
 * Coverage of the documented API by the specs (pure logic; scripts/check-coverage.ts is the CLI).
 * A thin consumer of the comparison engine (lib/compare/): it hands over every stored copy,
 * words the error and warning findings as lines and fails when there is an error.
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
 * - a documented callback message type that no webhook declares; a webhook's `x-pandapon-docs`
 *   that does not list its callback pages, or lists them with the wrong `lang` or `complete`;
 * - a spec file that cannot be parsed, or a `$ref` that cannot be resolved.
 * Warnings (printed, not fatal): fields seen only in a page's example, a field documented in
 * another location than the spec puts it, operations no copy documents, duplicates.
 * Operations that rest on other evidence (`x-pandapon-evidence`) are listed as such, neither
 * missing nor extra.
 */

import type { SpecIndex } from '@pandapon/spec-model';
import { parsePage } from '../apifox/parse-page.js';
import { compareDocs, type DocCopy, type Finding, type Target } from './compare/index.js';
import { type CatalogEntry, type DocsSource, langOfUrl, SEED_OPERATIONS } from './docs-source.js';
import type { ProvenanceFinding } from './provenance.js';

/**
 * One stored copy of a doc page, with what the catalog (or the seed table) says about it: the
 * engine's copy with method, path, completeness and 开发中 label always known.
 */
export type DocumentedCopy = DocCopy &
  Required<Pick<DocCopy, 'method' | 'path' | 'complete' | 'underDevelopment'>>;

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
  /** What the check reports, typed; the three lists below are its lines by severity. */
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

/** `POST /open/order (taobaoCreateOrder, taobao.yaml)`, `callback TYPE (name, file)`. */
function label(target: Target): string {
  const name = target.kind === 'webhook' ? target.spec.name : target.spec.operationId;
  return `${target.key} (${name ?? 'no operationId'}, ${target.spec.file})`;
}

/**
 * A finding as the check reports it: `error` fails the check, `warning` is printed, `info`
 * lists operations resting on other evidence. `code` names the rule (provenance rules use their
 * ProvenanceFinding code), so tools can filter and count without reading the wording.
 */
export interface CoverageFinding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** Copies the finding was seen on (identical findings merge their sources). */
  sources: string[];
}

/** Collects report lines, merging the sources of identical ones. */
class Findings {
  private readonly map = new Map<string, CoverageFinding>();
  add(
    severity: CoverageFinding['severity'],
    code: string,
    message: string,
    sources: string[] = [],
  ): void {
    const f = this.map.get(message) ?? { severity, code, message, sources: [] };
    for (const source of sources) if (!f.sources.includes(source)) f.sources.push(source);
    this.map.set(message, f);
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
  const comparison = compareDocs({
    copies: input.copies,
    spec: input.spec,
    allCopies: true,
    ...(input.pageText ? { pageText: input.pageText } : {}),
  });
  const report = new Findings();
  // Every catalog copy has a method and path: a copy is skipped only when the parser failed.
  for (const s of comparison.skipped) {
    report.add('error', 'page-unreadable', `${s.source}: ${s.reason}`);
  }
  for (const f of comparison.findings) {
    const line = coverageLine(f);
    if (line) report.add(line.severity, line.code, line.message, line.sources);
  }
  const operations = comparison.groups.filter((g) => !g.callback);
  return {
    findings: report.all(),
    failures: report.lines('error'),
    warnings: report.lines('warning'),
    evidence: report.lines('info'),
    summary: {
      operationsDocumented: operations.filter((g) => !g.whiteLabelOnly).length,
      operationsInSpecs: new Set(input.spec.operations.map((o) => o.key)).size,
      fieldsChecked: comparison.requestFieldsChecked,
      pagesParsed: comparison.copiesCompared,
      callbacksDocumented: comparison.groups.length - operations.length,
      webhooksInSpecs: input.spec.webhooks.length,
      operationsOnOtherEvidence: report.all().filter((f) => f.code === 'other-evidence').length,
    },
  };
}

/**
 * The line the check prints for a finding, or undefined for the detail it does not report
 * (field differences, fields deeper than the request's top level, responses: the drift tool's).
 */
function coverageLine(f: Finding): CoverageFinding | undefined {
  const line = (
    severity: CoverageFinding['severity'],
    code: string,
    message: string,
    sources: string[] = [],
  ) => ({
    severity,
    code,
    message,
    sources,
  });
  switch (f.kind) {
    case 'spec-problem':
      return line('error', 'spec-problem', f.problem);
    case 'operation-not-in-spec':
      return line(
        'error',
        'operation-missing',
        `missing operation: ${f.key} is documented but no spec declares it (${f.copies.join(', ')})`,
      );
    case 'callback-not-in-spec':
      return line(
        'error',
        'callback-missing',
        `missing callback: message type ${f.messageType} is documented but no webhook's messageType declares it (${f.copies.join(', ')})`,
      );
    case 'white-label-path':
      // A page some entry cites is checked against that entry (x-pandapon-docs `path`).
      if (f.citedBy) return undefined;
      return line(
        'warning',
        'white-label-path',
        `${f.key}: only the white-label site shows this path (not a PandaPon path); not checked (${f.copies.join(', ')})`,
      );
    case 'path-renamed':
      return line(
        'warning',
        'path-renamed',
        `${f.operation.spec.method} ${f.documentedPath}: found only as ${f.operation.key} (path parameter named differently)`,
      );
    case 'duplicate-operation':
      return line(
        'warning',
        'duplicate-operation',
        `${f.operation.key} is declared more than once: ${f.files.join(', ')}`,
      );
    case 'evidence-contradicted':
      return line(
        'error',
        'evidence-contradicted',
        `${label(f.operation)}: x-pandapon-evidence says no PandaPon page documents it, but ${f.copies.join(', ')} does`,
      );
    case 'page-shows-other-path':
      return line(
        'warning',
        'catalog-path-mismatch',
        `${f.copy}: the page says ${f.shown}, the catalog says ${f.listed}`,
      );
    case 'field-not-in-spec':
      return f.severity === 'info' ? undefined : missingFieldLine(f);
    case 'field-only-in-example':
      return line(
        'warning',
        'example-only-key',
        `${label(f.operation)}: "${f.field}" appears only in the page's request example and is not in the spec`,
        f.copies,
      );
    case 'provenance':
      return line('error', f.rule.code, `${label(f.operation)}: ${coverageWording(f.rule)}`);
    case 'operation-without-page': {
      const op = f.operation.spec;
      if (op.evidence.length === 0) {
        return f.severity === 'warning'
          ? line(
              'warning',
              'undocumented-operation',
              `${label(f.operation)}: no catalog page or seed documents this operation`,
            )
          : undefined;
      }
      const evidence = op.evidence;
      return line(
        'info',
        'other-evidence',
        `${label(f.operation)}: evidence ${evidence.join(' + ')} (no PandaPon page)${op.docs.length > 0 ? `; pages: ${op.docs.map((d) => d.url).join(', ')}` : ''}`,
      );
    }
    case 'field-not-on-page':
    case 'field-differs':
      return undefined;
  }
}

/** A top-level request field (parameter or body field) the spec lacks, as a report line. */
function missingFieldLine(f: Extract<Finding, { kind: 'field-not-in-spec' }>): CoverageFinding {
  const at = label(f.operation);
  const line = (severity: CoverageFinding['severity'], code: string, message: string) => ({
    severity,
    code,
    message,
    sources: f.topLevelOn ?? f.copies,
  });
  if (f.location !== 'body') {
    return f.elsewhere
      ? line(
          'warning',
          'param-elsewhere',
          `${at}: ${f.location} parameter "${f.field}" is documented in ${f.location}, the spec has it in ${f.elsewhere === 'body' ? 'the body' : f.elsewhere}`,
        )
      : line(
          'error',
          'param-missing',
          `${at}: ${f.location} parameter "${f.field}" is not in the spec`,
        );
  }
  const where = f.alternative ? `"${f.field}" (or top-level "${f.alternative}")` : `"${f.field}"`;
  if (f.elsewhere) {
    return line(
      'warning',
      'body-field-elsewhere',
      `${at}: body field ${where} is documented in the body, the spec has it as a ${f.elsewhere} parameter`,
    );
  }
  if (f.specSchema === 'absent') {
    return line(
      'error',
      'no-request-body',
      `${at}: body field ${where} documented, but the spec has no request body`,
    );
  }
  return line('error', 'body-field-missing', `${at}: body field ${where} is not in the spec`);
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
