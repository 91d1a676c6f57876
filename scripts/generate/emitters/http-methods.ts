/** `http-methods.ts`: the spec model's HTTP method list, for published packages that need it. */
import { HTTP_METHODS } from '@pandapon/spec-model';
import type { RepositoryEmitter } from '../emitter.js';

export const httpMethodsEmitter: RepositoryEmitter = {
  file: 'http-methods.ts',
  emit: () =>
    '/** The HTTP methods of an OpenAPI 3.1 path item (packages/spec-model/src/http.ts). */\n' +
    `export const HTTP_METHODS = ${JSON.stringify(HTTP_METHODS)} as const;\n\n` +
    'export type HttpMethod = (typeof HTTP_METHODS)[number];\n',
};
