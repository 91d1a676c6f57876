/** `client.ts`: the platform's client factory (the four platform packages differ only in names). */
import { methodNamesOf } from '../../methods/emit-methods.js';
import type { PlatformEmitter } from '../emitter.js';

export const clientEmitter: PlatformEmitter = {
  file: 'client.ts',
  emit: ({ platform: { name, spec, factory, clientType, title } }) => {
    const { interfaceName, tableName } = methodNamesOf(name);
    return (
      'import {\n  createPlatformClient,\n  type PlatformClient,\n  type PlatformClientOptions,\n  withOperations,\n} from ' +
      "'@pandapon/client-core';\n" +
      `import { type ${interfaceName}, ${tableName} } from './methods.js';\n` +
      "import { operations } from './operations.js';\n" +
      "import type { paths } from './schema.js';\n\n" +
      `/**\n * A signed, typed client for every ${title} operation in ${spec}: one method per operation\n` +
      ` * (\`${interfaceName}\`), and the path client (\`GET\`, \`POST\`, ...) beside them.\n */\n` +
      `export type ${clientType} = PlatformClient<paths> & ${interfaceName};\n\n` +
      `/**\n * Creates the ${title} client: signing, envelope errors, retries, timeouts and pagination built in.\n` +
      ' * Credentials missing from `options` are read from PANDAPON_ACCESS_KEY, PANDAPON_ACCESS_SECRET\n' +
      ' * and PANDAPON_USER_ID (and PANDAPON_BASE_URL) in the environment.\n */\n' +
      `export function ${factory}(options?: PlatformClientOptions): ${clientType} {\n` +
      `  const meta = { platform: '${name}', operations };\n` +
      `  return withOperations<PlatformClient<paths>, ${interfaceName}>(\n` +
      '    createPlatformClient<paths>(options, meta),\n' +
      '    meta,\n' +
      `    ${tableName},\n  );\n` +
      '}\n'
    );
  },
};
