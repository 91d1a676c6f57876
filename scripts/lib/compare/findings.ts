/**
 * What comparing doc-page copies with the specs finds, as one discriminated union. Every
 * finding carries a severity, decided here once: `error` is what the coverage gate fails on,
 * `warning` what it prints, `info` the detail only the drift report shows (and the operations
 * resting on other evidence). The tools choose which findings to render and how to word them.
 */

import type { SpecOperation, SpecWebhook } from '@pandapon/spec-model';
import type { ProvenanceFinding } from '../provenance.js';

export type Severity = 'error' | 'warning' | 'info';

/** The spec side a finding is about: an operation, or a webhook (a callback page's message). */
export type Target =
  | { kind: 'operation'; key: string; spec: SpecOperation }
  | { kind: 'webhook'; key: string; spec: SpecWebhook };

export type OperationTarget = Extract<Target, { kind: 'operation' }>;

export type ParamLocation = 'path' | 'query' | 'cookie';
/** Where on the page a field sits (`message`: a callback page's pushed body). */
export type FieldLocation = ParamLocation | 'header' | 'body' | 'response' | 'message';

/** How the spec schema around a missing field looks: absent, open/truncated, or closed. */
export type SpecSchemaState = 'absent' | 'open' | 'closed';

export type FieldAspect = 'type' | 'required' | 'nullable' | 'enum';

export type Finding =
  /** A spec file that cannot be read or a `$ref` leading nowhere. */
  | { kind: 'spec-problem'; severity: 'error'; problem: string }
  /** Copies document `METHOD /path`, which no spec declares. */
  | {
      kind: 'operation-not-in-spec';
      severity: 'error';
      key: string;
      copies: string[];
      title?: string;
      /** Methods the specs declare on the same path. */
      otherMethods: string[];
    }
  /** Copies document a callback message type no webhook declares. */
  | {
      kind: 'callback-not-in-spec';
      severity: 'error';
      messageType: string;
      copies: string[];
      title?: string;
    }
  /** Only white-label copies show this path (not a PandaPon path), and no entry cites them with it. */
  | {
      kind: 'white-label-path';
      severity: 'warning';
      key: string;
      copies: string[];
      title?: string;
      /** An operation whose `x-pandapon-docs` lists one of the copies (with another `path`). */
      citedBy?: string;
    }
  /** The documented path matched the operation only with its path parameters renamed. */
  | {
      kind: 'path-renamed';
      severity: 'warning';
      operation: OperationTarget;
      documentedPath: string;
      copies: string[];
    }
  | {
      kind: 'duplicate-operation';
      severity: 'warning';
      operation: OperationTarget;
      files: string[];
    }
  /** `x-pandapon-evidence` says no PandaPon page documents the operation, but these do. */
  | {
      kind: 'evidence-contradicted';
      severity: 'error';
      operation: OperationTarget;
      copies: string[];
    }
  /** The catalog lists a copy under one method + path; the page itself shows another. */
  | {
      kind: 'page-shows-other-path';
      severity: 'warning';
      operation: OperationTarget;
      copy: string;
      listed: string;
      shown: string;
    }
  /**
   * A field the copies show that the spec lacks. An error when it is a top-level request field
   * (path/query/cookie parameter or body field), a warning when the spec has it in another
   * location (`elsewhere`), info deeper down, in responses, messages and headers.
   */
  | {
      kind: 'field-not-in-spec';
      severity: Severity;
      operation: Target;
      location: FieldLocation;
      field: string;
      copies: string[];
      /** The page's type, as printed (`?` when no copy states it). */
      pageType?: string;
      /** The parser guessed the nesting; the field may be at this path instead. */
      alternative?: string;
      elsewhere?: ParamLocation | 'header' | 'body';
      specSchema: SpecSchemaState;
      /**
       * The copies on which it is (or, nesting guessed, may be) a top-level request field: the
       * evidence for an error or warning. Other copies may show it nested.
       */
      topLevelOn?: string[];
    }
  /** A top-level key only a request example shows (no field table lists it), not in the spec. */
  | {
      kind: 'field-only-in-example';
      severity: 'warning';
      operation: Target;
      location: 'body';
      field: string;
      copies: string[];
    }
  /** A spec field a complete copy leaves out where it lists its parent's fields. */
  | {
      kind: 'field-not-on-page';
      severity: 'info';
      operation: Target;
      location: FieldLocation;
      field: string;
      /** The spec's type. */
      spec: string;
      copies: string[];
    }
  /** No copy that states the field's type / required flag / nullability / enum agrees with the spec. */
  | {
      kind: 'field-differs';
      severity: 'info';
      operation: Target;
      location: FieldLocation;
      field: string;
      aspect: FieldAspect;
      spec: string;
      page: string;
      copies: string[];
    }
  /** An `x-pandapon-docs` / truncation / 开发中 rule (lib/provenance.ts) the copies contradict. */
  | { kind: 'provenance'; severity: 'error'; operation: Target; rule: ProvenanceFinding }
  /**
   * A spec operation no PandaPon copy documents. Info when it rests on `x-pandapon-evidence`;
   * a warning when every stored copy was given and none matched (it is undocumented); info
   * otherwise (a partial folder, or white-label copies only).
   */
  | {
      kind: 'operation-without-page';
      severity: 'warning' | 'info';
      operation: OperationTarget;
      /** White-label copies that were compared with it instead (empty: not compared at all). */
      whiteLabelCopies: string[];
    };

export type FindingKind = Finding['kind'];

/** The copies a finding was seen on (none for findings about the spec alone). */
export function copiesOf(f: Finding): string[] {
  switch (f.kind) {
    case 'page-shows-other-path':
      return [f.copy];
    case 'provenance':
      return 'sources' in f.rule ? f.rule.sources : [];
    case 'spec-problem':
    case 'duplicate-operation':
    case 'operation-without-page':
      return [];
    default:
      return f.copies;
  }
}
