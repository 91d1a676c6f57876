/**
 * `clients.ts` for @pandapon/sdk: the umbrella's one property per platform, typed, and the
 * factory of each, so that the umbrella itself names no platform.
 */
import type { RepositoryEmitter } from '../emitter.js';

export const umbrellaClientsEmitter: RepositoryEmitter = {
  file: 'clients.ts',
  emit({ platforms }) {
    const sorted = [...platforms].sort((a, b) => (a.packageName < b.packageName ? -1 : 1));
    const imports = sorted.map(
      (p) => `import { ${p.factory}, type ${p.clientType} } from '${p.packageName}';\n`,
    );
    const members = platforms.map(
      (p) => `  /** ${p.summary} */\n  readonly ${p.name}: ${p.clientType};\n`,
    );
    const factories = platforms.map((p) => `  ${p.name}: ${p.factory},\n`);
    return (
      `${imports.join('')}import type { PlatformClientOptions } from '@pandapon/client-core';\n\n` +
      '/** One client per platform, in registry order. */\n' +
      `export interface PlatformClients {\n${members.join('')}}\n\n` +
      'export type PlatformName = keyof PlatformClients;\n\n' +
      "/** Each platform client's factory. */\n" +
      'export const clientFactories: {\n' +
      '  readonly [P in PlatformName]: (options: PlatformClientOptions) => PlatformClients[P];\n' +
      `} = {\n${factories.join('')}};\n\n` +
      '/** The platform names, in registry order. */\n' +
      `export const PLATFORM_NAMES = Object.keys(clientFactories) as PlatformName[];\n`
    );
  },
};
