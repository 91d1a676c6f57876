// Portability proof: an independent generator (@hey-api/openapi-ts) turns the merged document
// into a TypeScript client, and that client compiles under strict settings. A consumer file
// checks that every operation became a typed function.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generatedDir, MERGED_NAME } from '../src/platforms.js';
import { HTTP_METHODS, type OpenApiDocument, type OpenApiOperation } from '../src/types.js';
import { binPath, runCli } from './cli.js';

let scratch: string | undefined;
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: [],
  },
  include: ['client', 'consumer.ts'],
};

/** Imports every operation by its operationId, and misuses one typed request body on purpose. */
function consumer(document: OpenApiDocument): string {
  const operations: OpenApiOperation[] = [];
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) operations.push(item[method] as OpenApiOperation);
    }
  }
  const ids = operations.map((o) => o.operationId as string);
  // One whose only required input is its body, so the body alone can make the call wrong.
  const withBody = operations.find(
    (o) =>
      (o.requestBody as { required?: boolean } | undefined)?.required === true &&
      !(o.parameters as { required?: boolean }[] | undefined)?.some((p) => p.required),
  );
  if (!withBody) throw new Error('the merged document has no operation with a required body');
  return [
    "import * as sdk from './client/index.js';",
    `const ids = ${JSON.stringify(ids)} as const;`,
    'type Missing = Exclude<(typeof ids)[number], keyof typeof sdk>;',
    'const everyOperationIsAFunction: [Missing] extends [never] ? true : Missing = true;',
    'void everyOperationIsAFunction;',
    '// A request body is typed: a number is not one.',
    `// @ts-expect-error`,
    `void sdk.${withBody.operationId}({ body: 42 });`,
    '',
  ].join('\n');
}

it('generates a client from the merged bundle that compiles under strict TypeScript', async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pandapon-openapi-client-'));
  const input = join(generatedDir, `${MERGED_NAME}.json`);
  const generated = await runCli(
    binPath('@hey-api/openapi-ts', 'bin/run.js'),
    // An absolute input path: a relative `a/b.json` reads as a registry shorthand.
    ['--input', input, '--output', join(scratch, 'client'), '--no-log-file', '--silent'],
    { cwd: scratch, timeoutMs: 120_000 },
  );
  expect(generated.output).not.toMatch(/error/i);
  expect(generated.exitCode).toBe(0);

  const document = JSON.parse(await readFile(input, 'utf8')) as OpenApiDocument;
  await writeFile(join(scratch, 'consumer.ts'), consumer(document));
  await writeFile(join(scratch, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  const compiled = await runCli(binPath('typescript', 'bin/tsc'), ['-p', scratch], {
    cwd: scratch,
    timeoutMs: 180_000,
  });
  expect(compiled.output).toBe('');
  expect(compiled.exitCode).toBe(0);
}, 330_000); // the two child processes' own limits (120 s + 180 s), plus setup
