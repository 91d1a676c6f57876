/**
 * Differences between saved doc pages and the specs (pure logic; scripts/docs-drift.ts is the
 * CLI). A thin consumer of the comparison engine (lib/compare/): it hands over a folder of saved
 * pages and reports every finding, grouped by operation. Pages are matched to operations by
 * method + path (callback pages to webhooks by message type); all copies of one operation are
 * merged:
 *
 * - a field on any copy that the spec lacks is "added" (also when the spec schema is marked
 *   truncated/open: then it is "not yet in spec"), and so is a top-level key only a request
 *   example shows;
 * - a spec field is "removed" only when a COMPLETE copy (one reaching 修改于) lists the fields
 *   of its parent object and no copy shows it, neither in a table nor in an example. Cut copies
 *   never prove a removal;
 * - type, required, nullability and enum are "changed" when no copy that states them agrees
 *   with the spec (copies in several languages may differ; agreeing with one is enough);
 * - the envelope fields shared by all operations (common.yaml: `requestId`, `code`,
 *   `developId`, `msg`; for callbacks `messageType`, `messagePlatform`, `timestamp`) are
 *   deliberately loose there and not compared; `data` / `messageBody` are compared but never
 *   reported as removed (every response has them by construction);
 * - a page on the white-label site is compared with the operation whose `x-pandapon-docs`
 *   cites it (its own path differs); uncited white-label pages are listed apart, never as new
 *   PandaPon operations. Operations resting on `x-pandapon-evidence` say so in the report.
 */

import type { SpecIndex } from '@pandapon/spec-model';
import { type ComparedGroup, compareDocs, type Finding, type ParsedCopy } from './compare/index.js';
import type { ProvenanceFinding } from './provenance.js';
import { parentObjectPath } from './schema-fields.js';

export interface DriftPage {
  /** Where the page came from (shown in the report). */
  source: string;
  text: string;
}

export type ChangeKind =
  | 'added'
  | 'removed'
  | 'type'
  | 'required'
  | 'nullable'
  | 'enum'
  | 'metadata';
export type ChangeLocation =
  | 'path'
  | 'query'
  | 'header'
  | 'cookie'
  | 'body'
  | 'response'
  | 'message'
  | 'operation';

export interface DriftChange {
  kind: ChangeKind;
  location: ChangeLocation;
  field?: string;
  /** What the spec says (type, flag…). */
  spec?: string;
  /** What the page says. */
  page?: string;
  note?: string;
  /**
   * For an added object or list: how many of its own fields the pages show that the spec also
   * lacks (folded into this entry rather than listed one by one).
   */
  nestedAdded?: number;
  /** Copies the change was seen on. */
  sources: string[];
}

export interface DriftCopy {
  source: string;
  url?: string;
  complete: boolean;
  lastModified?: string;
  /** Section the copy stops in, when cut. */
  cutIn?: string;
}

export interface OperationDrift {
  /** `POST /open/order`, or `callback TAOBAO_…` for webhooks. */
  key: string;
  kind: 'operation' | 'webhook';
  /** operationId or webhook name. */
  name?: string;
  file?: string;
  /** `x-pandapon-evidence` of the operation: set when no PandaPon page documents it. */
  evidence?: string[];
  copies: DriftCopy[];
  changes: DriftChange[];
}

export interface NewOperation {
  key: string;
  kind: 'operation' | 'callback';
  title?: string;
  sources: string[];
  note?: string;
}

export interface DriftReport {
  pagesRead: number;
  /** Pages without method and path (manuals) and unreadable ones. */
  skipped: { source: string; reason: string }[];
  operations: OperationDrift[];
  newOperations: NewOperation[];
  /** White-label pages no operation cites: corroboration only, not PandaPon operations. */
  whiteLabel: NewOperation[];
  /** Spec operations no saved page matched (not compared). */
  notCompared: string[];
  totals: { changes: number; operationsWithChanges: number; newOperations: number };
}

export function computeDrift(pages: DriftPage[], index: SpecIndex): DriftReport {
  const comparison = compareDocs({
    copies: pages.map((p) => ({ source: p.source, text: p.text })),
    spec: index,
    allCopies: false,
  });
  const groups = [...comparison.groups].sort((a, b) => a.key.localeCompare(b.key));
  const operations: OperationDrift[] = [];
  const newOperations: NewOperation[] = [];
  const whiteLabel: NewOperation[] = [];

  for (const g of groups) {
    for (const f of g.findings) {
      if (f.kind === 'operation-not-in-spec') {
        newOperations.push({
          key: f.key,
          kind: 'operation',
          ...(f.title ? { title: f.title } : {}),
          sources: f.copies,
          ...(f.otherMethods.length > 0
            ? { note: `the spec has this path with ${f.otherMethods.join(', ')}` }
            : {}),
        });
      } else if (f.kind === 'callback-not-in-spec') {
        newOperations.push({
          key: g.key,
          kind: 'callback',
          ...(f.title ? { title: f.title } : {}),
          sources: f.copies,
        });
      } else if (f.kind === 'white-label-path') {
        whiteLabel.push({
          key: f.key,
          kind: 'operation',
          ...(f.title ? { title: f.title } : {}),
          sources: f.copies,
        });
      }
    }
    if (g.target) operations.push(operationDrift(g, g.target));
  }

  const notCompared = comparison.findings.flatMap((f) => {
    if (f.kind !== 'operation-without-page' || f.whiteLabelCopies.length > 0) return [];
    const { key, spec } = f.operation;
    return [
      spec.evidence.length > 0
        ? `${key} (evidence: ${spec.evidence.join(' + ')}; no PandaPon page)`
        : key,
    ];
  });
  const changeCount = operations.reduce((n, o) => n + o.changes.length, 0);
  return {
    pagesRead: pages.length,
    skipped: comparison.skipped,
    operations,
    newOperations,
    whiteLabel,
    notCompared: [...new Set(notCompared)].sort(),
    totals: {
      changes: changeCount,
      operationsWithChanges: operations.filter((o) => o.changes.length > 0).length,
      newOperations: newOperations.length,
    },
  };
}

function operationDrift(
  g: ComparedGroup,
  target: NonNullable<ComparedGroup['target']>,
): OperationDrift {
  const spec = target.spec;
  const name = target.kind === 'webhook' ? target.spec.name : target.spec.operationId;
  const evidence = target.kind === 'operation' ? target.spec.evidence : [];
  return {
    key: g.key,
    kind: target.kind,
    ...(name ? { name } : {}),
    file: spec.file,
    ...(evidence.length > 0 ? { evidence } : {}),
    copies: g.copies.map(copyInfo),
    changes: changesOf(g),
  };
}

/** A group's findings as changes: the fields of an added object fold into its entry. */
function changesOf(g: ComparedGroup): DriftChange[] {
  const added = new Map<string, DriftChange>();
  for (const f of g.findings) {
    if (f.kind === 'field-not-in-spec') added.set(`${f.location} ${f.field}`, addedChange(f));
  }
  const changes: DriftChange[] = [];
  const provenance: ProvenanceFinding[] = [];
  for (const f of g.findings) {
    if (f.kind === 'provenance') {
      provenance.push(f.rule);
    } else if (f.kind === 'field-not-in-spec') {
      const host = addedAncestor(added, f.location, f.field);
      if (host) host.nestedAdded = (host.nestedAdded ?? 0) + 1;
      else changes.push(added.get(`${f.location} ${f.field}`) as DriftChange);
    } else {
      changes.push(...otherChange(f));
    }
  }
  return [...changes, ...metadataChanges(g.copies, provenance)];
}

function addedChange(f: Extract<Finding, { kind: 'field-not-in-spec' }>): DriftChange {
  if (f.location === 'header') {
    return {
      kind: 'added',
      location: 'header',
      field: f.field,
      note: 'header not covered by the security schemes or header parameters',
      sources: f.copies,
    };
  }
  const notes = [
    f.specSchema === 'open'
      ? 'not yet in spec (the spec schema there is marked truncated/open)'
      : 'not yet in spec',
    ...(f.alternative ? [`nesting guessed; may be "${f.alternative}"`] : []),
  ];
  return {
    kind: 'added',
    location: f.location,
    field: f.field,
    page: f.pageType ?? '?',
    note: notes.join('; '),
    sources: f.copies,
  };
}

/** The nearest enclosing object or list also reported added at the same location. */
function addedAncestor(
  added: Map<string, DriftChange>,
  location: string,
  field: string,
): DriftChange | undefined {
  let parent = parentObjectPath(field).replace(/(\[\])+$/, '');
  while (parent !== '') {
    const host = added.get(`${location} ${parent}`);
    if (host) return host;
    parent = parentObjectPath(parent).replace(/(\[\])+$/, '');
  }
  return undefined;
}

/** Every other finding about a matched operation, as changes. */
function otherChange(f: Finding): DriftChange[] {
  const meta = { kind: 'metadata' as const, location: 'operation' as const };
  switch (f.kind) {
    case 'field-differs':
      return [
        {
          kind: f.aspect,
          location: f.location,
          field: f.field,
          spec: f.spec,
          page: f.page,
          sources: f.copies,
        },
      ];
    case 'field-not-on-page':
      return [
        {
          kind: 'removed',
          location: f.location,
          field: f.field,
          spec: f.spec,
          note: 'absent from complete copies',
          sources: f.copies,
        },
      ];
    case 'field-only-in-example':
      return [
        {
          kind: 'added',
          location: f.location,
          field: f.field,
          note: "only in the page's request example; not yet in spec",
          sources: f.copies,
        },
      ];
    case 'path-renamed':
      return [
        {
          ...meta,
          spec: f.operation.spec.path,
          page: f.documentedPath,
          note: 'path parameter named differently',
          sources: f.copies,
        },
      ];
    case 'duplicate-operation':
      return [{ ...meta, note: `declared more than once: ${f.files.join(', ')}`, sources: [] }];
    case 'evidence-contradicted':
      return [
        {
          ...meta,
          note: 'x-pandapon-evidence says no PandaPon page documents it, but this copy does',
          sources: f.copies,
        },
      ];
    case 'page-shows-other-path':
      return [
        {
          ...meta,
          spec: f.listed,
          page: f.shown,
          note: 'the page shows another path',
          sources: [f.copy],
        },
      ];
    default:
      // Operation-level outcomes (new, white-label, not compared) are the report's own lists.
      return [];
  }
}

/** Metadata changes: the shared provenance rules over a partial set of copies (a folder). */
function metadataChanges(copies: ParsedCopy[], rules: ProvenanceFinding[]): DriftChange[] {
  const order = new Map(copies.map((c, i) => [c.source, i]));
  const changes = rules.flatMap(driftWording);
  // Operation-level marks first, then the copies' listings in the order the copies came.
  const rank = (c: DriftChange) =>
    c.note?.includes('x-pandapon-docs') ? 2 + (order.get(c.sources[0] ?? '') ?? 0) : 0;
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/** A provenance finding as drift metadata changes (one per copy for the listing checks). */
function driftWording(f: ProvenanceFinding): DriftChange[] {
  const meta = { kind: 'metadata' as const, location: 'operation' as const };
  switch (f.code) {
    case 'docs-not-listed':
      return f.sources.map((source) => ({
        ...meta,
        note: `copy ${f.url} is not listed in x-pandapon-docs`,
        sources: [source],
      }));
    case 'docs-complete':
      return f.sources.map((source) => ({
        ...meta,
        note: `x-pandapon-docs lists ${f.url} as incomplete, this copy is complete`,
        sources: [source],
      }));
    case 'truncated-but-complete':
      return [
        {
          ...meta,
          note: 'spec is marked x-pandapon-truncated but a complete copy exists: transcribe the rest',
          sources: f.sources,
        },
      ];
    case 'dev-label-missing':
      return [{ ...meta, spec: 'not under development', page: '开发中', sources: f.sources }];
    case 'dev-label-extra':
      return [
        {
          ...meta,
          spec: 'x-pandapon-under-development',
          page: 'no 开发中 label',
          sources: f.sources,
        },
      ];
    default:
      // The other rules need every stored copy; a drift folder never runs them.
      return [];
  }
}

function copyInfo(c: ParsedCopy): DriftCopy {
  return {
    source: c.source,
    ...(c.url ? { url: c.url } : {}),
    complete: c.complete,
    ...(c.page?.lastModified ? { lastModified: c.page.lastModified } : {}),
    ...(c.page?.cut ? { cutIn: c.page.cut.section } : {}),
  };
}
