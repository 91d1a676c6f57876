// The built package, loaded the way consumers load it: `require` (CJS) and `import` (ESM) of
// '@pandapon/client-core' through its exports map, in a separate Node process that talks to the
// test's server on 127.0.0.1. Needs `build` first (turbo's test task depends on it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type RecordingServer,
  runNode,
  sendJson,
  startRecordingServer,
} from '@pandapon/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

/** Body of an async function given the module as `core` and the server's URL as `baseUrl`. */
const PROBE = `
  const client = core.createPlatformClient(
    { accessKey: 'AK-123456789', accessSecret: 'S', userId: 'U', baseUrl },
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
`;

/** Answers like the platform: an error envelope on /fail, else whether the call came signed. */
let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((request, response) => {
    const signed = /^[0-9A-F]{32}$/.test(String(request.headers.signature ?? ''));
    sendJson(
      response,
      200,
      request.url === '/fail'
        ? { code: 50001, msg: 'nope', requestId: 'r1' }
        : { code: 200, data: { signed } },
    );
  });
});
afterAll(() => server.close());

async function run(args: string[], script: string): Promise<unknown> {
  const result = await runNode(
    [...args, '-e', `const baseUrl = ${JSON.stringify(server.url)};\n${script}`],
    {
      cwd: packageDir,
    },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const cjs = `const core = require('@pandapon/client-core');
  (async () => { ${PROBE} })().then((result) => console.log(JSON.stringify(result)));`;
const esm = `import * as core from '@pandapon/client-core';
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

  it('works through require()', async () => {
    expect(await run([], cjs)).toEqual(expected);
  });

  it('works through import', async () => {
    expect(await run(['--input-type=module'], esm)).toEqual(expected);
  });
});
