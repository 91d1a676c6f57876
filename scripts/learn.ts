/**
 * `pnpm learn <shapes.ndjson> [--write] [--specs DIR]`: proposes spec additions from response
 * shapes recorded with @pandapon/shapes. Prints them; `--write` writes them into the YAML (then
 * run `pnpm generate`). Conflicts with documented facts are reported, never applied.
 * Exit code: 0 when the file was read (whatever was found), 2 on bad usage, a bad shapes file
 * or specs that cannot be read.
 */

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EditableSpecs, loadEditableSpecs } from '@pandapon/spec-model';
import { parseShapeRecords } from '../packages/shapes/src/index.js';
import { applyFindings, formatFinding, learn, writeSpecs } from './lib/learn.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'usage: pnpm learn <shapes.ndjson> [--write] [--specs DIR]';

function main(argv: string[]): number {
  let file: string | undefined;
  let write = false;
  let specsDir = resolve(root, 'specs');
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument === '--write') write = true;
    else if (argument === '--specs') specsDir = resolve(argv[++index] ?? '');
    else if (argument.startsWith('-') || file !== undefined) {
      console.error(`learn: unexpected argument "${argument}"\n${usage}`);
      return 2;
    } else file = argument;
  }
  if (file === undefined) {
    console.error(usage);
    return 2;
  }
  let records: ReturnType<typeof parseShapeRecords>;
  try {
    // pnpm runs scripts from the repo root; INIT_CWD is where the user typed the command.
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm, not a setting of ours
    const cwd = process.env.INIT_CWD ?? process.cwd();
    records = parseShapeRecords(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    console.error(`learn: ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  let specs: EditableSpecs;
  try {
    specs = loadEditableSpecs(specsDir);
  } catch (error) {
    console.error(`learn: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const findings = learn(specs, records.values());
  const additions = findings.filter((f) => f.kind === 'add-property' || f.kind === 'add-type');
  const conflicts = findings.filter((f) => f.kind === 'conflict');
  for (const finding of findings) console.log(formatFinding(finding, root));
  console.log(
    `learn: ${records.size} operations read, ${additions.length} additions proposed, ${conflicts.length} conflicts reported (not applied)`,
  );
  if (write && additions.length > 0) {
    const changed = applyFindings(specs, findings);
    writeSpecs(specs, changed);
    console.log(
      `learn: wrote ${[...changed].map((f) => f.slice(root.length + 1)).join(', ')}; now run pnpm generate`,
    );
  } else if (additions.length > 0) {
    console.log('learn: nothing written (add --write to apply the additions)');
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
