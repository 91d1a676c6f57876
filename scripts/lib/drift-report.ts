/** Human-readable rendering of a drift report. */

import type { DriftChange, DriftReport } from './drift.js';

const SYMBOL: Record<DriftChange['kind'], string> = {
  added: '+',
  removed: '-',
  type: '~',
  required: '~',
  nullable: '~',
  enum: '~',
  metadata: '!',
};

function describe(c: DriftChange): string {
  const field = c.field ? `${c.field}: ` : '';
  switch (c.kind) {
    case 'added':
      return `${field}added${c.page ? ` (${c.page})` : ''}`;
    case 'removed':
      return `${field}removed (spec: ${c.spec ?? '?'})`;
    case 'metadata':
      return `${field}${c.note ?? ''}${c.spec || c.page ? `${c.note ? ' — ' : ''}spec: ${c.spec ?? '?'}, page: ${c.page ?? '?'}` : ''}`;
    default:
      return `${field}${c.kind} changed: spec ${c.spec ?? '?'}, page ${c.page ?? '?'}`;
  }
}

export function formatDriftReport(report: DriftReport, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  const apiPages = report.pagesRead - report.skipped.length;
  out.push(
    `Docs drift: ${report.pagesRead} pages read (${apiPages} API/callback pages, ${report.skipped.length} without method and path), ${report.operations.length} operations compared.`,
  );
  out.push(
    'Removals are reported only from complete copies (pages that reach 修改于); cut copies can add or change fields but never remove them.',
  );

  for (const op of report.operations) {
    if (op.changes.length === 0 && !opts.verbose) continue;
    out.push('');
    out.push(`${op.key}  (${[op.name, op.file].filter(Boolean).join(', ')})`);
    if (op.evidence) {
      out.push(`    evidence: ${op.evidence.join(' + ')} (no PandaPon page documents it)`);
    }
    for (const c of op.copies) {
      const state = c.complete
        ? `complete${c.lastModified ? `, 修改于 ${c.lastModified}` : ''}`
        : `cut in ${c.cutIn ?? '?'}`;
      out.push(`    copy: ${c.source} (${state})`);
    }
    if (op.changes.length === 0) out.push('    no changes');
    for (const c of op.changes) {
      const notes = [
        ...(c.note && c.kind !== 'metadata' ? [c.note] : []),
        ...(c.nestedAdded ? [`+${c.nestedAdded} nested field${c.nestedAdded > 1 ? 's' : ''}`] : []),
      ];
      const note = notes.length > 0 ? ` — ${notes.join('; ')}` : '';
      out.push(`  ${SYMBOL[c.kind]} ${c.location.padEnd(8)} ${describe(c)}${note}`);
      if (opts.verbose) out.push(`      seen on: ${c.sources.join(', ')}`);
    }
  }

  if (report.newOperations.length > 0) {
    out.push('');
    out.push('New operations (on the pages, not in the specs):');
    for (const n of report.newOperations) {
      const extra = [n.title, n.note].filter(Boolean).join('; ');
      out.push(`  + ${n.key}${extra ? `  (${extra})` : ''}`);
      out.push(`      from: ${n.sources.join(', ')}`);
    }
  }

  if (report.whiteLabel.length > 0) {
    out.push('');
    out.push(
      'White-label pages no operation cites (other paths and base URL; not PandaPon operations):',
    );
    for (const n of report.whiteLabel) {
      out.push(`  · ${n.key}${n.title ? `  (${n.title})` : ''}`);
      out.push(`      from: ${n.sources.join(', ')}`);
    }
  }

  if (report.notCompared.length > 0) {
    out.push('');
    out.push(
      `Spec operations with no saved page (not compared): ${report.notCompared.length}${opts.verbose ? '' : ' (--verbose lists them)'}`,
    );
    if (opts.verbose) for (const k of report.notCompared) out.push(`  ${k}`);
  }
  if (opts.verbose && report.skipped.length > 0) {
    out.push('');
    out.push('Pages skipped:');
    for (const s of report.skipped) out.push(`  ${s.source}: ${s.reason}`);
  }

  const t = report.totals;
  out.push('');
  out.push(
    `drift: ${t.changes} change${t.changes === 1 ? '' : 's'} in ${t.operationsWithChanges} operation${t.operationsWithChanges === 1 ? '' : 's'}, ${t.newOperations} new operation${t.newOperations === 1 ? '' : 's'}`,
  );
  return out.join('\n');
}
