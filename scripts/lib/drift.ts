/**
 * Differences between saved doc pages and the specs (pure logic; scripts/docs-drift.ts is the
 * CLI). Pages are matched to operations by method + path (callback pages to webhooks by message
 * type); all copies of one operation are merged:
 *
 * - a field on any copy that the spec lacks is "added" (also when the spec schema is marked
 *   truncated/open: then it is "not yet in spec");
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

import {
  type DocRef,
  findOperations,
  operationKey,
  type SpecIndex,
  type SpecOperation,
  type SpecWebhook,
} from '@pandapon/spec-model';
import { CALLBACK_ENVELOPE_FIELDS, ENVELOPE_FIELDS } from '../apifox/nesting.js';
import { enumMatches, parsePage } from '../apifox/parse-page.js';
import { describeType } from '../apifox/type-expr.js';
import type { PageField, ParsedPage } from '../apifox/types.js';
import { isWhiteLabelUrl, normaliseUrl } from './docs-source.js';
import {
  type ProvenanceFinding,
  type ProvenanceSubject,
  provenanceFindings,
} from './provenance.js';
import {
  type FlatSchema,
  flattenSchema,
  parentObjectPath,
  type SpecField,
} from './schema-fields.js';

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

interface Copy {
  source: string;
  page: ParsedPage;
}

interface SkipRules {
  /** Not compared at all (shared envelope fields, deliberately loose in common.yaml). */
  ignore: ReadonlySet<string>;
  /** Compared, but never reported as removed (present in every response by construction). */
  neverRemoved: ReadonlySet<string>;
}

const NO_SKIP: SkipRules = { ignore: new Set(), neverRemoved: new Set() };
const RESPONSE_SKIP: SkipRules = {
  ignore: new Set([...ENVELOPE_FIELDS].filter((n) => n !== 'data')),
  neverRemoved: ENVELOPE_FIELDS,
};
const MESSAGE_SKIP: SkipRules = {
  ignore: new Set([...CALLBACK_ENVELOPE_FIELDS].filter((n) => n !== 'messageBody')),
  neverRemoved: CALLBACK_ENVELOPE_FIELDS,
};

function describeSpec(f: SpecField): string {
  const parts = [...f.types].map((t) =>
    t === 'array' && f.itemTypes && f.itemTypes.size > 0
      ? `array[${[...f.itemTypes].join(' | ')}]`
      : t,
  );
  if (parts.length === 0) parts.push('any');
  if (f.nullable) parts.push('null');
  return parts.join(' | ');
}

function typeAgrees(field: PageField, spec: SpecField): boolean {
  const type = field.type;
  if (!type) return true;
  if (spec.types.size === 0) return true;
  if (type.types.length === 0) return spec.nullable; // the page says only `null`
  if (!type.types.every((t) => t === 'any' || spec.types.has(t))) return false;
  const items = type.items;
  if (type.types.includes('array') && items && items.types.length > 0 && spec.itemTypes?.size) {
    return items.types.every((t) => t === 'any' || spec.itemTypes?.has(t));
  }
  return true;
}

/** Parameter schema as a SpecField, to compare like a body field. */
function paramField(
  index: SpecIndex,
  op: SpecOperation,
  name: string,
  loc: string,
): SpecField | undefined {
  const p = op.params.find((x) => x.in === loc && x.name === name);
  if (!p) return undefined;
  const wrapped = {
    node: { type: 'object', properties: { [name]: p.schema?.node ?? {} } },
    file: p.schema?.file ?? '',
  };
  const f = flattenSchema(index.resolver, wrapped).fields.get(name);
  return f ? { ...f, required: p.required } : undefined;
}

interface Observed {
  field: PageField;
  copy: Copy;
}

/** One location of a page (request body, response, a parameter list) and its spec schema. */
interface FieldComparison {
  location: ChangeLocation;
  copies: Copy[];
  /** The page's fields at this location. */
  fieldsOf: (p: ParsedPage) => PageField[];
  /** Object paths whose fields the page lists (not collapsed), '' for the top level. */
  expandedOf: (p: ParsedPage) => string[];
  /** Field paths the page's example shows at this location. */
  examplePathsOf: (p: ParsedPage) => string[];
  /** The spec schema, flattened. */
  flat: FlatSchema;
  skip: SkipRules;
}

/** Compares one location's page fields (merged over copies) with a flat spec schema. */
function compareFields({
  location,
  copies,
  fieldsOf,
  expandedOf,
  examplePathsOf,
  flat,
  skip,
}: FieldComparison): DriftChange[] {
  const changes: DriftChange[] = [];
  const observed = new Map<string, Observed[]>();
  for (const copy of copies) {
    for (const field of fieldsOf(copy.page)) {
      let path = field.path;
      if (
        !flat.fields.has(path) &&
        field.alternativePath &&
        flat.fields.has(field.alternativePath)
      ) {
        path = field.alternativePath;
      }
      observed.set(path, [...(observed.get(path) ?? []), { field, copy }]);
    }
  }

  const added = new Map<string, DriftChange>();
  for (const [path, obs] of observed) {
    const sources = [...new Set(obs.map((o) => o.copy.source))];
    const spec = flat.fields.get(path);
    if (!spec) {
      if (skip.ignore.has(path)) continue;
      const notes: string[] = [];
      if (flat.openObjects.has(parentObjectPath(path))) {
        notes.push('not yet in spec (the spec schema there is marked truncated/open)');
      } else {
        notes.push('not yet in spec');
      }
      const guessed = obs.find((o) => o.field.nesting === 'guess' && o.field.alternativePath);
      if (guessed) notes.push(`nesting guessed; may be "${guessed.field.alternativePath}"`);
      const typed = obs.find((o) => o.field.type)?.field.type;
      added.set(path, {
        kind: 'added',
        location,
        field: path,
        page: describeType(typed),
        note: notes.join('; '),
        sources,
      });
      continue;
    }
    if (skip.ignore.has(path)) continue;

    const typedObs = obs.filter((o) => o.field.type);
    if (typedObs.length > 0 && !typedObs.some((o) => typeAgrees(o.field, spec))) {
      changes.push({
        kind: 'type',
        location,
        field: path,
        spec: describeSpec(spec),
        page: [...new Set(typedObs.map((o) => describeType(o.field.type)))].join(' / '),
        sources,
      });
    }
    const stated = obs.filter((o) => o.field.required !== undefined);
    if (stated.length > 0 && !stated.some((o) => o.field.required === spec.required)) {
      changes.push({
        kind: 'required',
        location,
        field: path,
        spec: spec.required ? 'required' : 'optional',
        page: spec.required ? 'optional' : 'required',
        sources: [...new Set(stated.map((o) => o.copy.source))],
      });
    }
    // A cut type line may have lost its `| null`: only whole type lines count.
    const full = obs.filter((o) => o.field.type && !o.field.cut && o.field.type.types.length > 0);
    if (full.length > 0 && !full.some((o) => o.field.type?.nullable === spec.nullable)) {
      changes.push({
        kind: 'nullable',
        location,
        field: path,
        spec: spec.nullable ? 'nullable' : 'not nullable',
        page: spec.nullable ? 'not nullable' : 'nullable',
        sources: [...new Set(full.map((o) => o.copy.source))],
      });
    }
    const withEnum = obs.filter((o) => o.field.enumValues && o.field.enumValues.length > 0);
    if (withEnum.length > 0) {
      const specEnum = spec.enum ?? [];
      if (!withEnum.some((o) => enumMatches(o.field.enumValues ?? [], specEnum))) {
        changes.push({
          kind: 'enum',
          location,
          field: path,
          spec: specEnum.length > 0 ? specEnum.map(String).join(', ') : '(no enum)',
          page: (withEnum[0]?.field.enumValues ?? []).join(', '),
          sources: [...new Set(withEnum.map((o) => o.copy.source))],
        });
      }
    }
  }

  // Fold added fields whose parent is itself added into the parent's entry.
  for (const [path, change] of added) {
    let parent = parentObjectPath(path).replace(/(\[\])+$/, '');
    let folded = false;
    while (parent !== '') {
      const host = added.get(parent);
      if (host) {
        host.nestedAdded = (host.nestedAdded ?? 0) + 1;
        folded = true;
        break;
      }
      parent = parentObjectPath(parent).replace(/(\[\])+$/, '');
    }
    if (!folded) changes.push(change);
  }

  // Removals: only where a complete copy lists the parent object's fields.
  const complete = copies.filter((c) => c.page.complete);
  if (complete.length > 0) {
    const exampleSeen = new Set(copies.flatMap((c) => examplePathsOf(c.page)));
    for (const [path, spec] of flat.fields) {
      if (observed.has(path) || skip.ignore.has(path) || skip.neverRemoved.has(path)) continue;
      if (exampleSeen.has(path)) continue;
      const parent = parentObjectPath(path);
      const covering = complete.filter((c) => expandedOf(c.page).includes(parent));
      if (covering.length === 0) continue;
      changes.push({
        kind: 'removed',
        location,
        field: path,
        spec: describeSpec(spec),
        note: 'absent from complete copies',
        sources: covering.map((c) => c.source),
      });
    }
  }
  return changes;
}

function compareParams(index: SpecIndex, op: SpecOperation, copies: Copy[]): DriftChange[] {
  const changes: DriftChange[] = [];
  for (const loc of ['path', 'query', 'cookie'] as const) {
    const specNames = op.params.filter((p) => p.in === loc).map((p) => p.name);
    const fields: Record<string, SpecField> = {};
    for (const name of specNames) {
      const f = paramField(index, op, name, loc);
      if (f) fields[name] = f;
    }
    const flat: FlatSchema = {
      fields: new Map(Object.entries(fields)),
      openObjects: new Set(),
      present: true,
    };
    // Query parameters standing for security schemes (logistics timestamp/sign) are not params.
    const security = new Set(
      [...op.securityParams]
        .filter((s) => s.startsWith(`${loc}:`))
        .map((s) => s.slice(loc.length + 1)),
    );
    const skip: SkipRules = { ignore: security, neverRemoved: security };
    changes.push(
      ...compareFields({
        location: loc,
        copies,
        fieldsOf: (p) => p.params[loc],
        expandedOf: (p) => (p.kind === 'api' ? [''] : []),
        examplePathsOf: () => [],
        flat,
        skip,
      }),
    );
  }
  // Headers: only report ones that are neither a security scheme nor a declared header param.
  const knownHeaders = new Set(
    [
      ...[...op.securityParams].filter((s) => s.startsWith('header:')).map((s) => s.slice(7)),
      ...op.params.filter((p) => p.in === 'header').map((p) => p.name),
    ].map((h) => h.toLowerCase()),
  );
  const extra = new Map<string, string[]>();
  for (const c of copies) {
    for (const h of c.page.headers) {
      if (knownHeaders.has(h.name.toLowerCase())) continue;
      extra.set(h.name, [...(extra.get(h.name) ?? []), c.source]);
    }
  }
  for (const [name, sources] of extra) {
    changes.push({
      kind: 'added',
      location: 'header',
      field: name,
      note: 'header not covered by the security schemes or header parameters',
      sources,
    });
  }
  return changes;
}

/** Metadata changes: the shared provenance rules over a partial set of copies (a folder). */
function metadataChanges(copies: Copy[], subject: ProvenanceSubject): DriftChange[] {
  const seen = copies.map((c) => ({
    source: c.source,
    ...(c.page.url ? { url: c.page.url } : {}),
    complete: c.page.complete,
    underDevelopment: c.page.underDevelopment,
  }));
  const order = new Map(copies.map((c, i) => [c.source, i]));
  const changes = provenanceFindings(subject, seen, { allCopies: false }).flatMap(driftWording);
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

/** The operation whose `x-pandapon-docs` lists a stored copy at `url` (normalised compare). */
function findOperationByDocUrl(
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

function copyInfo(c: Copy): DriftCopy {
  return {
    source: c.source,
    ...(c.page.url ? { url: c.page.url } : {}),
    complete: c.page.complete,
    ...(c.page.lastModified ? { lastModified: c.page.lastModified } : {}),
    ...(c.page.cut ? { cutIn: c.page.cut.section } : {}),
  };
}

export function computeDrift(pages: DriftPage[], index: SpecIndex): DriftReport {
  const skipped: DriftReport['skipped'] = [];
  const groups = new Map<
    string,
    { method: string; path: string; copies: Copy[]; callback: boolean }
  >();
  const flatCache = new Map<unknown, FlatSchema>();
  const flat = (loc: { node: unknown; file: string } | undefined): FlatSchema => {
    const cached = loc ? flatCache.get(loc.node) : undefined;
    if (cached) return cached;
    const f = flattenSchema(index.resolver, loc);
    if (loc) flatCache.set(loc.node, f);
    return f;
  };
  const hintsFor = (method: string, path: string) => {
    if (!path.startsWith('/')) {
      const hook = index.webhooks.find((w) => w.messageTypes.includes(path));
      return hook ? { response: new Set(flat(hook.requestBody).fields.keys()) } : undefined;
    }
    const op = findOperations(index, method, path).ops[0];
    if (!op) return undefined;
    return {
      body: new Set(flat(op.requestBody).fields.keys()),
      response: new Set(flat(op.response).fields.keys()),
    };
  };

  for (const p of pages) {
    let page: ParsedPage;
    try {
      page = parsePage(p.text, { hints: hintsFor });
    } catch (e) {
      // The parser is written not to throw; this guards the report against a bug in it.
      skipped.push({
        source: p.source,
        reason: `parser error: ${e instanceof Error ? e.message : String(e)}`,
      });
      continue;
    }
    if (!page.method || !page.path) {
      skipped.push({ source: p.source, reason: 'no method and path (manual or cut before them)' });
      continue;
    }
    const callback = page.kind === 'callback';
    let method = page.method;
    let path = page.path;
    // A white-label page shows its own path; the operation citing it is what it documents.
    if (!callback && page.url && findOperations(index, method, path).ops.length === 0) {
      // Only where the entry declares the page's own path: a PandaPon page whose path no
      // longer matches its operation is drift, not evidence.
      const cited = findOperationByDocUrl(index, page.url);
      if (cited && cited.doc.path === path) ({ method, path } = cited.op);
    }
    const key = callback ? `callback ${path}` : operationKey(method, path);
    const g = groups.get(key) ?? { method, path, copies: [], callback };
    g.copies.push({ source: p.source, page });
    groups.set(key, g);
  }

  const operations: OperationDrift[] = [];
  const newOperations: NewOperation[] = [];
  const whiteLabel: NewOperation[] = [];
  const compared = new Set<SpecOperation>();

  for (const [key, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const sources = g.copies.map((c) => c.source);
    const title = g.copies.find((c) => c.page.title)?.page.title;
    if (g.callback) {
      const hook: SpecWebhook | undefined = index.webhooks.find((w) =>
        w.messageTypes.includes(g.path),
      );
      if (!hook) {
        newOperations.push({ key, kind: 'callback', ...(title ? { title } : {}), sources });
        continue;
      }
      const changes = compareFields({
        location: 'message',
        copies: g.copies,
        fieldsOf: (p) => p.response,
        expandedOf: (p) => p.responseExpanded,
        examplePathsOf: (p) => p.responseExample?.paths ?? [],
        flat: flat(hook.requestBody),
        skip: MESSAGE_SKIP,
      });
      // Webhooks carry no truncated/under-development flags; only the docs list is checked.
      if (hook.docs.length > 0) {
        changes.push(
          ...metadataChanges(g.copies, {
            method: 'POST',
            path: g.path,
            docs: hook.docs,
            truncated: false,
            underDevelopment: false,
          }).filter((c) => c.note?.includes('x-pandapon-docs')),
        );
      }
      operations.push({
        key,
        kind: 'webhook',
        name: hook.name,
        file: hook.file,
        copies: g.copies.map(copyInfo),
        changes,
      });
      continue;
    }
    const { ops, exact } = findOperations(index, g.method, g.path);
    const op = ops[0];
    if (!op) {
      const other = index.operations.filter((o) => o.path === g.path).map((o) => o.method);
      const onlyWhiteLabel = g.copies.every((c) => isWhiteLabelUrl(c.page.url));
      (onlyWhiteLabel ? whiteLabel : newOperations).push({
        key,
        kind: 'operation',
        ...(title ? { title } : {}),
        sources,
        ...(other.length > 0 ? { note: `the spec has this path with ${other.join(', ')}` } : {}),
      });
      continue;
    }
    compared.add(op);
    const changes: DriftChange[] = [];
    if (!exact) {
      changes.push({
        kind: 'metadata',
        location: 'operation',
        spec: op.path,
        page: g.path,
        note: 'path parameter named differently',
        sources,
      });
    }
    changes.push(...compareParams(index, op, g.copies));
    changes.push(
      ...compareFields({
        location: 'body',
        copies: g.copies,
        fieldsOf: (p) => p.body,
        expandedOf: (p) => p.bodyExpanded,
        examplePathsOf: (p) => p.requestExample?.paths ?? [],
        flat: flat(op.requestBody),
        skip: NO_SKIP,
      }),
    );
    changes.push(
      ...compareFields({
        location: 'response',
        copies: g.copies,
        fieldsOf: (p) => p.response,
        expandedOf: (p) => p.responseExpanded,
        examplePathsOf: (p) => p.responseExample?.paths ?? [],
        flat: flat(op.response),
        skip: RESPONSE_SKIP,
      }),
    );
    changes.push(...metadataChanges(g.copies, op));
    operations.push({
      key,
      kind: 'operation',
      ...(op.operationId ? { name: op.operationId } : {}),
      file: op.file,
      ...(op.evidence.length > 0 ? { evidence: op.evidence } : {}),
      copies: g.copies.map(copyInfo),
      changes,
    });
  }

  const notCompared = index.operations
    .filter((o) => !compared.has(o))
    .map((o) =>
      o.evidence.length > 0
        ? `${o.key} (evidence: ${o.evidence.join(' + ')}; no PandaPon page)`
        : o.key,
    );
  const changeCount = operations.reduce((n, o) => n + o.changes.length, 0);
  return {
    pagesRead: pages.length,
    skipped,
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
