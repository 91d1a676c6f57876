// Callback fuzz (issue 10, "a lasting suite"): thousands of generated requests against the
// receiver, from a fixed seed so every run tries the same inputs. Each input carries the answer it
// must get and whether onMessage may see it; the test fails on any crash, any wrong status, any
// onMessage call for an invalid, stale or replayed input, and any prototype pollution.
// FUZZ_SEED=<n> explores other inputs; the summary line names the seed.
import { createHash, createHmac } from 'node:crypto';
import { seededRandom } from '@pandapon/test-support';
import { describe, expect, it } from 'vitest';
import { type CallbackHandler, createCallbackHandler, toNodeListener } from '../src/index.js';
import { startServer, type TestServer } from './helpers.js';

const SECRET = 'fuzz-access-secret-31c7';
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const INPUTS = 2_400;
const MAX_BODY_BYTES = 64 * 1024;
const NOW = 1_764_460_800_000; // the handlers' fixed clock
const HOUR = 60 * 60 * 1000;

const encoder = new TextEncoder();
const hmac = (body: Uint8Array | string) => createHmac('sha256', SECRET).update(body).digest('hex');
const sha256 = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');

interface FuzzInput {
  readonly category: string;
  readonly method: string;
  readonly body: Uint8Array<ArrayBuffer> | undefined;
  readonly authorization: string | undefined;
  /** Which handler: the default one, or the one with maxAgeMs. */
  readonly target: 'default' | 'fresh-only';
  /** Allowed statuses. */
  readonly statuses: readonly number[];
  /** True: onMessage must see this body once (first delivery of a valid message). */
  readonly delivers: boolean | 'if-200';
  /** Sent through node:http (toNodeListener) instead of straight to the Fetch handler. */
  readonly overHttp: boolean;
}

function generate(seed: number, count: number): FuzzInput[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const accepted: Uint8Array<ArrayBuffer>[] = []; // valid bodies already sent once (for replays)
  let serial = 0;

  const text = () =>
    pick([
      '',
      'a',
      '价格修改',
      'naïve ✓',
      'line\nbreak',
      '"quoted"',
      '\\',
      '\u0000',
      '😀',
      'x'.repeat(int(300)),
    ]);
  function value(depth: number): unknown {
    switch (depth > 3 ? int(4) : int(7)) {
      case 0:
        return text();
      case 1:
        return pick([0, -1, 1.5, 2 ** 53 + 1, 1e308, -0]);
      case 2:
        return pick([true, false, null]);
      case 3:
        return pick(['9007199254740993', '4012345678901234567']);
      case 4:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = 0; i < int(5); i++)
          object[pick(['a', 'salesOrderId', 'orderId', 'x y', '价'])] = value(depth + 1);
        return object;
      }
    }
  }
  function envelopeObject(extra: Record<string, unknown> = {}): Record<string, unknown> {
    serial++;
    const messageBody = { data: value(0), serial, seed };
    const envelope: Record<string, unknown> = {
      messageType: pick([
        'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
        '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
        'ORDER_PAY_SUCCESS',
        'SOMETHING_NEW',
      ]),
      messageBody: random() < 0.2 ? JSON.stringify(messageBody) : messageBody,
    };
    if (random() < 0.8) envelope.messagePlatform = pick([0, 1, null]);
    envelope.timestamp = String(NOW - int(HOUR));
    return { ...envelope, ...extra };
  }
  /** A 19-digit order id written as a bare JSON number, as 1688 sends them. */
  function withBareBigInteger(json: string): string {
    return json.replace('"serial":', '"orderId":4012345678901234567,"serial":');
  }
  const validBody = () => {
    const json = JSON.stringify(envelopeObject());
    return encoder.encode(random() < 0.3 ? withBareBigInteger(json) : json);
  };

  const signed = (body: Uint8Array) => hmac(body);
  const inputs: FuzzInput[] = [];
  const add = (input: Omit<FuzzInput, 'target' | 'method' | 'overHttp'> & Partial<FuzzInput>) =>
    inputs.push({ target: 'default', method: 'POST', overHttp: false, ...input });

  const categories: Array<[string, () => void]> = [
    [
      'valid',
      () => {
        const body = validBody();
        accepted.push(body);
        add({
          category: 'valid',
          body,
          authorization: signed(body),
          statuses: [200],
          delivers: true,
        });
      },
    ],
    [
      'valid, upper-case signature',
      () => {
        const body = validBody();
        accepted.push(body);
        add({
          category: 'valid, upper-case signature',
          body,
          authorization: signed(body).toUpperCase(),
          statuses: [200],
          delivers: true,
        });
      },
    ],
    [
      'replay',
      () => {
        if (accepted.length === 0) return;
        const body = pick(accepted);
        add({
          category: 'replay',
          body,
          authorization: signed(body),
          statuses: [200],
          delivers: false,
        });
      },
    ],
    [
      'tampered body',
      () => {
        const body = validBody();
        const tampered = body.slice();
        const at = int(tampered.length);
        tampered[at] = (tampered[at] as number) ^ (1 + int(255));
        add({
          category: 'tampered body',
          body: tampered,
          authorization: signed(body),
          statuses: [401],
          delivers: false,
        });
      },
    ],
    [
      'tampered signature',
      () => {
        const body = validBody();
        const signature = signed(body).split('');
        const at = int(64);
        signature[at] = signature[at] === '0' ? '1' : '0';
        const variants = [
          signature.join(''),
          signature.join('').slice(0, 63),
          `${signed(body)}0`,
          'g'.repeat(64),
          '',
          ' ',
          `sha256=${signed(body)}`,
        ];
        add({
          category: 'tampered signature',
          body,
          authorization: pick(variants),
          statuses: [401],
          delivers: false,
        });
      },
    ],
    [
      'missing signature',
      () => {
        const body = random() < 0.5 ? validBody() : encoder.encode(text() || 'x');
        add({
          category: 'missing signature',
          body,
          authorization: undefined,
          statuses: [401],
          delivers: false,
        });
      },
    ],
    [
      'truncated',
      () => {
        const body = validBody();
        const cut = body.slice(0, 1 + int(body.length - 1));
        const resign = random() < 0.5;
        add({
          category: resign ? 'truncated, re-signed' : 'truncated, original signature',
          body: cut,
          authorization: resign ? signed(cut) : signed(body),
          // A proper prefix of a JSON object is never JSON; it may even cut a UTF-8 sequence.
          statuses: resign ? [400] : [401],
          delivers: false,
        });
      },
    ],
    [
      'encodings',
      () => {
        const json = JSON.stringify(
          envelopeObject({ messageBody: { note: '价格修改', serial: ++serial } }),
        );
        const variants: Array<[string, Uint8Array<ArrayBuffer>]> = [
          ['utf-16le', Uint8Array.from(Buffer.from(json, 'utf16le'))],
          ['byte-order mark', encoder.encode(`\uFEFF${json}`)],
          [
            'invalid utf-8',
            Uint8Array.from([...encoder.encode(json.slice(0, -2)), 0xc3, 0x28, 0x7d, 0x7d]),
          ],
          ['latin-1', Uint8Array.from(Buffer.from(json, 'latin1'))],
          ['lone surrogate escape', encoder.encode(json.replace('"note":"', '"note":"\\ud800'))],
        ];
        const [name, body] = pick(variants);
        // A lone surrogate written as a JSON escape is valid JSON, and a UTF-8 byte-order mark is
        // skipped by the decoder (RFC 8259 lets parsers ignore it; the signature still covers
        // it); the rest are not UTF-8 JSON.
        const valid = name === 'lone surrogate escape' || name === 'byte-order mark';
        if (valid) accepted.push(body);
        add({
          category: `encoding: ${name}`,
          body,
          authorization: signed(body),
          statuses: valid ? [200] : [400],
          delivers: valid,
        });
      },
    ],
    [
      'wrong shape',
      () => {
        const shapes: string[] = [
          '[]',
          '"text"',
          '42',
          'null',
          'true',
          '{}',
          JSON.stringify({ messageBody: {} }),
          JSON.stringify({ messageType: '', messageBody: {} }),
          JSON.stringify({ messageType: 7, messageBody: {} }),
          JSON.stringify({ messageType: 'ORDER_CREATE' }),
          JSON.stringify({ messageType: 'ORDER_CREATE', messageBody: [] }),
          JSON.stringify({ messageType: 'ORDER_CREATE', messageBody: 'not json' }),
          JSON.stringify({ messageType: 'ORDER_CREATE', messageBody: '' }),
          JSON.stringify({ messageType: 'ORDER_CREATE', messageBody: {}, messagePlatform: 1.5 }),
          JSON.stringify({ messageType: 'ORDER_CREATE', messageBody: {}, messagePlatform: '0' }),
          JSON.stringify({ messageType: 'ORDER_CREATE', messageBody: {}, timestamp: {} }),
          '{"messageType":"ORDER_CREATE","messageBody":{}',
          '{"messageType":"ORDER_CREATE","messageBody":{},}',
          "{'messageType':'ORDER_CREATE'}",
          '{"messageType":"ORDER_CREATE","messageBody":NaN}',
        ];
        const body = encoder.encode(pick(shapes));
        add({
          category: 'wrong shape',
          body,
          authorization: signed(body),
          statuses: [400],
          delivers: false,
        });
      },
    ],
    [
      'prototype keys',
      () => {
        const hostile = pick([
          '{"__proto__":{"polluted":"yes"}}',
          '{"constructor":{"prototype":{"polluted":"yes"}}}',
          '{"__proto__":{"__proto__":{"polluted":"yes"}},"toString":"x","hasOwnProperty":1}',
          '{"prototype":{"polluted":"yes"},"valueOf":null}',
        ]);
        const base = JSON.stringify(envelopeObject());
        const where = int(3);
        let json: string;
        let valid: boolean;
        if (where === 0) {
          // Inside messageBody: a valid message whose body has hostile keys.
          json = base.replace(/"messageBody":(\{|")/, (match, opening: string) =>
            opening === '{' ? `"messageBody":{"x":${hostile},` : match,
          );
          valid = true;
        } else if (where === 1) {
          // At the envelope's top level, besides the real fields: ignored, still valid.
          json = `{"__proto__":{"messageType":"EVIL"},${base.slice(1)}`;
          valid = true;
        } else {
          // Fields only through __proto__: the envelope itself has none, so it is not valid.
          json = `{"__proto__":{"messageType":"ORDER_CREATE","messageBody":{}},"constructor":${hostile}}`;
          valid = false;
        }
        const body = encoder.encode(json);
        if (valid) accepted.push(body);
        add({
          category: 'prototype keys',
          body,
          authorization: signed(body),
          statuses: valid ? [200] : [400],
          delivers: valid,
        });
      },
    ],
    [
      'huge',
      () => {
        const size = MAX_BODY_BYTES + 1 + int(3 * MAX_BODY_BYTES);
        const json = JSON.stringify(
          envelopeObject({ messageBody: { pad: 'p'.repeat(size), serial: ++serial } }),
        );
        const body = encoder.encode(json);
        add({
          category: 'huge',
          body,
          authorization: random() < 0.5 ? signed(body) : undefined,
          statuses: [413],
          delivers: false,
        });
      },
    ],
    [
      'nested',
      () => {
        const depth = pick([100, 1_000, 5_000, 20_000]);
        const open = random() < 0.5 ? '[' : '{"a":';
        const close = open === '[' ? ']' : '}';
        const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
        const body = encoder.encode(
          `{"messageType":"SOMETHING_NEW","messageBody":{"deep":${nested},"serial":${++serial}},"timestamp":"${NOW}"}`,
        );
        add({
          category: 'nested',
          body,
          authorization: signed(body),
          // Delivered when the parser copes with the depth, 400 when it gives up; never a crash.
          statuses: body.length > MAX_BODY_BYTES ? [413] : [200, 400],
          delivers: 'if-200',
        });
      },
    ],
    [
      'method',
      () => {
        const method = pick(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
        const body = method === 'GET' || method === 'HEAD' ? undefined : validBody();
        add({
          category: `method ${method}`,
          method,
          body,
          authorization: body === undefined ? hmac('') : signed(body),
          statuses: [405],
          delivers: false,
        });
      },
    ],
    [
      'garbage',
      () => {
        const body = Uint8Array.from({ length: 1 + int(200) }, () => int(256));
        const sign = random() < 0.5;
        add({
          category: sign ? 'garbage, signed' : 'garbage, unsigned',
          body,
          authorization: sign ? signed(body) : hmac('something else'),
          statuses: sign ? [400] : [401],
          delivers: false,
        });
      },
    ],
    [
      'empty',
      () => {
        const sign = random() < 0.5;
        // The console's Verify probe: 200 when signed, 401 unsigned; never a message.
        add({
          category: 'empty body',
          body: new Uint8Array(0),
          authorization: sign ? hmac('') : undefined,
          statuses: sign ? [200] : [401],
          delivers: false,
        });
      },
    ],
    [
      'stale',
      () => {
        const age = pick([3 * HOUR + 1, 24 * HOUR, 30 * 24 * HOUR]);
        const timestamp = pick<unknown>([
          String(NOW - age),
          NOW - age,
          undefined,
          null,
          'yesterday',
          '1.5',
        ]);
        const body = encoder.encode(JSON.stringify(envelopeObject({ timestamp })));
        add({
          category: 'stale or undated (maxAgeMs)',
          target: 'fresh-only',
          body,
          authorization: signed(body),
          statuses: [200],
          delivers: false,
        });
      },
    ],
    [
      'fresh',
      () => {
        const body = encoder.encode(
          JSON.stringify(envelopeObject({ timestamp: String(NOW - int(3 * HOUR)) })),
        );
        add({
          category: 'fresh (maxAgeMs)',
          target: 'fresh-only',
          body,
          authorization: signed(body),
          statuses: [200],
          delivers: true,
        });
      },
    ],
  ];

  while (inputs.length < count) pick(categories)[1]();
  // Every tenth input (bar the huge ones, which a client may not finish sending) goes through
  // node:http as well, to cover the adapter.
  return inputs.map((input, index) =>
    index % 10 === 0 && input.category !== 'huge' ? { ...input, overHttp: true } : input,
  );
}

async function send(
  handler: CallbackHandler,
  server: TestServer,
  input: FuzzInput,
): Promise<number> {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (input.authorization !== undefined) headers.set('authorization', input.authorization);
  if (input.overHttp) {
    const response = await fetch(server.url, { method: input.method, headers, body: input.body });
    await response.arrayBuffer();
    return response.status;
  }
  const response = await handler(
    new Request('https://receiver.example/pandapon/callback', {
      method: input.method,
      headers,
      body: input.body,
    }),
  );
  await response.arrayBuffer();
  return response.status;
}

describe('callback fuzz', () => {
  it(`answers ${INPUTS} generated inputs correctly, calling onMessage only for new valid messages`, async () => {
    const inputs = generate(SEED, INPUTS);
    const delivered = {
      default: new Map<string, number>(),
      'fresh-only': new Map<string, number>(),
    };
    const errors: unknown[] = [];
    const makeHandler = (target: 'default' | 'fresh-only', extra: { maxAgeMs?: number }) =>
      createCallbackHandler({
        accessSecret: SECRET,
        maxBodyBytes: MAX_BODY_BYTES,
        now: () => NOW,
        onMessage(_message, ctx) {
          const key = sha256(ctx.rawBody);
          delivered[target].set(key, (delivered[target].get(key) ?? 0) + 1);
        },
        onError: (error) => {
          errors.push(error);
        },
        ...extra,
      });
    const handlers = {
      default: makeHandler('default', {}),
      'fresh-only': makeHandler('fresh-only', { maxAgeMs: 3 * HOUR }),
    };
    const servers = {
      default: await startServer(toNodeListener(handlers.default)),
      'fresh-only': await startServer(toNodeListener(handlers['fresh-only'])),
    };
    const prototypeKeys = [Object.prototype, Array.prototype, Function.prototype].map((proto) =>
      Object.getOwnPropertyNames(proto).join(','),
    );

    const failures: string[] = [];
    const expected = {
      default: new Map<string, number>(),
      'fresh-only': new Map<string, number>(),
    };
    const byCategory = new Map<string, number>();
    try {
      for (const [index, input] of inputs.entries()) {
        byCategory.set(input.category, (byCategory.get(input.category) ?? 0) + 1);
        let status: number;
        try {
          status = await send(handlers[input.target], servers[input.target], input);
        } catch (error) {
          failures.push(`#${index} ${input.category}: crashed: ${(error as Error).message}`);
          continue;
        }
        if (!input.statuses.includes(status)) {
          failures.push(
            `#${index} ${input.category}${input.overHttp ? ' (http)' : ''}: ${status}, expected ${input.statuses.join('/')}`,
          );
        }
        const deliver = input.delivers === 'if-200' ? status === 200 : input.delivers;
        if (deliver && input.body !== undefined) expected[input.target].set(sha256(input.body), 1);
      }
      // Processing runs after the acknowledgments: wait for it (bounded).
      const want = expected.default.size + expected['fresh-only'].size;
      const deadline = Date.now() + 20_000;
      while (
        delivered.default.size + delivered['fresh-only'].size < want &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 50)); // any late, unwanted call
    } finally {
      await servers.default.close();
      await servers['fresh-only'].close();
    }

    for (const target of ['default', 'fresh-only'] as const) {
      for (const [key, count] of delivered[target]) {
        if (expected[target].get(key) !== count) {
          failures.push(
            `${target}: onMessage saw a body ${count} time(s), expected ${expected[target].get(key) ?? 0}`,
          );
        }
      }
      for (const key of expected[target].keys()) {
        if (!delivered[target].has(key))
          failures.push(`${target}: a valid message never reached onMessage`);
      }
    }
    const pollutedAfter = [Object.prototype, Array.prototype, Function.prototype].map((proto) =>
      Object.getOwnPropertyNames(proto).join(','),
    );
    if (pollutedAfter.join('|') !== prototypeKeys.join('|') || 'polluted' in {}) {
      failures.push('a prototype was polluted');
    }
    if (errors.length > 0) failures.push(`onError was called ${errors.length} time(s)`);

    console.log(
      `[callback fuzz] seed ${SEED}: ${inputs.length} inputs tried (${inputs.filter((input) => input.overHttp).length} over node:http, ${byCategory.size} kinds), ${expected.default.size + expected['fresh-only'].size} delivered, ${failures.length} failures`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(failures).toHaveLength(0);
    expect(inputs.length).toBeGreaterThanOrEqual(2_000);
  });
});
