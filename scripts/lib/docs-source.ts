/**
 * The stored doc material: `pandapon/catalog.json`, `pandapon/pages/<host>/<id>.txt` and
 * `seeds/*.txt` under a docs root (normally ../shared/docs, outside the repo).
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CatalogEntry {
  /** Relative to `pandapon/pages/`. */
  file: string;
  url: string;
  title: string;
  /** Empty for pages without one (manuals, copies cut before the method). */
  method: string;
  /** A path (`/open/order`), a callback message type, or empty. */
  path: string;
  complete: boolean;
  dev: boolean;
}

/**
 * The seed pages carry no `URL:` line; their method and path are known from the catalog README.
 * Keyed by file-name prefix. The parser reads the same values from the pages themselves.
 */
export const SEED_OPERATIONS: Readonly<Record<string, { method: string; path: string }>> = {
  '000': { method: 'POST', path: '/open/order/refund/query/message' },
  '001': { method: 'POST', path: '/open/order/refund/submit/message' },
  '002': { method: 'POST', path: '/v2/alibaba/refund/goods/return' },
};

/** Language of each doc host (README "Hosts"). */
export const HOST_LANG: Readonly<Record<string, string>> = {
  'doc.pandapon.com': 'zh',
  'doc-en.pandapon.com': 'en',
  'doc-vnm.pandapon.com': 'vi',
  'doc-es.pandapon.com': 'es',
  'doc-cnv2.pandapon.com': 'zh',
  'doc-env2.pandapon.com': 'en',
  'doc-th.pandapon.com': 'th',
  'doc-en-ka.xportcn.com': 'en',
};

/**
 * Hosts that are not PandaPon's: the white-label copy of the platform (README "Hosts"). Their
 * pages corroborate field shapes; their own paths are not PandaPon paths.
 */
export const WHITE_LABEL_HOSTS: ReadonlySet<string> = new Set(['doc-en-ka.xportcn.com']);

export function isWhiteLabelUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return WHITE_LABEL_HOSTS.has(new URL(url).host.toLowerCase());
  } catch {
    return false;
  }
}

/** `pages/`-relative file of a stored copy: `https://host/api-1` → `host/api-1.txt`. */
export function pageFileOfUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    const id = u.pathname.split('/').filter(Boolean).at(-1);
    return id ? `${u.host.toLowerCase()}/${id}.txt` : undefined;
  } catch {
    return undefined;
  }
}

export function langOfUrl(url: string): string | undefined {
  try {
    return HOST_LANG[new URL(url).host];
  } catch {
    return undefined;
  }
}

/** URLs compare without a trailing slash and case-insensitively in the host. */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
}

export interface DocsSource {
  root: string;
  catalog: CatalogEntry[];
  /** Text of a catalog page (`file` as in the catalog), or undefined if missing. */
  pageText(file: string): string | undefined;
  seeds: { file: string; text: string }[];
}

/** Loads the material under `root`; null when `root/pandapon/catalog.json` is absent. */
export function loadDocsSource(root: string): DocsSource | null {
  const catalogPath = join(root, 'pandapon', 'catalog.json');
  if (!existsSync(catalogPath)) return null;
  const raw: unknown = JSON.parse(readFileSync(catalogPath, 'utf8'));
  if (!Array.isArray(raw)) throw new TypeError(`${catalogPath}: expected a JSON array`);
  const catalog: CatalogEntry[] = raw.map((e, i) => {
    if (typeof e !== 'object' || e === null || typeof (e as CatalogEntry).file !== 'string') {
      throw new TypeError(`${catalogPath}: entry ${i} has no "file"`);
    }
    const c = e as Partial<CatalogEntry>;
    return {
      file: String(c.file),
      url: String(c.url ?? ''),
      title: String(c.title ?? ''),
      method: String(c.method ?? ''),
      path: String(c.path ?? ''),
      complete: c.complete === true,
      dev: c.dev === true,
    };
  });
  const pagesDir = join(root, 'pandapon', 'pages');
  const seedsDir = join(root, 'seeds');
  const seeds = listTextFiles(seedsDir).map((p) => ({
    file: relative(seedsDir, p),
    text: readFileSync(p, 'utf8'),
  }));
  return {
    root,
    catalog,
    pageText(file) {
      const p = join(pagesDir, file);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    },
    seeds,
  };
}

/** All `*.txt` files under `dir`, recursively, sorted. Missing directory → []. */
export function listTextFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const p = join(d, name);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(p);
      else if (name.endsWith('.txt')) out.push(p);
    }
  };
  walk(dir);
  return out;
}
