/**
 * `platform-types.ts` for @pandapon/sdk: each platform package's types under one namespace
 * (`Alibaba.CancelOrderV2Params`, `Taobao.GetProductV2Data`), since the platforms share many
 * operation names. Type-only: importing them adds nothing to a bundle.
 */
import type { RepositoryEmitter } from '../emitter.js';

/** `taobao` → `Taobao`. */
export function namespaceOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export const umbrellaTypesEmitter: RepositoryEmitter = {
  file: 'platform-types.ts',
  emit: ({ platforms }) =>
    [...platforms]
      .sort((a, b) => (a.packageName < b.packageName ? -1 : 1))
      .map(
        (p) =>
          `/** ${p.summary} Named types of its operations: params, data, items. */\n` +
          `export type * as ${namespaceOf(p.name)} from '${p.packageName}';\n`,
      )
      .join(''),
};
