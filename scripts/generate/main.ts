/**
 * Writes the generated code of the packages from the specs (through @pandapon/spec-model):
 * types (openapi-typescript) and runtime code (operation tables, client factories). Which
 * files go where: targets.ts; how each file is written: emitters/.
 *
 * Usage:
 *   tsx scripts/generate/main.ts [target...]          write the files (default: every target)
 *   tsx scripts/generate/main.ts --check [target...]  fail when the committed files are stale
 *
 * Generated files are never edited by hand: change the spec and run `pnpm generate`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@pandapon/spec-model';
import { banner } from './emitter.js';
import { TARGETS, type Target } from './targets.js';

/** Every file of `target`, banner included, keyed by repo-relative path. */
export async function renderTarget(target: Target): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [file, content] of Object.entries(await target.render())) {
    // JSON cannot hold a comment: JSON emitters write their own note.
    out[join(target.dir, file)] = file.endsWith('.json')
      ? content
      : banner(target.source) + content;
  }
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const named = argv.filter((a) => !a.startsWith('--'));
  const known = TARGETS.map((t) => t.name);
  for (const name of named) {
    if (!known.includes(name)) {
      console.error(`Unknown target "${name}". Known: ${known.join(', ')}`);
      return 2;
    }
  }
  const targets = named.length ? TARGETS.filter((t) => named.includes(t.name)) : TARGETS;
  const stale: string[] = [];
  for (const target of targets) {
    const files = await renderTarget(target);
    for (const [path, content] of Object.entries(files)) {
      const file = join(REPO_ROOT, path);
      if (check) {
        const current = await readFile(file, 'utf8').catch(() => null);
        if (current !== content) stale.push(path);
      } else {
        await mkdir(join(REPO_ROOT, target.dir), { recursive: true });
        await writeFile(file, content);
      }
    }
    if (!check) console.log(`generated ${target.dir} from ${target.source}`);
  }
  if (stale.length) {
    console.error(
      `Generated code is stale (the source changed, or someone edited generated files):\n  ${stale.join('\n  ')}\nRun \`pnpm generate\` and commit the result.`,
    );
    return 1;
  }
  if (check) console.log(`generated code is up to date (${targets.map((t) => t.name).join(', ')})`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
