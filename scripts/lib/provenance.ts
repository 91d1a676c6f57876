/**
 * The provenance rules shared by the coverage check and the drift tool: does an operation's
 * `x-pandapon-docs` / `x-pandapon-truncated` / `x-pandapon-under-development` agree with the
 * page copies? One rule set emitting typed findings; each tool renders them in its own words
 * (coverage: failure lines; drift: metadata changes).
 *
 * `allCopies` says whether the copies given are every stored copy (the catalog: coverage) or
 * only some saved pages (a drift folder). Rules that need the full set — a listed page with no
 * stored copy, `complete: true` on a cut copy, a missing truncation mark, languages, seeds,
 * white-label marks — run only with the full set.
 */

import { type DocRef, operationKey } from '@pandapon/spec-model';
import { parsePage } from '../apifox/parse-page.js';
import { isWhiteLabelUrl, normaliseUrl, pageFileOfUrl } from './docs-source.js';

/** One copy of a page, as the provenance rules see it. */
export interface ProvenanceCopy {
  source: string;
  url?: string;
  /** Language of the copy's host, when known. */
  lang?: string;
  complete: boolean;
  underDevelopment: boolean;
}

/** What the rules read from the spec side (an operation or a webhook). */
export interface ProvenanceSubject {
  method: string;
  path: string;
  docs: DocRef[];
  truncated: boolean;
  underDevelopment: boolean;
}

export type ProvenanceFinding =
  | { code: 'docs-not-listed'; url: string; sources: string[] }
  | { code: 'docs-lang'; url: string; listed?: string; host: string }
  | { code: 'docs-complete'; url: string; listed?: boolean; actual: boolean; sources: string[] }
  | { code: 'docs-inferred-but-stored'; url: string; sources: string[] }
  | { code: 'docs-not-stored'; url: string }
  | { code: 'docs-white-label-unmarked'; url: string }
  | { code: 'docs-white-label-wrong'; url: string; evidence?: string }
  | { code: 'docs-copy-missing'; copy: string }
  | { code: 'docs-copy-complete'; copy: string; listed?: boolean; actual: boolean }
  | { code: 'docs-page-path'; file: string; shown: string; expected: string }
  | { code: 'docs-page-complete'; url: string; file: string; listed?: boolean; actual: boolean }
  | { code: 'truncated-but-complete'; sources: string[] }
  | { code: 'cut-but-not-truncated' }
  | { code: 'dev-label-missing'; sources: string[] }
  | { code: 'dev-label-extra'; sources: string[] };

export interface ProvenanceContext {
  /** The copies are every stored copy of the operation's pages (the catalog). */
  allCopies: boolean;
  /** Text of a stored page by its `pages/`-relative file (pages outside the catalog). */
  pageText?: (file: string) => string | undefined;
}

export function provenanceFindings(
  subject: ProvenanceSubject,
  copies: ProvenanceCopy[],
  ctx: ProvenanceContext,
): ProvenanceFinding[] {
  const out: ProvenanceFinding[] = [];
  const byUrl = new Map<string, ProvenanceCopy[]>();
  for (const c of copies) {
    if (!c.url) continue;
    const u = normaliseUrl(c.url);
    byUrl.set(u, [...(byUrl.get(u) ?? []), c]);
  }
  // Entries describing the stored copy of their address (not a named seed copy).
  const stored = new Map(subject.docs.filter((d) => !d.copy).map((d) => [normaliseUrl(d.url), d]));
  for (const [url, same] of byUrl) {
    const doc = stored.get(url);
    const sources = same.map((c) => c.source);
    const first = same[0] as ProvenanceCopy;
    if (!doc) {
      out.push({ code: 'docs-not-listed', url: first.url ?? url, sources });
      continue;
    }
    if (ctx.allCopies && first.lang && doc.lang !== first.lang) {
      out.push({
        code: 'docs-lang',
        url: doc.url,
        ...(doc.lang ? { listed: doc.lang } : {}),
        host: first.lang,
      });
    }
    const complete = same.some((c) => c.complete);
    // A partial folder can prove an entry too pessimistic, never too optimistic.
    if (ctx.allCopies ? doc.complete !== complete : complete && doc.complete === false) {
      out.push({
        code: 'docs-complete',
        url: doc.url,
        ...(doc.complete !== undefined ? { listed: doc.complete } : {}),
        actual: complete,
        sources: ctx.allCopies ? sources : same.filter((c) => c.complete).map((c) => c.source),
      });
    }
    if (ctx.allCopies && doc.inferred) {
      out.push({ code: 'docs-inferred-but-stored', url: doc.url, sources });
    }
  }
  if (ctx.allCopies) out.push(...entryFindings(subject, copies, byUrl, ctx));

  const anyComplete =
    copies.some((c) => c.complete) ||
    (ctx.allCopies && subject.docs.some((d) => d.complete === true));
  if (subject.truncated && anyComplete) {
    out.push({
      code: 'truncated-but-complete',
      sources: copies.filter((c) => c.complete).map((c) => c.source),
    });
  } else if (ctx.allCopies && !subject.truncated && !anyComplete) {
    out.push({ code: 'cut-but-not-truncated' });
  }
  const dev = copies.filter((c) => c.underDevelopment);
  if (dev.length > 0 && !subject.underDevelopment) {
    out.push({ code: 'dev-label-missing', sources: dev.map((c) => c.source) });
  } else if (dev.length === 0 && subject.underDevelopment) {
    out.push({ code: 'dev-label-extra', sources: copies.map((c) => c.source) });
  }
  return out;
}

/** Checks of each `x-pandapon-docs` entry that need every stored copy to be known. */
function entryFindings(
  subject: ProvenanceSubject,
  copies: ProvenanceCopy[],
  byUrl: Map<string, ProvenanceCopy[]>,
  ctx: ProvenanceContext,
): ProvenanceFinding[] {
  const out: ProvenanceFinding[] = [];
  const { pageText } = ctx;
  for (const doc of subject.docs) {
    const whiteLabel = isWhiteLabelUrl(doc.url);
    if (whiteLabel !== (doc.evidence === 'white-label')) {
      out.push(
        whiteLabel
          ? { code: 'docs-white-label-unmarked', url: doc.url }
          : {
              code: 'docs-white-label-wrong',
              url: doc.url,
              ...(doc.evidence ? { evidence: doc.evidence } : {}),
            },
      );
    }
    const inCatalog = byUrl.has(normaliseUrl(doc.url));
    const file = pageFileOfUrl(doc.url);
    const text = !inCatalog && file && pageText ? pageText(file) : undefined;
    if (pageText && !inCatalog && text === undefined && !doc.inferred) {
      out.push({ code: 'docs-not-stored', url: doc.url });
    }
    if (doc.copy) {
      const copy = copies.find((c) => c.source === doc.copy);
      if (!copy) out.push({ code: 'docs-copy-missing', copy: doc.copy });
      else if (doc.complete !== copy.complete) {
        out.push({
          code: 'docs-copy-complete',
          copy: doc.copy,
          ...(doc.complete !== undefined ? { listed: doc.complete } : {}),
          actual: copy.complete,
        });
      }
      continue;
    }
    // A stored page outside the catalog (white-label evidence) must show what the entry says.
    if (text === undefined || !file) continue;
    const page = parsePage(text);
    const shown = doc.path ?? subject.path;
    if (
      page.method &&
      page.path &&
      operationKey(page.method, page.path) !== operationKey(subject.method, shown)
    ) {
      out.push({
        code: 'docs-page-path',
        file,
        shown: `${page.method} ${page.path}`,
        expected: `${subject.method} ${shown}`,
      });
    }
    if (doc.complete !== page.complete) {
      out.push({
        code: 'docs-page-complete',
        url: doc.url,
        file,
        ...(doc.complete !== undefined ? { listed: doc.complete } : {}),
        actual: page.complete,
      });
    }
  }
  return out;
}
