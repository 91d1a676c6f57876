// What a publishable package's tarball must carry to be ready for the registry: the license,
// the metadata the npm page links from (repository with its folder, homepage, bugs, keywords),
// source maps for the built code, and a README whose links work on the npm page.
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';

export interface PackageExpectations {
  /** The package's folder in the repository, e.g. `packages/sdk`. */
  readonly directory: string;
  /** The repository's LICENSE text; every tarball carries the same. */
  readonly licenseText: string;
  /** `repository.url` and `bugs.url` of the root package.json: one repository for all. */
  readonly repositoryUrl: string;
  readonly bugsUrl: string;
}

/** Tarball paths all start with `package/`; the checks use the paths below it. */
export function packageFiles(tarball: Map<string, Buffer>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [path, data] of tarball) {
    if (!path.startsWith('package/')) throw new Error(`tarball entry outside package/: ${path}`);
    files.set(path.slice('package/'.length), data);
  }
  return files;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
export function repositoryWebUrl(repositoryUrl: string): string {
  return repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, '');
}

function checkManifest(manifest: Record<string, unknown>, want: PackageExpectations): string[] {
  const problems: string[] = [];
  const { repository, homepage, bugs, keywords, license } = manifest;
  if (typeof license !== 'string' || license === '') problems.push('package.json: no `license`');

  if (!isObject(repository)) {
    problems.push('package.json: `repository` must be an object with type, url and directory');
  } else {
    if (repository.type !== 'git') problems.push('package.json: `repository.type` is not "git"');
    if (repository.url !== want.repositoryUrl) {
      problems.push(
        `package.json: \`repository.url\` is ${JSON.stringify(repository.url)}, expected ` +
          `${JSON.stringify(want.repositoryUrl)} (the root package.json's)`,
      );
    }
    if (repository.directory !== want.directory) {
      problems.push(
        `package.json: \`repository.directory\` is ${JSON.stringify(repository.directory)}, ` +
          `expected "${want.directory}"`,
      );
    }
  }

  const web = repositoryWebUrl(want.repositoryUrl);
  if (!isHttpsUrl(homepage) || !homepage.startsWith(`${web}/`)) {
    problems.push(`package.json: \`homepage\` must be an https URL under ${web}/`);
  }
  const bugsUrl = isObject(bugs) ? bugs.url : bugs;
  if (bugsUrl !== want.bugsUrl) {
    problems.push(
      `package.json: \`bugs.url\` is ${JSON.stringify(bugsUrl)}, expected "${want.bugsUrl}"`,
    );
  }
  if (
    !Array.isArray(keywords) ||
    keywords.length === 0 ||
    !keywords.every((k) => typeof k === 'string' && k.trim() !== '')
  ) {
    problems.push('package.json: `keywords` must be a non-empty list of words');
  }
  return problems;
}

/** The files a manifest's `bin` names, as package-relative paths. */
export function binTargets(bin: unknown): string[] {
  const targets =
    typeof bin === 'string' ? [bin] : isObject(bin) ? Object.values(bin).map(String) : [];
  return targets.map((target) => posix.normalize(target));
}

function checkBins(manifest: Record<string, unknown>, files: Map<string, Buffer>): string[] {
  return binTargets(manifest.bin)
    .filter((target) => !files.has(target))
    .map((target) => `bin ${target} is not in the tarball`);
}

/**
 * Bins must be files committed to git: `pnpm install` links them in a fresh clone, before any
 * build, and warns about every link to a file that does not exist yet (such as dist/cli.js).
 */
export function uncommittedBins(bin: unknown, packageDir: string): string[] {
  return binTargets(bin).flatMap((target) => {
    try {
      execFileSync('git', ['ls-files', '--error-unmatch', target], {
        cwd: packageDir,
        stdio: 'ignore',
      });
      return [];
    } catch {
      return [
        `bin ${target} is not a file committed to git (pnpm install links it before any build)`,
      ];
    }
  });
}

const JS_FILE = /\.(?:c|m)?js$/;

/**
 * Every built JS file (under dist/) names a source map that is in the tarball and carries its
 * sources. A package of data files only (such as @pandapon/openapi) has none to check.
 */
function checkSourceMaps(files: Map<string, Buffer>): string[] {
  const problems: string[] = [];
  const built = [...files.keys()].filter((path) => path.startsWith('dist/') && JS_FILE.test(path));
  for (const path of built) {
    const code = files.get(path)?.toString('utf8') ?? '';
    const reference = [...code.matchAll(/^\/\/# sourceMappingURL=(\S+)\s*$/gm)].at(-1)?.[1];
    if (!reference) {
      problems.push(`${path}: no sourceMappingURL comment`);
      continue;
    }
    if (reference.startsWith('data:')) continue; // an inline map carries itself
    const mapPath = posix.join(posix.dirname(path), reference);
    const raw = files.get(mapPath);
    if (!raw) {
      problems.push(`${path}: its source map ${mapPath} is not in the tarball`);
      continue;
    }
    let map: { version?: unknown; sources?: unknown; sourcesContent?: unknown };
    try {
      map = JSON.parse(raw.toString('utf8'));
    } catch {
      problems.push(`${mapPath}: not JSON`);
      continue;
    }
    const sources = Array.isArray(map.sources) ? map.sources : [];
    const contents = Array.isArray(map.sourcesContent) ? map.sourcesContent : [];
    if (map.version !== 3 || sources.length === 0) {
      problems.push(`${mapPath}: not a version 3 source map with sources`);
      continue;
    }
    // The src/ folder is not published, so each source must travel inside the map.
    const missing = sources.filter(
      (source, i) =>
        typeof contents[i] !== 'string' &&
        !files.has(posix.join(posix.dirname(mapPath), String(source))),
    );
    if (missing.length > 0) {
      problems.push(`${mapPath}: no content for ${missing.length} source(s), e.g. ${missing[0]}`);
    }
  }
  return problems;
}

/**
 * Markdown with code blocks blanked out, and code spans dropped (links inside code are not
 * links) or unwrapped to their text (a heading's anchor includes it).
 */
function withoutCode(markdown: string, spans: 'drop' | 'unwrap'): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  const kept = lines.map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line.replace(/(`+)([\s\S]*?)\1/g, (_, _ticks, inner: string) =>
      spans === 'drop' ? '' : inner,
    );
  });
  return kept.join('\n');
}

/** Every link and image target in a README: inline, reference definitions and raw HTML. */
export function markdownLinks(markdown: string): string[] {
  const text = withoutCode(markdown, 'drop');
  const targets: string[] = [];
  for (const m of text.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) {
    targets.push((m[1] ?? '').replace(/^<|>$/g, ''));
  }
  for (const m of text.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)) {
    targets.push((m[1] ?? '').replace(/^<|>$/g, ''));
  }
  for (const m of text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)) {
    targets.push(m[1] ?? '');
  }
  return targets;
}

/** GitHub's (and npm's) heading anchors: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown, 'unwrap').split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const rendered = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`]/g, '');
    const slug = rendered
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function checkReadme(files: Map<string, Buffer>): string[] {
  const readme = files.get('README.md');
  if (!readme || readme.toString('utf8').trim() === '') return ['README.md: missing or empty'];
  const markdown = readme.toString('utf8');
  const anchors = headingAnchors(markdown);
  const problems: string[] = [];
  for (const target of markdownLinks(markdown)) {
    const where = `README.md: link ${JSON.stringify(target)}`;
    if (target.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(target.slice(1)))) {
        problems.push(`${where} names no heading of the README`);
      }
      continue;
    }
    const scheme = /^([a-z][a-z\d+.-]*):/i.exec(target)?.[1]?.toLowerCase();
    if (scheme !== undefined) {
      if (!['https', 'http', 'mailto'].includes(scheme)) problems.push(`${where}: unusable scheme`);
      continue;
    }
    if (target.startsWith('//') || target.startsWith('/')) {
      problems.push(`${where} is relative to a host: write the full https:// URL`);
      continue;
    }
    const path = posix.normalize(decodeURIComponent(target.replace(/[?#].*$/, '')));
    if (path === '..' || path.startsWith('../')) {
      problems.push(`${where} points outside the package: write the full https:// URL`);
      continue;
    }
    const inside = path.replace(/\/$/, '');
    const present =
      inside === '.' ||
      files.has(inside) ||
      [...files.keys()].some((f) => f.startsWith(`${inside}/`));
    if (!present) problems.push(`${where}: ${inside} is not in the tarball`);
  }
  return problems;
}

function checkLicense(files: Map<string, Buffer>, want: PackageExpectations): string[] {
  const license = files.get('LICENSE');
  if (!license) return ['LICENSE: not in the tarball'];
  if (license.toString('utf8').trim() !== want.licenseText.trim()) {
    return ["LICENSE: differs from the repository's LICENSE"];
  }
  return [];
}

/** The changelog changesets writes, shipped so users can read it without the repository. */
function checkChangelog(files: Map<string, Buffer>, manifest: Record<string, unknown>): string[] {
  const changelog = files.get('CHANGELOG.md')?.toString('utf8');
  if (!changelog) return ['CHANGELOG.md: not in the tarball'];
  if (!changelog.includes(`## ${String(manifest.version)}\n`)) {
    return [`CHANGELOG.md: no "## ${String(manifest.version)}" entry for this version`];
  }
  return [];
}

/** Everything wrong with a packed package (empty when it is ready to publish). */
export function checkPackedPackage(
  files: Map<string, Buffer>,
  want: PackageExpectations,
): string[] {
  const rawManifest = files.get('package.json');
  if (!rawManifest) return ['package.json: not in the tarball'];
  const manifest: unknown = JSON.parse(rawManifest.toString('utf8'));
  if (!isObject(manifest)) return ['package.json: not a JSON object'];
  return [
    ...checkLicense(files, want),
    ...checkChangelog(files, manifest),
    ...checkManifest(manifest, want),
    ...checkBins(manifest, files),
    ...checkSourceMaps(files),
    ...checkReadme(files),
  ];
}
