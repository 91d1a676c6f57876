/**
 * Compares saved doc pages with the specs and reports what changed.
 * Usage: tsx scripts/docs-drift.ts <folder-of-saved-pages> [--json] [--verbose] [--fail-on-drift]
 * Exit: 0 (it is a report), 1 with --fail-on-drift when anything changed, 2 on bad usage.
 */

import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSpecIndex, listSpecFiles } from '@pandapon/spec-model';
import { listTextFiles } from './lib/docs-source.js';
import { computeDrift } from './lib/drift.js';
import { formatDriftReport } from './lib/drift-report.js';
import { SPECS_DIR } from './lib/paths.js';

const USAGE =
  'usage: tsx scripts/docs-drift.ts <folder-of-saved-pages> [--json] [--verbose] [--fail-on-drift] [--specs <dir>]';

function main(): number {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'fail-on-drift': { type: 'boolean', default: false },
        specs: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    console.error(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const folder = positionals[0];
  if (!folder || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const root = resolve(folder);
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch {
    console.error(`docs-drift: ${folder} is not a readable folder`);
    return 2;
  }

  const pages = listTextFiles(root).map((p) => ({
    source: relative(root, p),
    text: readFileSync(p, 'utf8'),
  }));
  const specDir = typeof values.specs === 'string' ? values.specs : SPECS_DIR;
  const index = buildSpecIndex(listSpecFiles(specDir));
  for (const problem of index.problems) console.error(`warning: ${problem}`);
  const report = computeDrift(pages, index);

  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatDriftReport(report, { verbose: values.verbose === true }));

  const drifted = report.totals.changes + report.totals.newOperations > 0;
  return values['fail-on-drift'] && drifted ? 1 : 0;
}

process.exitCode = main();
