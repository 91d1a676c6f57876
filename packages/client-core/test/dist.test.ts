// The built package, loaded the way consumers load it: `require` (CJS) and `import` (ESM) of
// '@pandapon/client-core' through its exports map, in a separate Node process that talks to its
// own server on 127.0.0.1. Needs `build` first (turbo's test task depends on it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const EXPECTED_EXPORTS = [
  'BODY_EXCERPT_LIMIT',
  'DEFAULT_BASE_URL',
  'ENVIRONMENT_VARIABLES',
  'PandaPonApiError',
  'PandaPonConnectionError',
  'PandaPonError',
  'PandaPonHttpError',
  'PandaPonRedirectError',
  'PandaPonRequestError',
  'PandaPonResponseError',
  'PandaPonResponseTooLargeError',
  'PandaPonTimeoutError',
  'TIMESTAMP_REJECTED_CODE',
  'createClock',
  'createPlatformClient',
  'isEnvelope',
  'isTimestampRejection',
  'parseJson',
  'scrub',
  'stringifyJson',
  'unwrap',
  'validateBaseUrl',
  'withEnvironment',
  'withOperations',
];

/** Body of an async function given the module as `core` and node:http as `http`. */
const PROBE = `
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const signed = /^[0-9A-F]{32}$/.test(req.headers.signature ?? '');
    res.end(JSON.stringify(req.url === '/fail'
      ? { code: 50001, msg: 'nope', requestId: 'r1' }
      : { code: 200, data: { signed } }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = core.createPlatformClient(
      { accessKey: 'AK-123456789', accessSecret: 'S', userId: 'U', baseUrl: 'http://127.0.0.1:' + server.address().port },
      { platform: 'dist', operations: {} },
    );
    const data = await client.unwrap(client.GET('/ok'));
    const error = await client.unwrap(client.GET('/fail')).catch((e) => e);
    return {
      exports: Object.keys(core).filter((key) => key !== 'default' && key !== '__esModule').sort(),
      data,
      error: {
        name: error.name,
        code: error.code,
        api: error instanceof core.PandaPonApiError,
        base: error instanceof core.PandaPonError,
      },
    };
  } finally {
    server.close();
  }
`;

function run(args: string[], script: string): unknown {
  const output = execFileSync(process.execPath, [...args, '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

const cjs = `const core = require('@pandapon/client-core'); const http = require('node:http');
  (async () => { ${PROBE} })().then((result) => console.log(JSON.stringify(result)));`;
const esm = `import * as core from '@pandapon/client-core'; import * as http from 'node:http';
  console.log(JSON.stringify(await (async () => { ${PROBE} })()));`;

const expected = {
  exports: EXPECTED_EXPORTS,
  data: { signed: true },
  error: { name: 'PandaPonApiError', code: 50001, api: true, base: true },
};

describe('the built package', () => {
  beforeAll(() => {
    if (!existsSync(`${packageDir}/dist/index.cjs`) || !existsSync(`${packageDir}/dist/index.js`)) {
      throw new Error('dist/ is missing: run `pnpm --filter @pandapon/client-core build` first.');
    }
  });

  it('works through require()', () => {
    expect(run([], cjs)).toEqual(expected);
  });

  it('works through import', () => {
    expect(run(['--input-type=module'], esm)).toEqual(expected);
  });
});
