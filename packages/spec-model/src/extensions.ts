/**
 * The `x-pandapon-*` extensions the specs use (specs/CONVENTIONS.md describes them), with the
 * typed readers of the operation-level ones. A spec that uses an extension not listed here fails
 * `test/extensions.test.ts`: teach the model about it first, so no reader silently ignores it.
 */

import { isRecord } from './resolver.js';

export const SPEC_EXTENSIONS = Object.freeze([
  /** Operation: `v1` or `v2`. */
  'x-pandapon-api-version',
  /** Schema: status codes from a source that is not a PandaPon page (open; provenance inside). */
  'x-pandapon-codes',
  /** Operation: the doc pages it was transcribed from. */
  'x-pandapon-docs',
  /** Operation: what it rests on when no PandaPon page documents it. */
  'x-pandapon-evidence',
  /** Property: a string carrying JSON (or a comma list); `{ encoding, source, schema }`. */
  'x-pandapon-json-string',
  /**
   * Property (the callback envelope's `messageType`): message types known only from sources that
   * are not PandaPon pages; `[{ value, evidence: [...] }]`.
   */
  'x-pandapon-message-types',
  /** Operation or schema: transcription notes. */
  'x-pandapon-note',
  /** Schema: added by `pnpm learn` from recorded responses, not from a doc page. */
  'x-pandapon-observed',
  /** Operation: where a paged operation's page fields and items are. */
  'x-pandapon-pagination',
  /** Operation: whether an automatic retry can never cause a second side effect. */
  'x-pandapon-safe-to-retry',
  /** Operation or schema: only partly documented (every copy is cut); the schema stays open. */
  'x-pandapon-truncated',
  /** Operation: the docs mark it as not yet live. */
  'x-pandapon-under-development',
] as const);

export type SpecExtension = (typeof SPEC_EXTENSIONS)[number];

/** One entry of `x-pandapon-docs`: one copy of a doc page the operation was transcribed from. */
export interface DocRef {
  url: string;
  lang?: string;
  /** Whether this copy reaches the page's end. */
  complete?: boolean;
  /** The copy is this file (`seeds/…`), not the stored page of `url`. */
  copy?: string;
  /** No copy is stored under `url`; the address was inferred. */
  inferred?: boolean;
  /** `white-label` for a page that is not a PandaPon page. */
  evidence?: string;
  /** The path the page shows, when it differs from the operation's (white-label pages). */
  path?: string;
}

/**
 * `x-pandapon-pagination`: where a paged operation takes its page number and size and where
 * its items (and total) come back. The marker's keys are kept as written; `page`, `size` and
 * `items` are required by the generator.
 */
export interface PaginationMarker {
  in?: string;
  page?: string;
  size?: string;
  items?: string;
  total?: string;
  [key: string]: string | undefined;
}

/** The operation-level extensions, read and typed. */
export interface OperationExtensions {
  /** `x-pandapon-api-version` (`v1`, `v2`). */
  apiVersion?: string;
  /** `x-pandapon-docs`. */
  docs: DocRef[];
  /**
   * `x-pandapon-evidence`: what the operation rests on when no PandaPon page documents it
   * (`independent-client`, `white-label`); empty when a PandaPon page does.
   */
  evidence: string[];
  /** `x-pandapon-note`: transcription notes. */
  note?: string;
  /** `x-pandapon-pagination`. */
  pagination?: PaginationMarker;
  /** `x-pandapon-safe-to-retry`; undefined when absent (lint requires it on every operation). */
  safeToRetry?: boolean;
  /** `x-pandapon-truncated`: the response is only partly documented. */
  truncated: boolean;
  /** `x-pandapon-under-development`: the docs mark the operation as not yet live. */
  underDevelopment: boolean;
  /** Every `x-pandapon-*` key on the operation, as written (for tools that need the raw value). */
  raw: Readonly<Record<string, unknown>>;
}

export function readDocs(value: unknown): DocRef[] {
  if (!Array.isArray(value)) return [];
  const out: DocRef[] = [];
  for (const d of value) {
    if (!isRecord(d) || typeof d.url !== 'string') continue;
    out.push({
      url: d.url,
      ...(typeof d.lang === 'string' ? { lang: d.lang } : {}),
      ...(typeof d.complete === 'boolean' ? { complete: d.complete } : {}),
      ...(typeof d.copy === 'string' ? { copy: d.copy } : {}),
      ...(d.inferred === true ? { inferred: true } : {}),
      ...(typeof d.evidence === 'string' ? { evidence: d.evidence } : {}),
      ...(typeof d.path === 'string' ? { path: d.path } : {}),
    });
  }
  return out;
}

/**
 * Reads the extensions of one operation object. Values of the wrong type are reported through
 * `problem` and left out, so that a typo in a spec is an error, not a silent default.
 */
export function readOperationExtensions(
  op: Record<string, unknown>,
  problem: (message: string) => void,
): OperationExtensions {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(op))
    if (key.startsWith('x-pandapon-')) raw[key] = value;
  const out: OperationExtensions = {
    docs: readDocs(raw['x-pandapon-docs']),
    evidence: [],
    truncated: raw['x-pandapon-truncated'] === true,
    underDevelopment: raw['x-pandapon-under-development'] === true,
    raw: Object.freeze(raw),
  };
  const stringOf = (key: SpecExtension): string | undefined => {
    const value = raw[key];
    if (value === undefined || typeof value === 'string') return value;
    problem(`${key} must be a string`);
    return undefined;
  };
  const apiVersion = stringOf('x-pandapon-api-version');
  if (apiVersion !== undefined) out.apiVersion = apiVersion;
  const note = stringOf('x-pandapon-note');
  if (note !== undefined) out.note = note;
  const retry = raw['x-pandapon-safe-to-retry'];
  if (typeof retry === 'boolean') out.safeToRetry = retry;
  else if (retry !== undefined) problem('x-pandapon-safe-to-retry must be true or false');
  for (const key of ['x-pandapon-truncated', 'x-pandapon-under-development'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean')
      problem(`${key} must be true or false`);
  }
  const evidence = raw['x-pandapon-evidence'];
  if (Array.isArray(evidence) && evidence.every((v) => typeof v === 'string')) {
    out.evidence = [...evidence];
  } else if (evidence !== undefined) {
    problem('x-pandapon-evidence must be a list of strings');
  }
  const pagination = raw['x-pandapon-pagination'];
  if (isRecord(pagination) && Object.values(pagination).every((v) => typeof v === 'string')) {
    out.pagination = { ...(pagination as Record<string, string>) };
  } else if (pagination !== undefined) {
    problem('x-pandapon-pagination must be an object of strings');
  }
  return out;
}
