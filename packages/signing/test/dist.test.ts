// The built package, loaded the way consumers load it: `require` (CJS) and `import` (ESM) of
// '@pandapon/signing' through its exports map, in a separate Node process. Needs `build` first
// (turbo's test task depends on it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNode } from '@pandapon/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_VECTOR, SIGNATURE_VECTORS } from './fixtures/vectors.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const EXPECTED_EXPORTS = [
  'MAX_CLOCK_OFFSET_MS',
  'SYSTEM_HEADERS',
  'checkSigningOptions',
  'createClock',
  'createNonce',
  'createSigningMiddleware',
  'isLogisticsPath',
  'isSystemHeader',
  'md5Hex',
  'sign',
  'signCallbackBody',
  'verifyCallbackSignature',
];

/** Body of an async function given the loaded module as `signing`; prints what it returns. */
const PROBE = `
  const vectors = ${JSON.stringify(SIGNATURE_VECTORS)};
  const callback = ${JSON.stringify(CALLBACK_VECTOR)};
  const middleware = signing.createSigningMiddleware({ accessKey: 'AK', accessSecret: 'S', userId: 'U' });
  const signed = await middleware.signRequest(new Request('https://api.pandapon.com/open/pp/logistics/x'));
  return {
    exports: Object.keys(signing).filter((key) => key !== 'default' && key !== '__esModule').sort(),
    signatures: vectors.map(({ signature, ...input }) => signing.sign(input)),
    md5: signing.md5Hex('abc'),
    nonce: signing.createNonce(),
    callback: await signing.verifyCallbackSignature(callback.body, callback.authorization, callback.accessSecret),
    querySign: new URL(signed.url).searchParams.get('sign') === signed.headers.get('signature'),
    builtinLookups: globalThis.builtinLookups ?? null,
  };
`;

async function run(args: string[], script: string): Promise<unknown> {
  const result = await runNode([...args, '-e', script], { cwd: packageDir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const cjs = (prelude = '') =>
  `${prelude}; const signing = require('@pandapon/signing');
   (async () => { ${PROBE} })().then((result) => console.log(JSON.stringify(result)));`;
const esm = `import * as signing from '@pandapon/signing';
   console.log(JSON.stringify(await (async () => { ${PROBE} })()));`;

const EXPECTED = {
  exports: EXPECTED_EXPORTS,
  signatures: SIGNATURE_VECTORS.map(({ signature }) => signature),
  md5: '900150983cd24fb0d6963f7d28e17f72',
  nonce: expect.stringMatching(/^[0-9A-Za-z]{32}$/),
  callback: true,
  querySign: true,
  builtinLookups: null,
};

describe('the built package (dist/)', () => {
  beforeAll(() => {
    if (!existsSync(`${packageDir}dist/index.cjs`) || !existsSync(`${packageDir}dist/index.js`)) {
      throw new Error('dist/ is missing: run `pnpm --filter @pandapon/signing build` first');
    }
  });

  it('works when required from CommonJS', async () => {
    expect(await run([], cjs())).toEqual(EXPECTED);
  });

  it('works when imported as ESM', async () => {
    expect(await run(['--input-type=module'], esm)).toEqual(EXPECTED);
  });

  it('falls back to the pure MD5 where node:crypto cannot be reached, with the same results', async () => {
    // A runtime whose getBuiltinModule has no node:crypto; records that it was asked.
    const noNodeCrypto = `globalThis.builtinLookups = [];
      process.getBuiltinModule = (id) => { globalThis.builtinLookups.push(id); return undefined; }`;
    expect(await run([], cjs(noNodeCrypto))).toEqual({
      ...EXPECTED,
      builtinLookups: ['node:crypto'],
    });
  });
});
