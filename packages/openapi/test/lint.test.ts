// The published files pass two independent linters with no error and no warning: Redocly with
// the repository's own spec rules, and Stoplight Spectral's `spectral:oas` ruleset. Each linter
// is also shown a broken copy, so a run that reads nothing cannot pass.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redocly } from '@pandapon/spec-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedDir, MERGED_NAME, PLATFORMS, packageDir, repoRoot } from '../src/platforms.js';
import { binPath, runCli } from './cli.js';

const files = [...PLATFORMS.map((p) => p.name), MERGED_NAME].flatMap((stem) => [
  join(generatedDir, `${stem}.yaml`),
  join(generatedDir, `${stem}.json`),
]);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pandapon-openapi-lint-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the foundations bundle, changed by `edit`, in the scratch folder. */
interface EditableDocument {
  info: Record<string, unknown>;
  paths: Record<string, { post: Record<string, unknown> }>;
}

async function brokenCopy(name: string, edit: (doc: EditableDocument) => void): Promise<string> {
  const text = await readFile(join(generatedDir, 'foundations.json'), 'utf8');
  const doc = JSON.parse(text) as EditableDocument;
  edit(doc);
  const path = join(scratch, name);
  await writeFile(path, JSON.stringify(doc));
  return path;
}

interface RedoclyTotals {
  errors: number;
  warnings: number;
}

async function redoclyLint(
  file: string,
): Promise<{ totals: RedoclyTotals; problems: unknown[]; raw: string }> {
  const args = ['lint', '--config', join(repoRoot, 'redocly.yaml'), '--format', 'json', file];
  // Within the test's 60 s limit, so a hung linter is killed rather than left running.
  const result = await redocly(args, 55_000);
  const report = JSON.parse(result.stdout) as { totals: RedoclyTotals; problems: unknown[] };
  return { ...report, raw: result.stdout + result.stderr };
}

// Redocly reads the YAML form; generated.test.ts proves each JSON file holds the same document,
// and Spectral below reads both forms. (One Redocly process per file: ~1-3 s each.)
const yamlFiles = files.filter((file) => file.endsWith('.yaml'));

describe('Redocly lint (the repository rules)', () => {
  it.each(yamlFiles.map((file) => [file.slice(generatedDir.length + 1), file]))(
    '%s: 0 errors, 0 warnings',
    async (_name, file) => {
      const { totals, problems } = await redoclyLint(file);
      expect(problems).toEqual([]);
      expect(totals).toMatchObject({ errors: 0, warnings: 0 });
    },
  );

  it('reports a bundle that breaks a repository rule', async () => {
    const file = await brokenCopy('no-retry-flag.json', (doc) => {
      const first = Object.values(
        doc.paths as Record<string, { post: Record<string, unknown> }>,
      )[0];
      delete first?.post['x-pandapon-safe-to-retry'];
    });
    const { totals, raw } = await redoclyLint(file);
    expect(totals.errors).toBeGreaterThan(0);
    expect(raw).toContain('operation-retry-safety');
  });
});

interface SpectralResult {
  code: string | number;
  message: string;
  severity: number; // 0 error, 1 warning, 2 information, 3 hint
  source?: string;
}

async function spectral(targets: readonly string[]): Promise<SpectralResult[]> {
  const output = join(scratch, `spectral-${Date.now()}.json`);
  const result = await runCli(
    binPath('@stoplight/spectral-cli', 'dist/index.js'),
    [
      'lint',
      '--ruleset',
      join(packageDir, '.spectral.yaml'),
      '--format',
      'json',
      '--output',
      output,
      '--fail-severity',
      'hint',
      ...targets,
    ],
    { cwd: packageDir, env: { SCARF_ANALYTICS: 'false' } },
  );
  const text = await readFile(output, 'utf8').catch(() => {
    throw new Error(`spectral wrote no report (exit ${result.exitCode}):\n${result.output}`);
  });
  return JSON.parse(text) as SpectralResult[];
}

describe('Spectral spectral:oas', () => {
  it('finds no error and no warning in any published file', async () => {
    const results = await spectral(files);
    const problems = results.filter((r) => r.severity <= 1);
    expect(problems.map((r) => `${r.source}: ${r.code} ${r.message}`)).toEqual([]);
  }, 150_000); // ten files in one Spectral process, bounded at 120 s

  it('warns about a bundle without contact information', async () => {
    const file = await brokenCopy('no-contact.json', (doc) => {
      delete doc.info.contact;
    });
    const results = await spectral([file]);
    expect(results.map((r) => [r.code, r.severity])).toContainEqual(['info-contact', 1]);
  });
});
