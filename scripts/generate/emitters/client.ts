/** `client.ts`: the platform's client factory (the four platform packages differ only in names). */
import type { PlatformEmitter } from '../emitter.js';

export const clientEmitter: PlatformEmitter = {
  file: 'client.ts',
  emit: ({ platform: { name, spec, factory, clientType } }) =>
    "import { createPlatformClient, type PlatformClient, type PlatformClientOptions } from '@pandapon/client-core';\n" +
    "import { operations } from './operations.js';\n" +
    "import type { paths } from './schema.js';\n\n" +
    `/** A signed, typed client for every ${name} operation in ${spec}. */\n` +
    `export type ${clientType} = PlatformClient<paths>;\n\n` +
    `/** Creates a ${name} client: signing, envelope errors, retries, timeouts and pagination built in. */\n` +
    `export function ${factory}(options: PlatformClientOptions): ${clientType} {\n` +
    `  return createPlatformClient<paths>(options, { platform: '${name}', operations });\n` +
    '}\n',
};
