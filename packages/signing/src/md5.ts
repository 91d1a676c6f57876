import { md5HexPure } from './md5-pure.js';

export type Md5Hex = (data: string | Uint8Array) => string;
export type Md5ImplementationName = 'node' | 'pure';

interface NodeCryptoSubset {
  createHash(algorithm: string): {
    update(data: string | Uint8Array): { digest(encoding: 'hex'): string };
  };
  hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string;
}

/**
 * node:crypto's MD5 where the runtime offers it through process.getBuiltinModule (Node >= 20.16,
 * Bun, Deno), else undefined. That lookup is synchronous, unlike `import()`, and keeps
 * `node:crypto` out of the static import graph, so browser and Worker bundles still build.
 */
export function loadNodeMd5(): Md5Hex | undefined {
  try {
    const nodeCrypto = (
      globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
    ).process?.getBuiltinModule?.('node:crypto') as NodeCryptoSubset | undefined;
    if (!nodeCrypto) return undefined;
    // crypto.hash (Node >= 20.12) is the one-shot form, cheaper than a Hash object per call.
    const { hash, createHash } = nodeCrypto;
    const md5: Md5Hex =
      typeof hash === 'function'
        ? (data) => hash('md5', data, 'hex')
        : (data) => createHash('md5').update(data).digest('hex');
    // A FIPS-mode OpenSSL refuses MD5; probing once lets us fall back instead of failing later.
    md5('');
    return md5;
  } catch {
    return undefined;
  }
}

let selected: Md5Hex | undefined;

/**
 * Force an implementation (tests, benchmarks) or pass 'auto' to go back to the default:
 * node:crypto when present, else the pure one. Not exported from the package entry.
 * Throws if 'node' is asked for where node:crypto has no MD5.
 */
export function selectMd5Implementation(name: Md5ImplementationName | 'auto'): void {
  if (name === 'pure') selected = md5HexPure;
  else if (name === 'node') {
    const nodeMd5 = loadNodeMd5();
    if (!nodeMd5) throw new Error('node:crypto MD5 is not available in this runtime');
    selected = nodeMd5;
  } else selected = undefined;
}

/** Which implementation md5Hex currently uses. */
export function currentMd5Implementation(): Md5ImplementationName {
  return resolve() === md5HexPure ? 'pure' : 'node';
}

function resolve(): Md5Hex {
  // Resolved on first use, not at import, so importing the package has no side effects.
  selected ??= loadNodeMd5() ?? md5HexPure;
  return selected;
}

/** Lower-case hex MD5 of `data` (a string is hashed as its UTF-8 bytes). */
export function md5Hex(data: string | Uint8Array): string {
  return resolve()(data);
}
