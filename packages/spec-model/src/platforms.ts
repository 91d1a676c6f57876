/**
 * The platform registry: the one list of PandaPon platforms this repository builds a client
 * for. Everything that needs "the platforms" (the generator, the sandbox's spec bundle, the API
 * reference, benchmarks, size budgets, the umbrella client) reads it from here, directly or
 * through a generated file; `test/single-home.test.ts` fails when a list appears elsewhere.
 *
 * To add a platform: add its spec under specs/, an entry here, a package under packages/ (copy
 * an existing platform package), then run `pnpm generate` and follow what the tests report.
 */

/** What the repository knows about one platform. All paths are relative to the repo root. */
export interface PlatformInfo {
  /** Registry key; also the package folder's and the sandbox's name for the platform. */
  readonly name: string;
  /** The platform's spec file. */
  readonly spec: string;
  /** The published client package. */
  readonly packageName: string;
  /** The client package's folder. */
  readonly packageDir: string;
  /** The generated client factory the package exports. */
  readonly factory: string;
  /** The generated client type the package exports. */
  readonly clientType: string;
  /** Human name, for docs and reference pages. */
  readonly title: string;
  /** One line on what the platform's operations cover. */
  readonly summary: string;
  /**
   * The word that starts the platform's operationIds (`taobaoGetProductV2`), or undefined where
   * they have none (the address operations are `addressAddOrUpdate`).
   */
  readonly operationIdPrefix: string | undefined;
}

function platform<const Name extends string, const Factory extends string>(
  info: PlatformInfo & { name: Name; factory: Factory },
): PlatformInfo & { name: Name; factory: Factory } {
  return Object.freeze(info);
}

/** In the order docs and the umbrella client list them. */
export const PLATFORM_LIST = Object.freeze([
  platform({
    name: 'taobao',
    spec: 'specs/taobao.yaml',
    packageName: '@pandapon/taobao',
    packageDir: 'packages/taobao',
    factory: 'createTaobaoClient',
    clientType: 'TaobaoClient',
    title: 'Taobao',
    summary: 'Taobao goods, orders, after-sales and cart.',
    operationIdPrefix: 'taobao',
  }),
  platform({
    name: 'alibaba',
    spec: 'specs/alibaba.yaml',
    packageName: '@pandapon/alibaba',
    packageDir: 'packages/alibaba',
    factory: 'createAlibabaClient',
    clientType: 'AlibabaClient',
    title: '1688',
    summary: '1688 goods, cart, orders and after-sales.',
    operationIdPrefix: 'alibaba',
  }),
  // Named after the docs' own "Foundations" section (and the product request's spec list), not
  // after what our copies show of it: today only addresses. Any further operation PandaPon files
  // under that section lands here without a rename; the title says what it holds now.
  platform({
    name: 'foundations',
    spec: 'specs/foundations.yaml',
    packageName: '@pandapon/foundations',
    packageDir: 'packages/foundations',
    factory: 'createFoundationsClient',
    clientType: 'FoundationsClient',
    title: 'Addresses',
    summary: 'User addresses.',
    operationIdPrefix: undefined,
  }),
  platform({
    name: 'logistics',
    spec: 'specs/logistics.yaml',
    packageName: '@pandapon/logistics',
    packageDir: 'packages/logistics',
    factory: 'createLogisticsClient',
    clientType: 'LogisticsClient',
    title: 'Warehouse logistics',
    summary: 'Warehouse logistics.',
    operationIdPrefix: 'logistics',
  }),
] as const);

export type Platform = (typeof PLATFORM_LIST)[number]['name'];

/** Registry entries keyed by name. */
export const PLATFORMS: {
  readonly [P in Platform]: Extract<(typeof PLATFORM_LIST)[number], { name: P }>;
} = Object.freeze(Object.fromEntries(PLATFORM_LIST.map((p) => [p.name, p]))) as never;

/** Platform names in registry order. */
export const PLATFORM_NAMES: readonly Platform[] = Object.freeze(PLATFORM_LIST.map((p) => p.name));

export function isPlatform(name: unknown): name is Platform {
  return typeof name === 'string' && (PLATFORM_NAMES as readonly string[]).includes(name);
}

/** The registry entry of `name`; throws naming the known platforms when there is none. */
export function platformInfo(name: string): PlatformInfo {
  if (!isPlatform(name)) {
    throw new Error(`Unknown platform "${name}". Known: ${PLATFORM_NAMES.join(', ')}`);
  }
  return PLATFORMS[name];
}
