import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runProcess } from '@pandapon/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkPackedPackage,
  headingAnchors,
  markdownLinks,
  type PackageExpectations,
  packageFiles,
  uncommittedBins,
} from '../lib/package-check.js';
import { REPO_ROOT } from '../lib/paths.js';
import { readTarball } from '../lib/tarball.js';

const REPO = 'https://github.com/example-org/example-sdk';
const want: PackageExpectations = {
  directory: 'packages/widget',
  licenseText: 'MIT License\n\nCopyright (c) 2026 Example\n',
  repositoryUrl: `git+${REPO}.git`,
  bugsUrl: `${REPO}/issues`,
};

const goodManifest = {
  name: '@example/widget',
  version: '1.2.0',
  license: 'MIT',
  keywords: ['widget', 'example'],
  homepage: `${REPO}/tree/main/packages/widget#readme`,
  repository: { type: 'git', url: `git+${REPO}.git`, directory: 'packages/widget' },
  bugs: { url: `${REPO}/issues` },
  bin: { widget: './bin/widget.js' },
};

const sourceMap = (source: string) =>
  JSON.stringify({
    version: 3,
    sources: [source],
    sourcesContent: ['export {}'],
    mappings: 'AAAA',
  });

function goodFiles(): Map<string, Buffer> {
  const files: Record<string, string> = {
    'package.json': JSON.stringify(goodManifest),
    LICENSE: want.licenseText,
    'CHANGELOG.md': '# @example/widget\n\n## 1.2.0\n\n- things\n',
    'README.md': [
      '# Widget',
      '',
      '## Quick start',
      '',
      'See [the guide](https://example.test/guide), [quick start](#quick-start),',
      '[our license](LICENSE), ![logo](./dist/logo.svg) and [the tests][t].',
      '',
      '[t]: https://github.com/example-org/example-sdk/tree/main/packages/widget/test',
      '',
      '```md',
      '[ignored, inside a code block](../elsewhere.md)',
      '```',
      'And `[ignored](../in-code-span)` too.',
    ].join('\n'),
    'bin/widget.js': "#!/usr/bin/env node\nimport '../dist/cli.js';\n",
    'dist/index.js': 'export {};\n//# sourceMappingURL=index.js.map\n',
    'dist/index.js.map': sourceMap('../src/index.ts'),
    'dist/index.cjs': '"use strict";\n//# sourceMappingURL=index.cjs.map\n',
    'dist/index.cjs.map': sourceMap('../src/index.ts'),
    'dist/logo.svg': '<svg/>',
  };
  return new Map(Object.entries(files).map(([path, text]) => [path, Buffer.from(text)]));
}

function problemsWith(edit: (files: Map<string, Buffer>) => void): string[] {
  const files = goodFiles();
  edit(files);
  return checkPackedPackage(files, want);
}

function editManifest(edit: (manifest: Record<string, unknown>) => void) {
  return (files: Map<string, Buffer>) => {
    const manifest = JSON.parse(files.get('package.json')?.toString() ?? '{}');
    edit(manifest);
    files.set('package.json', Buffer.from(JSON.stringify(manifest)));
  };
}

function editReadme(markdown: string) {
  return (files: Map<string, Buffer>) => files.set('README.md', Buffer.from(markdown));
}

describe('checkPackedPackage', () => {
  it('passes a package that carries everything', () => {
    expect(checkPackedPackage(goodFiles(), want)).toEqual([]);
  });

  it('wants the LICENSE, identical to the repository one', () => {
    expect(problemsWith((f) => f.delete('LICENSE'))).toEqual([
      'LICENSE: not in the tarball',
      // The fixture README links it, so that link breaks too.
      'README.md: link "LICENSE": LICENSE is not in the tarball',
    ]);
    expect(problemsWith((f) => f.set('LICENSE', Buffer.from('ISC')))).toEqual([
      "LICENSE: differs from the repository's LICENSE",
    ]);
  });

  it('wants a CHANGELOG with an entry for the packed version', () => {
    expect(problemsWith((f) => f.delete('CHANGELOG.md'))).toEqual([
      'CHANGELOG.md: not in the tarball',
    ]);
    expect(problemsWith(editManifest((m) => Object.assign(m, { version: '1.3.0' })))).toEqual([
      'CHANGELOG.md: no "## 1.3.0" entry for this version',
    ]);
  });

  it.each([
    ['repository', /`repository` must be an object/],
    ['homepage', /`homepage` must be an https URL under/],
    ['bugs', /`bugs.url` is undefined/],
    ['keywords', /`keywords` must be a non-empty list/],
    ['license', /no `license`/],
  ])('fails when package.json lacks %s', (field, message) => {
    const problems = problemsWith(editManifest((m) => delete m[field]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('checks the repository points at this repository and folder', () => {
    const problems = problemsWith(
      editManifest((m) => {
        m.repository = { type: 'git', url: 'git+https://github.com/someone/else.git' };
      }),
    );
    expect(problems).toEqual([
      'package.json: `repository.url` is "git+https://github.com/someone/else.git", expected ' +
        `"git+${REPO}.git" (the root package.json's)`,
      'package.json: `repository.directory` is undefined, expected "packages/widget"',
    ]);
    expect(problemsWith(editManifest((m) => Object.assign(m, { keywords: [] })))).toHaveLength(1);
    expect(
      problemsWith(editManifest((m) => Object.assign(m, { homepage: 'http://example.test' }))),
    ).toHaveLength(1);
  });

  it('wants source maps, with their sources inside, for every built JS file', () => {
    expect(problemsWith((f) => f.delete('dist/index.js.map'))).toEqual([
      'dist/index.js: its source map dist/index.js.map is not in the tarball',
    ]);
    expect(problemsWith((f) => f.set('dist/index.cjs', Buffer.from('"use strict";\n')))).toEqual([
      'dist/index.cjs: no sourceMappingURL comment',
    ]);
    expect(
      problemsWith((f) =>
        f.set(
          'dist/index.js.map',
          Buffer.from(JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' })),
        ),
      ),
    ).toEqual(['dist/index.js.map: no content for 1 source(s), e.g. ../src/index.ts']);
    // A committed launcher outside dist/ is its own source.
    expect(
      problemsWith((f) => f.set('bin/widget.js', Buffer.from('import "../dist/cli.js";\n'))),
    ).toEqual([]);
  });

  it('wants every bin in the tarball', () => {
    expect(problemsWith((f) => f.delete('bin/widget.js'))).toEqual([
      'bin bin/widget.js is not in the tarball',
    ]);
  });

  it('wants a README', () => {
    expect(problemsWith((f) => f.delete('README.md'))).toEqual(['README.md: missing or empty']);
  });

  it('fails README links that break on the registry page', () => {
    const problems = problemsWith(
      editReadme(
        [
          '# Widget',
          'See [core](../core/README.md), [root](../../README.md), [site](/docs),',
          '[missing](docs/guide.md), [anchor](#nope), [x](javascript:void),',
          '<a href="../sibling">sibling</a> and [ref][r].',
          '',
          '[r]: ../ref.md',
        ].join('\n'),
      ),
    );
    expect(problems).toEqual([
      'README.md: link "../core/README.md" points outside the package: write the full https:// URL',
      'README.md: link "../../README.md" points outside the package: write the full https:// URL',
      'README.md: link "/docs" is relative to a host: write the full https:// URL',
      'README.md: link "docs/guide.md": docs/guide.md is not in the tarball',
      'README.md: link "#nope" names no heading of the README',
      'README.md: link "javascript:void": unusable scheme',
      'README.md: link "../ref.md" points outside the package: write the full https:// URL',
      'README.md: link "../sibling" points outside the package: write the full https:// URL',
    ]);
  });
});

describe('markdownLinks and headingAnchors', () => {
  it('finds inline, reference, autolink-free HTML links, outside code only', () => {
    expect(
      markdownLinks(
        [
          '[a](https://a.test "title") ![b](<b c.png>)',
          '   [d]: ./d.md',
          '<img src="e.png"> `[no](no.md)`',
          '~~~',
          '[no](no2.md)',
          '~~~',
        ].join('\n'),
      ),
    ).toEqual(['https://a.test', 'b c.png', './d.md', 'e.png']);
  });

  it('slugs headings the way GitHub and npm do, numbering repeats', () => {
    expect([
      ...headingAnchors(
        '# `@pandapon/sdk` — Quick start!\n## Errors & retries\n## Errors & retries\n## [Link](x) *em*',
      ),
    ]).toEqual(['pandaponsdk--quick-start', 'errors--retries', 'errors--retries-1', 'link-em']);
  });
});

describe('readTarball', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pandapon-tarball-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads a real npm tarball, long paths included', async () => {
    const dir = join(scratch, 'pkg');
    const deep = `dist/${'nested-folder-name/'.repeat(6)}file-with-a-long-name.js`;
    mkdirSync(join(dir, deep, '..'), { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'tar-fixture', version: '1.0.0' }),
    );
    writeFileSync(join(dir, deep), 'export const deep = 1;\n');
    writeFileSync(join(dir, 'README.md'), '# fixture\n');
    const pack = await runProcess('npm', ['pack', '--pack-destination', scratch], { cwd: dir });
    expect(pack.code, pack.stderr).toBe(0);
    const tgz = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack wrote no tarball');
    const files = packageFiles(readTarball(readFileSync(join(scratch, tgz))));
    expect(deep.length).toBeGreaterThan(100);
    expect([...files.keys()].sort()).toEqual(['README.md', deep, 'package.json'].sort());
    expect(files.get(deep)?.toString()).toBe('export const deep = 1;\n');
  });

  it('rejects a truncated archive instead of returning part of it', () => {
    const header = Buffer.alloc(512);
    header.write('package/big.js', 0);
    header.write('00000002000\0', 124); // 1024 bytes announced, none present
    header.write('0', 156);
    expect(() => readTarball(gzipSync(header))).toThrow('runs past the archive');
  });
});

describe('the workspace', () => {
  it('links every bin to a committed file, so a fresh `pnpm install` warns about none', () => {
    const problems: string[] = [];
    for (const name of readdirSync(join(REPO_ROOT, 'packages'))) {
      const dir = join(REPO_ROOT, 'packages', name);
      let manifest: { bin?: unknown };
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue; // not a package folder
      }
      problems.push(...uncommittedBins(manifest.bin, dir).map((p) => `packages/${name}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});
