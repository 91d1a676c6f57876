/**
 * Each shared fact has one home; everything else derives it (imports it, or reads a generated
 * copy checked by `check:generated`). This test scans the repository for copies declared by hand:
 *
 * - a platform list: the registry's names together in one bracketed list, object or
 *   interface (packages/spec-model/src/platforms.ts is the home);
 * - the system headers (home: @pandapon/signing's SYSTEM_HEADERS);
 * - the callback message types the specs declare (home: the specs; code gets generated copies);
 * - an HTTP method list (home: @pandapon/spec-model's HTTP_METHODS; published packages get a
 *   generated copy);
 *
 * and checks the configuration files that cannot import the registry against it. Test helpers have
 * one home too: no test outside @pandapon/test-support starts an HTTP server or a child process
 * by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '@pandapon/test-support';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/files.js';
import { HTTP_METHODS } from '../src/http.js';
import { loadSpecIndex } from '../src/load.js';
import { evidencedMessageTypes } from '../src/message-types.js';
import { PLATFORM_LIST } from '../src/platforms.js';
import { callbackMessageTypes } from '../src/spec-index.js';

/** Tracked files (plus new ones not yet committed), repo-relative; listed once per run. */
const listed = await runProcess('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: REPO_ROOT,
});
if (listed.code !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
// A file deleted in the working tree but not yet in the index is listed too: skip it.
const FILES = listed.stdout
  .split('\n')
  .filter((file) => file !== '' && existsSync(join(REPO_ROOT, file)));
function repositoryFiles(): string[] {
  return FILES;
}

const CODE = /\.(?:[cm]?[jt]s|json)$/;

/** Where hand-written copies are allowed: homes, generated code, specs, tests, docs. */
function isScanned(file: string): boolean {
  if (!CODE.test(file)) return false;
  if (/(?:^|\/)(?:generated|node_modules|dist|test|tests|fixtures)\//.test(file)) return false;
  if (/\.test(?:-d)?\.ts$/.test(file)) return false;
  return !file.startsWith('specs/') && file !== 'pnpm-lock.yaml';
}

/** The source with comments blanked (a list in prose is not a declaration). */
function withoutComments(source: string, file: string): string {
  if (file.endsWith('.json')) return source;
  return source.replace(/\/\*[\s\S]*?\*\/|(?<![:'"`\\])\/\/[^\n]*/g, (c) =>
    c.replace(/[^\n]/g, ' '),
  );
}

interface Finding {
  file: string;
  line: number;
}

/**
 * Bracketed spans (`[...]`, `{...}`, `(...)`) whose own tokens (not those of nested brackets)
 * include every one of `needles`, each matched case-insensitively inside a token.
 */
function listsHolding(source: string, needles: readonly RegExp[]): number[] {
  const found: number[] = [];
  const stack: { start: number; tokens: string[] }[] = [{ start: 0, tokens: [] }];
  const token = /[A-Za-z0-9_$@/.-]+|[[\]{}()]/g;
  for (const match of source.matchAll(token)) {
    const text = match[0];
    if (text === '[' || text === '{' || text === '(') {
      stack.push({ start: match.index ?? 0, tokens: [] });
    } else if (text === ']' || text === '}' || text === ')') {
      const frame = stack.pop();
      if (frame && needles.every((needle) => frame.tokens.some((t) => needle.test(t)))) {
        found.push(source.slice(0, frame.start).split('\n').length);
      }
      if (stack.length === 0) stack.push({ start: 0, tokens: [] });
    } else {
      stack.at(-1)?.tokens.push(text);
    }
  }
  const top = stack[0];
  if (stack.length === 1 && top && needles.every((n) => top.tokens.some((t) => n.test(t)))) {
    // A whole file (e.g. YAML-like flat text) holding every needle at top level.
    found.push(1);
  }
  return found;
}

function scan(needles: readonly RegExp[], allowed: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of repositoryFiles().filter(isScanned)) {
    if (allowed.includes(file)) continue;
    const source = withoutComments(readFileSync(join(REPO_ROOT, file), 'utf8'), file);
    for (const line of listsHolding(source, needles)) findings.push({ file, line });
  }
  return findings;
}

const word = (text: string) => new RegExp(text.replace(/[-]/g, '\\-'), 'i');

describe('the detector', () => {
  const platforms = PLATFORM_LIST.map((p) => word(p.name));

  it('finds a list, an object and a factory list, wherever they sit', () => {
    const source = [
      "const a = ['taobao', 'alibaba', 'foundations', 'logistics'];",
      'function f() {',
      '  const clients = { taobao: 1, alibaba: 2, foundations: 3, logistics: 4 };',
      '}',
      'g([createTaobaoClient, createAlibabaClient, createFoundationsClient, createLogisticsClient]);',
    ].join('\n');
    expect(listsHolding(source, platforms)).toEqual([1, 3, 5]);
  });

  it('does not count names spread over separate lists or only in nested ones', () => {
    const source = [
      "import { a } from '@pandapon/taobao';",
      "import { b } from '@pandapon/alibaba';",
      "const x = { one: ['foundations'], two: ['logistics'] };",
    ].join('\n');
    expect(listsHolding(withoutComments(source, 'x.ts'), platforms)).toEqual([]);
  });
});

describe('one home per fact', () => {
  it('declares the platform list only in the registry', () => {
    const findings = scan(
      PLATFORM_LIST.map((p) => word(p.name)),
      [
        'packages/spec-model/src/platforms.ts',
        // Dependency lists: pnpm needs them written out (checked below).
        'packages/sdk/package.json',
        'packages/smoke/package.json',
        // Consumer programs, written as a user of the published packages writes them.
        'packages/smoke/consumers/checks.cjs',
        'packages/smoke/consumers/esm.mjs',
        // Turbo's task graph cannot be computed (checked below).
        'turbo.json',
      ],
    );
    expect(findings).toEqual([]);
  });
});

describe('one home for the protocol vocabulary', () => {
  it('declares the system headers only in @pandapon/signing', () => {
    // The home is whichever module of @pandapon/signing declares SYSTEM_HEADERS.
    const home = repositoryFiles().filter(
      (file) =>
        file.startsWith('packages/signing/src/') &&
        /export const SYSTEM_HEADERS\b/.test(readFileSync(join(REPO_ROOT, file), 'utf8')),
    );
    expect(home).toHaveLength(1);
    const findings = scan(['access-key', 'nonce-str', 'user-id'].map(word), home);
    expect(findings).toEqual([]);
  });

  it('declares the HTTP method list only in the spec model', () => {
    // `options`, `head`, `patch` and `delete` appear together only in a full method list.
    const findings = scan(
      ['options', 'head', 'patch', 'delete'].map((m) => new RegExp(`^${m}$`, 'i')),
      ['packages/spec-model/src/http.ts'],
    );
    expect(findings).toEqual([]);
  });
});

describe('one home for the callback message types', () => {
  it('lists the types the specs declare only in generated code', () => {
    const types = callbackMessageTypes(loadSpecIndex());
    expect(types.length).toBeGreaterThanOrEqual(2);
    const messages = 'packages/callbacks/src/messages.ts';
    // The body type of each known message, keyed by type, may name them: the compiler checks its
    // keys against the generated list (KnownCallback indexes it with every known type).
    const bodiesLine =
      readFileSync(join(REPO_ROOT, messages), 'utf8')
        .split('\n')
        .findIndex((line) => line.startsWith('export interface KnownMessageBodies')) + 1;
    const findings = scan(
      types.map((type) => new RegExp(`^${type}$`)),
      [],
    ).filter((f) => !(f.file === messages && f.line === bodiesLine));
    expect(findings).toEqual([]);
  });
});

/** Code files of the whole repository (tests included), outside the spec model itself. */
function codeOutsideSpecModel(): string[] {
  return repositoryFiles().filter(
    (file) =>
      /\.[cm]?[jt]s$/.test(file) &&
      !/(?:^|\/)(?:generated|node_modules|dist)\//.test(file) &&
      !file.startsWith('packages/spec-model/'),
  );
}

/** An import of a YAML parser (`parse`, `parseDocument`, ... or the whole module) from `yaml`. */
const YAML_PARSER_IMPORT =
  /import\s+(?:\*\s+as\s+\w+|\w+|\{[^}]*\b(?:parse|parseDocument|parseAllDocuments)\b[^}]*\})\s+from\s+['"](?:yaml|js-yaml)['"]/;

/** Where a file is read (`readFileSync(...)`, `readFile(...)`, ...): the call's argument text. */
function fileReads(source: string): { line: number; argument: string }[] {
  const reads: { line: number; argument: string }[] = [];
  for (const call of source.matchAll(/\b(?:readFileSync|readFile|createReadStream)\s*\(/g)) {
    const open = (call.index ?? 0) + call[0].length - 1;
    let depth = 0;
    let end = open;
    for (; end < source.length; end++) {
      if (source[end] === '(') depth++;
      else if (source[end] === ')' && --depth === 0) break;
    }
    reads.push({
      line: source.slice(0, open).split('\n').length,
      argument: source.slice(open + 1, end),
    });
  }
  return reads;
}

/** A read whose path names a spec (a spec folder or file variable, or a YAML file name). */
const SPEC_PATH = /\.ya?ml\b|spec/i;

describe('one reader of specs/', () => {
  // Files outside the spec model that may read YAML or spec files, each with its reason.
  const allowed: Record<string, string> = {
    // Reads back what `pnpm learn` wrote into a temporary copy: the output under test.
    'scripts/test/learn.test.ts': 'yaml parse, things.yaml read',
    // The scripts' own fixture specs (scripts/test/fixtures/specs), fed to an in-memory resolver.
    'scripts/test/helpers/fixtures.ts': 'fixture specs read',
    // The published bundles in packages/openapi/generated/, not specs/.
    'packages/openapi/test/generated.test.ts': 'yaml parse of the generated bundles',
    // The sandbox's built dist/specs/*.json bundles, not specs/.
    'packages/sandbox/test/cli.test.ts': 'bundled JSON read',
  };

  it('only @pandapon/spec-model parses YAML or reads spec files', () => {
    const findings: string[] = [];
    const needed = new Set<string>();
    for (const file of codeOutsideSpecModel()) {
      const source = withoutComments(readFileSync(join(REPO_ROOT, file), 'utf8'), file);
      const hits: string[] = [];
      if (YAML_PARSER_IMPORT.test(source)) hits.push(`${file}: imports a YAML parser`);
      for (const read of fileReads(source)) {
        if (SPEC_PATH.test(read.argument)) {
          hits.push(`${file}:${read.line}: reads ${read.argument.replace(/\s+/g, ' ').trim()}`);
        }
      }
      if (hits.length === 0) continue;
      if (file in allowed) needed.add(file);
      else findings.push(...hits);
    }
    // Use @pandapon/spec-model instead: SpecResolver (load, resolve, locate), loadSpecIndex,
    // loadEditableSpecs (yaml Documents to edit), bundleSpec.
    expect(findings).toEqual([]);
    // An exception nobody needs any more is removed, so the list stays true.
    expect(Object.keys(allowed).filter((file) => !needed.has(file))).toEqual([]);
  });

  it('the detector sees a parser import and a read of a spec path', () => {
    expect(YAML_PARSER_IMPORT.test("import { parse } from 'yaml';")).toBe(true);
    expect(YAML_PARSER_IMPORT.test("import { type Document, parseDocument } from 'yaml';")).toBe(
      true,
    );
    expect(YAML_PARSER_IMPORT.test("import YAML from 'yaml';")).toBe(true);
    expect(YAML_PARSER_IMPORT.test("import { isMap, stringify } from 'yaml';")).toBe(false);
    const reads = fileReads(
      "const a = readFileSync(join(SPECS_DIR, name), 'utf8');\nreadFileSync(shapesFile);\n" +
        "await readFile(join(dir, 'taobao.yaml'));",
    );
    expect(reads.filter((r) => SPEC_PATH.test(r.argument)).map((r) => r.line)).toEqual([1, 3]);
  });
});

describe('one home for the message types known from other evidence', () => {
  const types = evidencedMessageTypes(loadSpecIndex()).map((type) => type.value);
  const alternatives = types.map((type) => type.replace(/[^\w]/g, '\\$&')).join('|');
  /** A string literal (`'ORDER_CREATE'`) or an object or interface key (`ORDER_CREATE:`). */
  const written = new RegExp(
    `(['"\`])(?:${alternatives})\\1|(?<![\\w.])(?:${alternatives})\\??\\s*:`,
  );

  it('the specs list them (x-pandapon-message-types on the callback envelope)', () => {
    expect(types).toEqual(
      expect.arrayContaining(['ORDER_CREATE', 'ORDER_PAY_SUCCESS', 'ORDER_CANCEL']),
    );
  });

  it('writes them only in the specs and generated code', () => {
    const allowed = [
      // The demo is written as a user of the published packages writes it.
      'packages/demo/src/demo.ts',
    ];
    const findings: string[] = [];
    for (const file of repositoryFiles().filter(isScanned)) {
      if (allowed.includes(file)) continue;
      const source = withoutComments(readFileSync(join(REPO_ROOT, file), 'utf8'), file);
      source.split('\n').forEach((line, at) => {
        if (written.test(line)) findings.push(`${file}:${at + 1}: ${line.trim()}`);
      });
    }
    expect(findings).toEqual([]);
  });

  it('the detector sees a literal and a key, not a use of the generated constant', () => {
    expect(written.test("const t = 'ORDER_CREATE';")).toBe(true);
    expect(written.test('  ORDER_PAY_SUCCESS: OpenObject;')).toBe(true);
    expect(written.test('orderCreated: MESSAGE_TYPE.ORDER_CREATE,')).toBe(false);
    expect(written.test("const t = 'TAOBAO_ORDER_CREATE';")).toBe(false);
  });
});

describe('configuration that cannot import the registry agrees with it', () => {
  const json = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8'));

  it('turbo builds every platform package before measuring sizes', () => {
    const dependsOn: string[] = json('turbo.json').tasks['//#size'].dependsOn;
    for (const p of PLATFORM_LIST) expect(dependsOn).toContain(`${p.packageName}#build`);
  });

  it('the spec lint covers every platform spec', () => {
    const { apis } = parse(readFileSync(join(REPO_ROOT, 'redocly.yaml'), 'utf8')) as {
      apis: Record<string, { root: string }>;
    };
    expect(Object.fromEntries(Object.entries(apis).map(([name, api]) => [name, api.root]))).toEqual(
      Object.fromEntries(PLATFORM_LIST.map((p) => [p.name, p.spec])),
    );
  });

  it('the umbrella package and the smoke test depend on every platform package', () => {
    for (const file of ['packages/sdk/package.json', 'packages/smoke/package.json']) {
      const { dependencies = {}, devDependencies = {} } = json(file);
      for (const p of PLATFORM_LIST) {
        expect({ ...dependencies, ...devDependencies }, file).toHaveProperty([p.packageName]);
      }
    }
  });

  // test-support has no build task whose hash would reach its users, so a change to its source
  // reruns a suite only where the test/typecheck inputs name it; a package turbo.json that
  // overrides those inputs replaces the root's list and must name it again.
  it('every package using test-support lists its source among its test and typecheck inputs', () => {
    const TEST_SUPPORT = '$TURBO_ROOT$/packages/test-support/src/**';
    const overridden: string[] = [];
    for (const file of repositoryFiles().filter((f) => /(^|\/)turbo\.json$/.test(f))) {
      if (file === 'turbo.json') continue;
      const folder = file.slice(0, -'turbo.json'.length);
      const { dependencies = {}, devDependencies = {} } = json(`${folder}package.json`);
      if (!('@pandapon/test-support' in { ...dependencies, ...devDependencies })) continue;
      for (const task of ['test', 'typecheck']) {
        const inputs: string[] | undefined = json(file).tasks?.[task]?.inputs;
        if (inputs === undefined) continue;
        overridden.push(`${file} ${task}`);
        // The whole repository (this test's own inputs) covers it too.
        const covered = inputs.includes(TEST_SUPPORT) || inputs.includes('$TURBO_ROOT$/**');
        expect(covered, `${file} ${task}: ${inputs.join(', ')}`).toBe(true);
      }
    }
    expect(overridden.length).toBeGreaterThan(0);
    for (const task of ['test', 'typecheck']) {
      expect(json('turbo.json').tasks[task].inputs, `turbo.json ${task}`).toContain(TEST_SUPPORT);
    }
  });

  it('this test reruns whatever file changes (it scans the whole repository)', () => {
    expect(json('packages/spec-model/turbo.json').tasks.test.inputs).toContain('$TURBO_ROOT$/**');
  });

  it('the README type-check reruns when a README changes', () => {
    // packages/sdk/test/readmes.test.ts compiles every README's blocks: without these inputs
    // turbo replayed a cached pass after a README edit.
    const inputs: string[] = json('packages/sdk/turbo.json').tasks.test.inputs;
    expect(inputs).toEqual(
      expect.arrayContaining(['$TURBO_ROOT$/README.md', '$TURBO_ROOT$/packages/*/README.md']),
    );
  });

  it('the generated JSON copy of the registry is the registry', () => {
    const copy = json('packages/spec-model/src/generated/platforms.json');
    expect(copy.platforms).toEqual(JSON.parse(JSON.stringify(PLATFORM_LIST)));
  });
});

/**
 * Test files allowed to name a server or a child process themselves, and why. Each entry must
 * still match (a stale one fails), so the list shrinks as soon as a file stops needing it.
 */
const OWN_SERVER_OR_PROCESS: Record<string, string> = {
  // This file: the detector's own test below holds samples of what it finds.
  'packages/spec-model/test/single-home.test.ts': 'samples for the detector test',
};

/** What a test file does by hand that @pandapon/test-support does for it. */
function handRolled(source: string): string[] {
  const found: string[] = [];
  if (/\bcreateServer\b|\bnew\s+(?:http\.|https\.|net\.)?Server\s*\(/.test(source)) {
    found.push('starts a server');
  }
  if (/['"](?:node:)?child_process['"]/.test(source)) found.push('spawns a process');
  return found;
}

describe('one home for the test helpers (@pandapon/test-support)', () => {
  it('the detector finds servers and child processes, in any import style', () => {
    expect(handRolled("import { createServer } from 'node:http';")).toEqual(['starts a server']);
    expect(handRolled('const s = new http.Server((req, res) => res.end());')).toEqual([
      'starts a server',
    ]);
    expect(handRolled("const { spawn } = require('child_process');")).toEqual(['spawns a process']);
    expect(handRolled("import { request } from 'node:http'; await fetch(url);")).toEqual([]);
  });

  it('no test starts an HTTP server or a child process by hand', () => {
    // Tests and their helpers; programs a test runs (examples, smoke consumers, benchmarks,
    // the demo) are product code and live outside test/ folders.
    const testFiles = repositoryFiles().filter(
      (file) =>
        /\.[cm]?[jt]s$/.test(file) &&
        /(?:^|\/)test\//.test(file) &&
        !file.startsWith('packages/test-support/') &&
        !file.includes('/node_modules/'),
    );
    expect(testFiles.length).toBeGreaterThan(50);
    const findings = testFiles.flatMap((file) =>
      handRolled(withoutComments(readFileSync(join(REPO_ROOT, file), 'utf8'), file))
        .filter(() => !(file in OWN_SERVER_OR_PROCESS))
        .map((what) => `${file} ${what}: use @pandapon/test-support`),
    );
    expect(findings).toEqual([]);
    for (const file of Object.keys(OWN_SERVER_OR_PROCESS)) {
      const source = existsSync(join(REPO_ROOT, file))
        ? readFileSync(join(REPO_ROOT, file), 'utf8')
        : '';
      expect(handRolled(source), `stale exception ${file}`).not.toEqual([]);
    }
  });
});

it('HTTP_METHODS is the OpenAPI 3.1 path item list', () => {
  expect([...HTTP_METHODS].sort()).toEqual(
    ['delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'trace'].sort(),
  );
});
