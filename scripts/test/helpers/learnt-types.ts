/**
 * Shared by the learn tests (scripts/test/learn.test.ts, packages/shapes/test): generate types
 * from a spec file with openapi-typescript and type-check a consumer against them. Returns the
 * compiler's messages (empty when the consumer compiles).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

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
