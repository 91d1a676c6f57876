/**
 * Shared by the learn tests (scripts/test/learn.test.ts, packages/shapes/test): run the
 * `pnpm learn` CLI as a user would, and type-check a consumer against types generated from a
 * spec file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ProcessResult, runTsx } from '@pandapon/test-support';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** `tsx scripts/learn.ts ...args`, waited for (bounded). */
export function runLearn(args: readonly string[]): Promise<ProcessResult> {
  return runTsx(join(repoRoot, 'scripts/learn.ts'), args, { timeoutMs: 60_000 });
}

/** The compiler's messages for `consumer` against the spec's generated types (empty: it compiles). */
export async function consumerErrors(specFile: string, consumer: string): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), 'learnt-types-'));
  writeFileSync(
    join(out, 'schema.ts'),
    astToString(await openapiTS(new URL(`file://${specFile}`))),
  );
  writeFileSync(join(out, 'consumer.ts'), consumer);
  const program = ts.createProgram([join(out, 'consumer.ts')], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}
