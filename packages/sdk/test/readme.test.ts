/**
 * The root README's quick start compiles (issue 9 item 8): its TypeScript blocks, concatenated
 * in order, are type-checked with strict tsc against the packages' sources, so a renamed method,
 * type or option breaks this test instead of the first reader's build.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

/** The `ts` code blocks between a heading and the next heading of the same level. */
function tsBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const next = markdown.indexOf('\n## ', start + heading.length + 2);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

it('type-checks the quick start', async () => {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const blocks = tsBlocks(readme, '## Quick start');
  expect(blocks.length).toBeGreaterThan(0);
  const dir = await mkdtemp(join(tmpdir(), 'pandapon-readme-'));
  try {
    await writeFile(join(dir, 'quick-start.ts'), `${blocks.join('\n')}\nexport {};\n`);
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(repoRoot, 'node_modules', '@types')],
        // The sources, so no build is needed; each package's own imports resolve from its folder.
        paths: { '@pandapon/*': [join(repoRoot, 'packages', '*', 'src', 'index.ts')] },
      },
      files: ['quick-start.ts'],
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(dirname(require.resolve('typescript/package.json')), 'lib', 'tsc.js');
    const result = await run(process.execPath, [tsc, '-p', dir]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
