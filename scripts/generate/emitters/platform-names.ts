/** `platforms.ts`: the registry's platform names, for a published package that cannot import it. */
import type { RepositoryEmitter } from '../emitter.js';

export const platformNamesEmitter: RepositoryEmitter = {
  file: 'platforms.ts',
  emit: ({ platforms }) =>
    '/** The PandaPon platforms, in registry order (packages/spec-model/src/platforms.ts). */\n' +
    `export const PLATFORM_NAMES = ${JSON.stringify(platforms.map((p) => p.name))} as const;\n\n` +
    'export type PlatformName = (typeof PLATFORM_NAMES)[number];\n',
};
