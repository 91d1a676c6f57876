/**
 * Load: 1,000 concurrent signed requests through one platform client against the sandbox on
 * 127.0.0.1. Checks correctness only — none lost, none duplicated, none mis-signed — and prints
 * the elapsed time and throughput (figures, not assertions: the machine is shared).
 */
import { SANDBOX_DEFAULT_CREDENTIALS, type Sandbox, startSandbox } from '@pandapon/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPandaPon } from '../src/index.js';

const REQUESTS = 1_000;

let sandbox: Sandbox;
/** The sandbox's own account of each request: `GET /path -> <code> (<ms> ms)`. */
const sandboxLog: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, log: (line) => sandboxLog.push(line) });
});
afterAll(() => sandbox.close());

const codeOf = (line: string) => line.split(' -> ')[1]?.split(' ')[0];

describe('load', () => {
  it(`${REQUESTS} concurrent signed requests: none lost, duplicated or mis-signed`, {
    timeout: 60_000,
  }, async () => {
    const nonces: string[] = [];
    const { taobao } = createPandaPon({
      ...SANDBOX_DEFAULT_CREDENTIALS,
      userId: 'sdk-load',
      baseUrl: sandbox.url,
      // One attempt per call: a retry would hide a lost request behind a second one.
      maxRetries: 0,
      // Generous: this test is about correctness; a slow shared machine must not fail it.
      timeoutMs: 55_000,
      fetch: (request, init) => {
        nonces.push(request.headers.get('nonce-str') ?? '');
        return fetch(request, init);
      },
    });

    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: REQUESTS }, async (_, index) => {
        const result = await taobao.GET('/v2/taobao/product/get', {
          params: { query: { itemId: `load-${index}` } },
        });
        const data = await taobao.unwrap(result);
        return { requestId: result.data?.requestId, data };
      }),
    );
    const elapsedMs = performance.now() - started;
    console.log(
      `load: ${REQUESTS} signed requests in ${elapsedMs.toFixed(0)} ms ` +
        `(${((REQUESTS / elapsedMs) * 1000).toFixed(0)} req/s) on 127.0.0.1`,
    );

    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures.map((r) => String(r.reason))).toEqual([]);
    const successes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // None lost: every call resolved with the operation's data.
    expect(successes).toHaveLength(REQUESTS);
    for (const success of successes) expect(success.data).toEqual({ quantity: 1 });

    // None duplicated: one request per call, each with its own nonce, each answered once.
    expect(nonces).toHaveLength(REQUESTS);
    expect(new Set(nonces).size).toBe(REQUESTS);
    expect(new Set(successes.map((s) => s.requestId)).size).toBe(REQUESTS);

    // The sandbox's view: exactly REQUESTS accepted, and no signature, nonce-replay or
    // timestamp refusals among them.
    const codes = sandboxLog.map(codeOf);
    expect(codes).toHaveLength(REQUESTS);
    expect(codes.filter((code) => code === '200')).toHaveLength(REQUESTS);
    for (const refusal of ['40102', '40103', '40104']) {
      expect(codes.filter((code) => code === refusal)).toHaveLength(0);
    }
  });
});
