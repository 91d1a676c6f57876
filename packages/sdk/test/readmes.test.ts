/**
 * Docs that compile (issue 9 item 8): every TypeScript block of the root README and of every
 * package README is type-checked with strict tsc against the packages' sources. A block that
 * starts with an import begins a new file; a block without one continues the file before it (a
 * README often builds one example over several blocks). Names a block takes from the reader (a
 * secret, an app's own function) are declared in an HTML comment `<!-- ts-prelude ... -->` placed
 * before the block: invisible on the rendered page, prepended to the block's file here.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@pandapon/test-support';
import { expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

function readmes(): string[] {
  const packages = join(repoRoot, 'packages');
  return [
    join(repoRoot, 'README.md'),
    ...readdirSync(packages)
      .map((name) => join(packages, name, 'README.md'))
      .filter((file) => existsSync(file)),
  ];
}

/** The README's `ts` blocks grouped into files, each with the preludes written before it. */
export function programs(markdown: string): string[] {
  const files: string[] = [];
  let prelude = '';
  for (const [, declarations, code] of markdown.matchAll(
    /<!--\s*ts-prelude\n([\s\S]*?)-->|```ts\n([\s\S]*?)```/g,
  )) {
    if (declarations !== undefined) {
      prelude += `${declarations}\n`;
      continue;
    }
    const body = code ?? '';
    if (/^\s*import\s/.test(body) || files.length === 0) files.push(`${body}\n${prelude}`);
    else files[files.length - 1] += `\n${prelude}${body}`;
    prelude = '';
  }
  return files;
}

// READMEs whose blocks do not compile yet: each entry is a debt, listed so the test still checks
// every other README; remove an entry once its README compiles (the test fails on a stale entry).
const NOT_YET_COMPILING = new Set<string>([]);

it('type-checks every TypeScript block of every README', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pandapon-readmes-'));
  try {
    const names: string[] = [];
    for (const readme of readmes()) {
      if (NOT_YET_COMPILING.has(relative(repoRoot, readme))) continue;
      const label = relative(repoRoot, readme).replace(/[^\w]+/g, '_');
      for (const [index, code] of programs(await readFile(readme, 'utf8')).entries()) {
        const name = `${label}_${index + 1}.ts`;
        // Blocks may use values a reader supplies (a secret, a client): declared, not invented.
        await writeFile(join(dir, name), `${code}\nexport {};\n`);
        names.push(name);
      }
    }
    for (const entry of NOT_YET_COMPILING) {
      expect(existsSync(join(repoRoot, entry)), `stale entry ${entry}`).toBe(true);
    }
    expect(names.length).toBeGreaterThan(5);
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
        paths: {
          '@pandapon/sandbox/testing': [join(repoRoot, 'packages', 'sandbox', 'src', 'testing.ts')],
          '@pandapon/*': [join(repoRoot, 'packages', '*', 'src', 'index.ts')],
        },
      },
      files: names,
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(dirname(require.resolve('typescript/package.json')), 'lib', 'tsc.js');
    const tscRun = await runNode([tsc, '-p', dir]);
    // tsc prints its diagnostics on stdout.
    const result = tscRun.code === 0 ? '' : `${tscRun.stdout}${tscRun.stderr}`;
    console.log(
      `README blocks: ${names.length} programs type-checked; ${NOT_YET_COMPILING.size} READMEs not yet compiling`,
    );
    expect(result).toBe('');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
