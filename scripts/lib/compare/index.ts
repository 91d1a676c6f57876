/**
 * The one comparison of doc-page copies with the specs (read through @pandapon/spec-model).
 * Copies are parsed once and grouped by what they document; each group is matched to its spec
 * operation (a callback's to the webhook declaring its message type) and compared field by
 * field, then against the provenance rules. Everything found is a typed {@link Finding}.
 *
 * Two tools consume it: the coverage gate (scripts/lib/coverage.ts) hands over every stored
 * copy (`allCopies`) and fails on error findings; the drift report (scripts/lib/drift.ts) hands
 * over a folder of saved pages and reports every finding.
 */

import { findOperations, type SpecIndex, type SpecOperation } from '@pandapon/spec-model';
import { isWhiteLabelUrl } from '../docs-source.js';
import { type ProvenanceSubject, provenanceFindings } from '../provenance.js';
import {
  type CopyGroup,
  type DocCopy,
  groupCopies,
  operationMentioning,
  type ParsedCopy,
  type SkippedCopy,
  titleOf,
} from './copies.js';
import type { Finding, OperationTarget, Target } from './findings.js';
import { compareMessageFields, compareOperationFields } from './operation.js';
import { SpecSchemas } from './schemas.js';

export type { DocCopy, ParsedCopy, SkippedCopy } from './copies.js';
export type {
  FieldAspect,
  FieldLocation,
  Finding,
  FindingKind,
  OperationTarget,
  ParamLocation,
  Severity,
  SpecSchemaState,
  Target,
} from './findings.js';
export { copiesOf } from './findings.js';

export interface CompareInput {
  copies: readonly DocCopy[];
  spec: SpecIndex;
  /**
   * The copies are every stored copy (the catalog and the seeds), not a folder of some saved
   * pages: the provenance rules that need the full set run, and a spec operation no copy
   * documents is a warning.
   */
  allCopies: boolean;
  /**
   * Text of a stored page by its `pages/`-relative file, for `x-pandapon-docs` entries whose
   * page is not among the copies (white-label evidence). Without it those entries are not read.
   */
  pageText?: (file: string) => string | undefined;
}

/** The copies of one operation or callback, and what comparing them found. */
export interface ComparedGroup {
  /** `POST /open/order`, or `callback <MESSAGE_TYPE>`. */
  key: string;
  callback: boolean;
  copies: ParsedCopy[];
  /** The spec side matched, when one was. */
  target?: Target;
  /** No copy is a PandaPon page (white-label copies only). */
  whiteLabelOnly: boolean;
  findings: Finding[];
}

export interface Comparison {
  /** Every finding: spec problems, then each group's in the order the copies came, then spec operations no copy matched. */
  findings: Finding[];
  /** In the order their first copies came. */
  groups: ComparedGroup[];
  skipped: SkippedCopy[];
  /** Copies parsed in groups matched to a spec operation. */
  copiesCompared: number;
  /** Top-level request fields on those copies (the gate's count). */
  requestFieldsChecked: number;
}

export function compareDocs(input: CompareInput): Comparison {
  const { spec, allCopies } = input;
  const schemas = new SpecSchemas(spec);
  const findings: Finding[] = spec.problems.map((problem) => ({
    kind: 'spec-problem',
    severity: 'error',
    problem,
  }));
  const { groups: copyGroups, skipped } = groupCopies(input.copies, schemas);
  /** Operations some group matched, with the copies of the groups that are white-label only. */
  const matched = new Map<SpecOperation, string[]>();
  const documented = new Set<SpecOperation>();
  const groups: ComparedGroup[] = [];
  let copiesCompared = 0;
  let requestFieldsChecked = 0;

  for (const g of copyGroups) {
    const whiteLabelOnly = g.copies.every((c) => isWhiteLabelUrl(c.url));
    const group: ComparedGroup = {
      key: g.key,
      callback: g.callback,
      copies: g.copies,
      whiteLabelOnly,
      findings: [],
    };
    groups.push(group);
    if (g.callback) {
      compareCallback(schemas, g, group, input);
    } else {
      const ops = matchOperation(schemas, g, group);
      for (const op of ops) {
        const whiteLabel = matched.get(op) ?? [];
        if (whiteLabelOnly) whiteLabel.push(...g.copies.map((c) => c.source));
        else documented.add(op);
        matched.set(op, whiteLabel);
      }
      if (group.target?.kind === 'operation') {
        const fields = compareOperationFields(schemas, group.target, g.copies);
        group.findings.push(...fields.findings);
        group.findings.push(...provenance(group.target, g.copies, input));
        copiesCompared += g.copies.filter((c) => c.page).length;
        requestFieldsChecked += fields.requestFieldsChecked;
      }
    }
    findings.push(...group.findings);
  }

  for (const op of spec.operations) {
    if (documented.has(op)) continue;
    const operation: OperationTarget = { kind: 'operation', key: op.key, spec: op };
    const resting = op.evidence.length > 0;
    const whiteLabelCopies = matched.get(op);
    findings.push({
      kind: 'operation-without-page',
      severity: !resting && allCopies && !whiteLabelCopies ? 'warning' : 'info',
      operation,
      whiteLabelCopies: whiteLabelCopies ?? [],
    });
    // With every copy known, the entries of an operation on other evidence are still checked.
    if (resting && allCopies && !whiteLabelCopies) {
      findings.push(...provenance(operation, [], input));
    }
  }
  return { findings, groups, skipped, copiesCompared, requestFieldsChecked };
}

/** Matches an operation group to its spec operation; returns every operation its key names. */
function matchOperation(schemas: SpecSchemas, g: CopyGroup, group: ComparedGroup): SpecOperation[] {
  const { ops, exact } = findOperations(schemas.index, g.method, g.path);
  const copies = g.copies.map((c) => c.source);
  const title = titleOf(g);
  const op = ops[0];
  if (!op) {
    if (group.whiteLabelOnly) {
      // A white-label path is not a PandaPon path: never missing from the specs.
      const citedBy = g.copies
        .map((c) => (c.url ? operationMentioning(schemas.index, c.url) : undefined))
        .find((o) => o !== undefined);
      group.findings.push({
        kind: 'white-label-path',
        severity: 'warning',
        key: g.key,
        copies,
        ...(title ? { title } : {}),
        ...(citedBy ? { citedBy: citedBy.key } : {}),
      });
    } else {
      const otherMethods = schemas.index.operations
        .filter((o) => o.path === g.path)
        .map((o) => o.method);
      group.findings.push({
        kind: 'operation-not-in-spec',
        severity: 'error',
        key: g.key,
        copies,
        ...(title ? { title } : {}),
        otherMethods,
      });
    }
    return [];
  }
  const operation: OperationTarget = { kind: 'operation', key: op.key, spec: op };
  group.target = operation;
  if (!exact) {
    group.findings.push({
      kind: 'path-renamed',
      severity: 'warning',
      operation,
      documentedPath: g.path,
      copies,
    });
  }
  if (ops.length > 1) {
    group.findings.push({
      kind: 'duplicate-operation',
      severity: 'warning',
      operation,
      files: ops.map((o) => o.file),
    });
  }
  const pandapon = g.copies.filter((c) => !isWhiteLabelUrl(c.url));
  if (op.evidence.length > 0 && pandapon.length > 0) {
    group.findings.push({
      kind: 'evidence-contradicted',
      severity: 'error',
      operation,
      copies: pandapon.map((c) => c.source),
    });
  }
  for (const c of g.copies) {
    const { page } = c;
    if (!c.listedKey || !page?.method || !page.path) continue;
    const shown = `${page.method.toUpperCase()} ${page.path}`;
    if (shown !== c.listedKey) {
      group.findings.push({
        kind: 'page-shows-other-path',
        severity: 'warning',
        operation,
        copy: c.source,
        listed: c.listedKey,
        shown: `${page.method} ${page.path}`,
      });
    }
  }
  return ops;
}

/** Matches a callback group to the webhook declaring its message type and compares it. */
function compareCallback(
  schemas: SpecSchemas,
  g: CopyGroup,
  group: ComparedGroup,
  input: CompareInput,
): void {
  const hook = schemas.webhookOf(g.path);
  if (!hook) {
    const title = titleOf(g);
    group.findings.push({
      kind: 'callback-not-in-spec',
      severity: 'error',
      messageType: g.path,
      copies: g.copies.map((c) => c.source),
      ...(title ? { title } : {}),
    });
    return;
  }
  const operation: Target = { kind: 'webhook', key: g.key, spec: hook };
  group.target = operation;
  group.findings.push(...compareMessageFields(schemas, operation, g.copies));
  group.findings.push(...provenance(operation, g.copies, input));
}

/**
 * The provenance rules (lib/provenance.ts) for one operation or webhook. Webhooks carry no
 * truncated / under-development marks: only their `x-pandapon-docs` listing is checked.
 */
function provenance(
  operation: Target,
  copies: readonly ParsedCopy[],
  input: CompareInput,
): Finding[] {
  const seen = copies.map((c) => ({
    source: c.source,
    ...(c.url ? { url: c.url } : {}),
    ...(c.lang ? { lang: c.lang } : {}),
    complete: c.complete,
    underDevelopment: c.underDevelopment,
  }));
  const ctx = {
    allCopies: input.allCopies,
    ...(input.pageText ? { pageText: input.pageText } : {}),
  };
  if (operation.kind === 'operation') {
    return provenanceFindings(operation.spec, seen, ctx).map((rule) => ({
      kind: 'provenance',
      severity: 'error',
      operation,
      rule,
    }));
  }
  const hook = operation.spec;
  if (hook.docs.length === 0) return [];
  const subject: ProvenanceSubject = {
    method: hook.method,
    path: operation.key.replace(/^callback /, ''),
    docs: hook.docs,
    truncated: false,
    underDevelopment: false,
  };
  return provenanceFindings(subject, seen, ctx)
    .filter((rule) => rule.code.startsWith('docs-'))
    .map((rule) => ({ kind: 'provenance', severity: 'error', operation, rule }));
}
