/**
 * Which generated files go where. A target is one package's `src/generated/` folder and the
 * emitters that fill it; every platform in the registry is a target of its own.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertNoProblems,
  buildSpecIndex,
  loadPlatformIndex,
  PLATFORM_LIST,
  type PlatformInfo,
  platformSpecFiles,
  REPO_ROOT,
} from '@pandapon/spec-model';
import openapiTS, { astToString } from 'openapi-typescript';
import type { PlatformEmitter, RepositoryContext, RepositoryEmitter } from './emitter.js';
import { clientEmitter } from './emitters/client.js';
import { httpMethodsEmitter } from './emitters/http-methods.js';
import { messageTypesEmitter } from './emitters/message-types.js';
import { methodsEmitter } from './emitters/methods.js';
import { operationsEmitter } from './emitters/operations.js';
import { platformNamesEmitter } from './emitters/platform-names.js';
import { registryJsonEmitter } from './emitters/registry-json.js';
import { schemaEmitter } from './emitters/schema.js';
import { umbrellaClientsEmitter } from './emitters/umbrella-clients.js';
import { umbrellaTypesEmitter } from './emitters/umbrella-types.js';

export interface Target {
  /** Its name on the command line (`generate/main.ts taobao`). */
  readonly name: string;
  /** Repo-relative folder the files go to. */
  readonly dir: string;
  /** Repo-relative source named in each file's banner. */
  readonly source: string;
  /** File name → content (without the banner). */
  render(): Promise<Record<string, string>>;
}

/** What every platform package's generated folder holds, in emit order. */
export const PLATFORM_EMITTERS: readonly PlatformEmitter[] = [
  schemaEmitter,
  operationsEmitter,
  methodsEmitter,
  clientEmitter,
];

export function platformTarget(platform: PlatformInfo): Target {
  return {
    name: platform.name,
    dir: join(platform.packageDir, 'src', 'generated'),
    source: platform.spec,
    async render() {
      const context = { platform, index: loadPlatformIndex(platform.name) };
      const files: Record<string, string> = {};
      for (const emitter of PLATFORM_EMITTERS) files[emitter.file] = await emitter.emit(context);
      return files;
    },
  };
}

/**
 * A package that serves every platform: its generated folder is written from the registry and
 * the index of all platform specs together.
 */
export function repositoryTarget(
  name: string,
  packageDir: string,
  emitters: readonly RepositoryEmitter[],
): Target {
  return {
    name,
    dir: join(packageDir, 'src', 'generated'),
    source: 'the platform registry and specs/',
    async render() {
      const context: RepositoryContext = {
        platforms: PLATFORM_LIST,
        index: assertNoProblems(buildSpecIndex(platformSpecFiles())),
      };
      const files: Record<string, string> = {};
      for (const emitter of emitters) files[emitter.file] = await emitter.emit(context);
      return files;
    },
  };
}

/**
 * The client-core tests' own tiny API (not a PandaPon spec): its types are plain
 * openapi-typescript output, generated and checked for staleness like every other file.
 */
export function fixtureTarget(): Target {
  const source = 'packages/client-core/test/fixtures/fixture-api.yaml';
  return {
    name: 'client-core-fixture',
    dir: 'packages/client-core/test/fixtures/generated',
    source,
    async render() {
      const ast = await openapiTS(pathToFileURL(join(REPO_ROOT, source)));
      return { 'fixture-paths.ts': astToString(ast) };
    },
  };
}

export const TARGETS: readonly Target[] = [
  ...PLATFORM_LIST.map(platformTarget),
  repositoryTarget('callbacks', 'packages/callbacks', [messageTypesEmitter]),
  repositoryTarget('client-core', 'packages/client-core', [httpMethodsEmitter]),
  repositoryTarget('sandbox', 'packages/sandbox', [
    platformNamesEmitter,
    httpMethodsEmitter,
    messageTypesEmitter,
  ]),
  repositoryTarget('shapes', 'packages/shapes', [httpMethodsEmitter]),
  repositoryTarget('sdk', 'packages/sdk', [umbrellaClientsEmitter, umbrellaTypesEmitter]),
  repositoryTarget('spec-model', 'packages/spec-model', [registryJsonEmitter]),
  fixtureTarget(),
];
