/**
 * The sandbox under abuse (issue 10, "a lasting suite"): oversized, malformed, replayed and
 * concurrent requests, generated from a fixed seed, on loopback, bounded in count and time.
 * The sandbox runs inside this process: a crash fails the file.
 *
 * Every input must be answered (or, for raw HTTP garbage, refused by Node's parser with a 4xx),
 * never with an internal error (50000 / HTTP 500), always in the envelope; replays of an
 * accepted request must all be refused; and a valid request must still succeed afterwards.
 * The counts are printed.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createNonce, sign } from '@pandapon/signing';
import { seededRandom } from '@pandapon/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CODES, type Sandbox } from '../src/index.js';
import { ACCESS_KEY, ACCESS_SECRET, call, startTestSandbox, USER_ID } from './helpers.js';

const PRODUCT = '/v2/taobao/product/get';
const CANCEL = '/alibaba/order/cancel';
const CANCEL_BODY = { webSite: '1688', orderId: 2500000000000000001n, cancelReason: 'abuse' };
const ANSWER_TIMEOUT_MS = 10_000;

interface Input {
  kind: 'oversized' | 'malformed' | 'replayed' | 'concurrent';
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Reply {
  status: number;
  text: string;
}

function signedHeaders(overrides: Record<string, string> = {}): Record<string, string> {
  const timestamp = overrides.timestamp ?? String(Date.now());
  const nonceStr = overrides['nonce-str'] ?? createNonce();
  return {
    'access-key': ACCESS_KEY,
    timestamp,
    'nonce-str': nonceStr,
    'user-id': USER_ID,
    signature: sign({ accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET, timestamp, nonceStr }),
    'content-type': 'application/json',
    ...overrides,
  };
}

function send(sandbox: Sandbox, input: Input): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${sandbox.url}${input.path}`, {
      method: input.method,
      headers: input.headers,
    });
    request.setTimeout(ANSWER_TIMEOUT_MS, () =>
      request.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
    );
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', (error) => {
      // An oversized upload may be cut off once the sandbox has answered and closed.
      if (!answered) reject(error);
    });
    if (input.body !== undefined) request.end(input.body);
    else request.end();
  });
}

/** Raw bytes on a socket: what Node's HTTP parser itself must refuse. */
function sendRaw(sandbox: Sandbox, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(sandbox.port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => socket.destroy(), ANSWER_TIMEOUT_MS);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.write(bytes, () => socket.end());
  });
}

/** Problems with one reply, as text; empty when the reply is acceptable. */
function check(reply: Reply): string[] {
  const problems: string[] = [];
  if (reply.status === 500) problems.push('HTTP 500');
  let json: { requestId?: unknown; code?: unknown; msg?: unknown } | undefined;
  try {
    json = JSON.parse(reply.text);
  } catch {
    problems.push(`not JSON: ${reply.text.slice(0, 80)}`);
  }
  if (json) {
    if (typeof json.requestId !== 'string') problems.push('no requestId');
    if (!Number.isInteger(json.code)) problems.push('no integer code');
    if (json.code === SANDBOX_CODES.INTERNAL_ERROR) problems.push(`internal error: ${json.msg}`);
  }
  return problems;
}

function validCancelBody(): string {
  return JSON.stringify({ ...CANCEL_BODY, orderId: '__ID__' }).replace(
    '"__ID__"',
    String(CANCEL_BODY.orderId),
  );
}

/** Bodies that are wrong in every way a client or an attacker might make them. */
function malformedBodies(random: () => number): Array<[string, string | Buffer]> {
  const valid = validCancelBody();
  const bodies: Array<[string, string | Buffer]> = [
    ['empty object', '{}'],
    ['array', '[]'],
    ['null', 'null'],
    ['string', '"x"'],
    ['number', '1e400'],
    ['prototype keys', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}'],
    ['deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
    ['deep objects', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
    ['huge number', `{"webSite":"1688","orderId":${'9'.repeat(5_000)},"cancelReason":"x"}`],
    ['unterminated string', '{"webSite":"1688'],
    ['lone surrogate', '{"webSite":"\\ud800","orderId":1,"cancelReason":"x"}'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['NUL bytes', '{"webSite":"16\u000088"}'],
    ['BOM', `\ufeff${valid}`],
    ['wrong types', '{"webSite":1688,"orderId":"x","cancelReason":[]}'],
    [
      'many keys',
      JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))),
    ],
    [
      'long string',
      JSON.stringify({ ...CANCEL_BODY, orderId: 1, cancelReason: 'x'.repeat(900_000) }),
    ],
  ];
  // Truncations and single-byte corruptions of a valid body.
  for (let i = 0; i < 150; i++) {
    const cut = Math.floor(random() * valid.length);
    bodies.push([`truncated at ${cut}`, valid.slice(0, cut)]);
    const at = Math.floor(random() * valid.length);
    const byte = String.fromCharCode(Math.floor(random() * 128));
    bodies.push([
      `byte ${at} -> ${byte.charCodeAt(0)}`,
      valid.slice(0, at) + byte + valid.slice(at + 1),
    ]);
  }
  return bodies;
}

/** Header sets that fail each check in its own way. */
function malformedHeaders(random: () => number): Array<[string, Record<string, string>]> {
  const sets: Array<[string, Record<string, string>]> = [];
  const timestamps = [
    '',
    ' ',
    '-1',
    '1e12',
    '0x10',
    'NaN',
    '9'.repeat(17),
    '9'.repeat(300),
    '+123',
    '123.0',
  ];
  for (const timestamp of timestamps) {
    sets.push([
      `timestamp ${JSON.stringify(timestamp.slice(0, 12))}`,
      signedHeaders({ timestamp }),
    ]);
  }
  for (const name of ['access-key', 'nonce-str', 'user-id', 'signature']) {
    sets.push([`long ${name}`, signedHeaders({ [name]: 'a'.repeat(8_000) })]);
    sets.push([
      `${name} with unicode`,
      signedHeaders({ [name]: encodeURIComponent('签名\u0000') }),
    ]);
  }
  for (let i = 0; i < 60; i++) {
    const headers = signedHeaders();
    const signature = headers.signature as string;
    const at = Math.floor(random() * signature.length);
    headers.signature = `${signature.slice(0, at)}${'0123456789ABCDEF'[Math.floor(random() * 16)]}${signature.slice(at + 1)}`;
    sets.push([`signature corrupted at ${at}`, headers]);
  }
  return sets;
}

const MALFORMED_PATHS = [
  '/__sandbox/pay/%E0%A4%A',
  '/__sandbox/faults/%',
  '/__sandbox/%zz/%zz',
  '/__sandbox/orders/%ff/modify-price',
  '/__sandbox/faults/abc',
  '/__sandbox/../__sandbox/state',
  '/open/order/refund/cancel/%',
  '/open/order/refund/cancel/..',
  `/${'a/'.repeat(2_000)}`,
  '/v2/taobao/product/get?itemId=%',
  '/v2/taobao/product/get?%=%&=&&',
  '/?',
  '//',
];

describe('sandbox abuse', () => {
  let sandbox: Sandbox;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await sandbox.close();
  });

  it('answers every oversized, malformed, replayed and concurrent input, and keeps serving', async () => {
    const random = seededRandom(0x5eed);
    const tried: Record<Input['kind'] | 'raw', number> = {
      oversized: 0,
      malformed: 0,
      replayed: 0,
      concurrent: 0,
      raw: 0,
    };
    const failures: string[] = [];
    const run = async (input: Input, expectCode?: number) => {
      tried[input.kind]++;
      let reply: Reply;
      try {
        reply = await send(sandbox, input);
      } catch (error) {
        failures.push(`${input.kind} ${input.label}: ${(error as Error).message}`);
        return;
      }
      const problems = check(reply);
      if (expectCode !== undefined && !reply.text.includes(`"code":${expectCode}`)) {
        problems.push(`expected code ${expectCode}, got ${reply.text.slice(0, 120)}`);
      }
      for (const problem of problems) failures.push(`${input.kind} ${input.label}: ${problem}`);
    };

    // Oversized: past the 1 MiB limit, declared or chunked, on API and admin paths.
    for (const size of [1024 * 1024 + 1, 2 * 1024 * 1024, 5 * 1024 * 1024]) {
      for (const path of [CANCEL, '/__sandbox/faults', '/no/such/operation']) {
        await run(
          {
            kind: 'oversized',
            label: `${size} bytes to ${path}`,
            method: 'POST',
            path,
            headers: signedHeaders(),
            body: Buffer.alloc(size, 0x20),
          },
          SANDBOX_CODES.VALIDATION_FAILED,
        );
      }
    }

    // Malformed bodies, headers and paths.
    for (const [label, body] of malformedBodies(random)) {
      await run({
        kind: 'malformed',
        label,
        method: 'POST',
        path: CANCEL,
        headers: signedHeaders(),
        body,
      });
      await run({
        kind: 'malformed',
        label: `admin ${label}`,
        method: 'POST',
        path: '/__sandbox/faults',
        headers: {},
        body,
      });
    }
    for (const [label, headers] of malformedHeaders(random)) {
      await run({ kind: 'malformed', label, method: 'GET', path: `${PRODUCT}?itemId=1`, headers });
    }
    for (const path of MALFORMED_PATHS) {
      for (const method of ['GET', 'POST', 'DELETE', 'PATCH', 'OPTIONS']) {
        await run({
          kind: 'malformed',
          label: `${method} ${path.slice(0, 40)}`,
          method,
          path,
          headers: signedHeaders(),
        });
      }
    }

    // Raw HTTP garbage: Node's parser must refuse it with a 4xx, and the sandbox must not care.
    const garbage = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      `GET /${'x'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n${'x-h: y\r\n'.repeat(3_000)}\r\n`,
      'POST /alibaba/order/cancel HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n',
      'POST /alibaba/order/cancel HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'POST /alibaba/order/cancel HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ];
    for (const bytes of garbage) {
      tried.raw++;
      const text = await sendRaw(sandbox, bytes);
      if (!/^HTTP\/1\.1 4\d\d /.test(text))
        failures.push(
          `raw ${JSON.stringify(bytes.slice(0, 30))}: ${text.slice(0, 60) || 'no answer'}`,
        );
    }

    // Replayed: one accepted request, then the same bytes again; every replay is refused.
    for (let i = 0; i < 20; i++) {
      const headers = signedHeaders();
      const input: Input = {
        kind: 'replayed',
        label: `replay set ${i}`,
        method: 'GET',
        path: `${PRODUCT}?itemId=${i}`,
        headers,
      };
      await run(input, SANDBOX_CODES.OK);
      for (let replay = 0; replay < 5; replay++) await run(input, SANDBOX_CODES.NONCE_REPLAYED);
    }

    // Concurrent: a burst of valid, malformed and oversized requests at once.
    const burst: Array<Promise<void>> = [];
    const bodies = malformedBodies(random);
    for (let i = 0; i < 300; i++) {
      const pick = random();
      if (pick < 0.5) {
        burst.push(
          run(
            {
              kind: 'concurrent',
              label: `valid ${i}`,
              method: 'GET',
              path: `${PRODUCT}?itemId=${i}`,
              headers: signedHeaders(),
            },
            SANDBOX_CODES.OK,
          ),
        );
      } else if (pick < 0.95) {
        const [label, body] = bodies[i % bodies.length] as [string, string | Buffer];
        burst.push(
          run({
            kind: 'concurrent',
            label,
            method: 'POST',
            path: CANCEL,
            headers: signedHeaders(),
            body,
          }),
        );
      } else {
        burst.push(
          run({
            kind: 'concurrent',
            label: `oversized ${i}`,
            method: 'POST',
            path: CANCEL,
            headers: signedHeaders(),
            body: Buffer.alloc(1024 * 1024 + 10, 0x20),
          }),
        );
      }
    }
    await Promise.all(burst);

    // Still serving, nothing thrown outside a request.
    const after = await call(sandbox, 'GET', PRODUCT, { query: { itemId: '1' } });
    if (after.json.code !== SANDBOX_CODES.OK) failures.push(`afterwards: code ${after.json.code}`);
    for (const error of uncaught) failures.push(`uncaught: ${String(error)}`);

    const total = Object.values(tried).reduce((sum, count) => sum + count, 0);
    console.log(
      `sandbox abuse: ${total} inputs tried (${Object.entries(tried)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')}), ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  });
});
