// The checks both smoke consumers run, shared so the ESM and CommonJS consumers stay in step.
// The consumers load every package themselves — by `import` (esm.mjs) or `require` (cjs.cjs),
// exactly as an app would — and pass the loaded modules in; this file loads none of them.
'use strict';
const { createHash } = require('node:crypto');

const RUNTIME =
  typeof globalThis.Deno !== 'undefined'
    ? 'deno'
    : typeof globalThis.Bun !== 'undefined'
      ? 'bun'
      : 'node';
// Published vectors (README of @pandapon/signing): a known signature and a known callback.
const SIGN_VECTOR = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  timestamp: '1715669977082',
  nonceStr: 'nonce-str',
  accessSecret: 'example-secret',
  signature: '163CFABCC37985B5C420F354F4A8E3FA',
};
const CALLBACK_VECTOR = {
  accessSecret: 's3cr3t',
  body: '{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"88"},"messagePlatform":0,"timestamp":"1732200000000"}',
  authorization: 'bdc937570147eae482936df81f62a19c20d1f9d01967692b7a46f34fdd6f91bd',
};
const PACKAGES = [
  '@pandapon/alibaba',
  '@pandapon/callbacks',
  '@pandapon/client-core',
  '@pandapon/foundations',
  '@pandapon/logistics',
  '@pandapon/sandbox',
  '@pandapon/sdk',
  '@pandapon/signing',
  '@pandapon/taobao',
];
const CREDENTIALS = { accessKey: 'smoke-key', accessSecret: 'smoke-secret', userId: 'smoke-user' };

let checks = 0;
function ok(name, detail) {
  checks += 1;
  console.log(`ok ${name} ${detail}`);
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

// The mocked network: records each request and answers a success envelope.
const requests = [];
async function mockFetch(request) {
  requests.push(request);
  const envelope = {
    requestId: 'smoke',
    code: 200,
    developId: 'dev',
    msg: '成功',
    data: { ok: 1 },
  };
  return new Response(JSON.stringify(envelope), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

/** Checks the system headers of a recorded request against an MD5 computed independently. */
function assertSigned(request, name) {
  const headers = request.headers;
  const accessKey = headers.get('access-key');
  const expected = createHash('md5')
    .update(
      `${accessKey}${headers.get('timestamp')}${headers.get('nonce-str')}${CREDENTIALS.accessSecret}`,
    )
    .digest('hex')
    .toUpperCase();
  check(accessKey === CREDENTIALS.accessKey, `${name}: access-key header is ${accessKey}`);
  check(headers.get('user-id') === CREDENTIALS.userId, `${name}: user-id header is wrong`);
  check(headers.get('signature') === expected, `${name}: signature does not match MD5 rule`);
}

/** Calls the first operation of a generated table that has no path parameters. */
async function callOneOperation(name, client, operations) {
  const key = Object.keys(operations).find((k) => !k.includes('{'));
  check(key, `${name}: no operation without path parameters`);
  const [method, path] = key.split(' ');
  const before = requests.length;
  const envelope = await client.request(method, path, method === 'GET' ? {} : { body: {} });
  check(envelope.code === 200, `${name}: envelope code ${envelope.code}`);
  check(requests.length === before + 1, `${name}: expected one request`);
  assertSigned(requests[before], name);
  ok(name, `${method} ${path} signed`);
}

async function main({ format, modules, resolve, entry }) {
  const { createAlibabaClient, operations: alibabaOperations } = modules['@pandapon/alibaba'];
  const { createCallbackHandler } = modules['@pandapon/callbacks'];
  const { createPlatformClient, PandaPonApiError } = modules['@pandapon/client-core'];
  const { createFoundationsClient, operations: foundationsOperations } =
    modules['@pandapon/foundations'];
  const { createLogisticsClient, operations: logisticsOperations } = modules['@pandapon/logistics'];
  const { SANDBOX_CODES, SANDBOX_DEFAULT_CREDENTIALS, startSandbox } = modules['@pandapon/sandbox'];
  const { createPandaPon } = modules['@pandapon/sdk'];
  const { createSigningMiddleware, sign, verifyCallbackSignature } = modules['@pandapon/signing'];
  const { createTaobaoClient, operations: taobaoOperations } = modules['@pandapon/taobao'];

  // Each consumer must get its own build of every package (the exports condition it uses).
  for (const name of PACKAGES) {
    const resolved = resolve(name);
    check(entry.test(resolved), `${name} resolved to ${resolved}, not ${entry}`);
  }
  ok('resolution', `${PACKAGES.length} packages -> ${entry}`);

  check(sign(SIGN_VECTOR) === SIGN_VECTOR.signature, 'signing: sign() vector mismatch');
  check(typeof createSigningMiddleware === 'function', 'signing: no createSigningMiddleware');
  check(
    await verifyCallbackSignature(
      CALLBACK_VECTOR.body,
      CALLBACK_VECTOR.authorization,
      CALLBACK_VECTOR.accessSecret,
    ),
    'signing: callback vector not verified',
  );
  ok('@pandapon/signing', 'sign + verifyCallbackSignature vectors');

  const options = { ...CREDENTIALS, fetch: mockFetch, baseUrl: 'https://api.example.test' };
  await callOneOperation('@pandapon/taobao', createTaobaoClient(options), taobaoOperations);
  await callOneOperation('@pandapon/alibaba', createAlibabaClient(options), alibabaOperations);
  await callOneOperation(
    '@pandapon/foundations',
    createFoundationsClient(options),
    foundationsOperations,
  );
  await callOneOperation(
    '@pandapon/logistics',
    createLogisticsClient(options),
    logisticsOperations,
  );

  const core = createPlatformClient(options, {
    platform: 'smoke',
    operations: { 'POST /open/smoke': { operationId: 'smoke', safeToRetry: true } },
  });
  await callOneOperation('@pandapon/client-core', core, { 'POST /open/smoke': {} });
  check(typeof PandaPonApiError === 'function', 'client-core: no PandaPonApiError');

  const sdk = createPandaPon(options);
  await callOneOperation('@pandapon/sdk', sdk.alibaba, alibabaOperations);

  const received = [];
  const handler = createCallbackHandler({
    accessSecret: CALLBACK_VECTOR.accessSecret,
    awaitProcessing: true,
    onMessage: (message) => {
      received.push(message.messageType);
    },
  });
  const answer = await handler(
    new Request('http://127.0.0.1/callback', {
      method: 'POST',
      headers: { authorization: CALLBACK_VECTOR.authorization, 'content-type': 'application/json' },
      body: CALLBACK_VECTOR.body,
    }),
  );
  check(answer.status === 200, `callbacks: answered ${answer.status}`);
  check(received[0] === 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY', 'callbacks: no message');
  ok('@pandapon/callbacks', 'signed callback accepted');

  // The sandbox over real loopback HTTP: proves its build finds its bundled specs.
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  try {
    const client = createTaobaoClient({
      ...SANDBOX_DEFAULT_CREDENTIALS,
      userId: 'smoke-user',
      baseUrl: sandbox.url,
    });
    const operation = sandbox.operations.find(
      (op) => op.spec === 'taobao' && op.method === 'POST' && !op.path.includes('{'),
    );
    check(operation, 'sandbox: serves no taobao POST operation');
    const answer = await fetchThroughClient(client, operation, { SANDBOX_CODES, PandaPonApiError });
    ok('@pandapon/sandbox', `${operation.method} ${operation.path} answered code ${answer}`);
  } finally {
    await sandbox.close();
  }

  console.log(`smoke ${RUNTIME} ${format}: ${checks} checks passed`);
}

// The sandbox refuses an unsigned or wrongly signed request with one of these codes, before it
// looks at the body.
const signatureRefusals = (SANDBOX_CODES) => [
  SANDBOX_CODES.MISSING_HEADER,
  SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW,
  SANDBOX_CODES.SIGNATURE_MISMATCH,
  SANDBOX_CODES.NONCE_REPLAYED,
  SANDBOX_CODES.UNKNOWN_ACCESS_KEY,
  SANDBOX_CODES.LOGISTICS_QUERY_SIGN,
];

/** A signed call to the sandbox. Its schema check may refuse our empty body; that still proves
 * the request got past the signature check. */
async function fetchThroughClient(client, operation, { SANDBOX_CODES, PandaPonApiError }) {
  try {
    const envelope = await client.request(operation.method, operation.path, { body: {} });
    return envelope.code;
  } catch (error) {
    if (!(error instanceof PandaPonApiError)) throw error;
    check(
      !signatureRefusals(SANDBOX_CODES).includes(error.code),
      `sandbox: refused the signature: ${error.code}`,
    );
    return error.code;
  }
}

/** Runs every check; exits non-zero on the first failure. */
function runSmoke(consumer) {
  main(consumer).catch((error) => {
    console.error(`smoke ${RUNTIME} ${consumer.format} FAILED: ${error?.stack ?? error}`);
    process.exit(1);
  });
}

module.exports = { runSmoke, PACKAGES };
