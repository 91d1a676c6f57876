// (a) What one call costs in-process, network excluded: every variant talks to the same mocked
// fetch (a function that returns a fresh Response holding a success envelope), so the figures
// differ only by what each layer does per request.
import { createSigningMiddleware } from '@pandapon/signing';
import { createTaobaoClient, type paths } from '@pandapon/taobao';
import createClient from 'openapi-fetch';
import { formatOps, type Measured, measure, printTable } from './measure.js';
import { inPlaceSigningReference } from './reference-signing.js';

const BASE_URL = 'https://api.pandapon.test';
const PATH = '/v2/taobao/product/get';
const ITEM_ID = 'WUnUC1cILiBjt-Jv3lDdlQ';
const CREDENTIALS = { accessKey: 'bench-key', accessSecret: 'bench-secret', userId: 'bench-user' };
const ENVELOPE = JSON.stringify({
  requestId: 'bench',
  code: 200,
  developId: 'dev',
  msg: '成功',
  data: { itemId: ITEM_ID, title: 'A product', price: '12.50', quantity: 3 },
});

/** A fresh Response each time, as a real fetch would give. */
function envelopeResponse(): Response {
  return new Response(ENVELOPE, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** The network stand-in: answers at once. */
function mockFetch(_request: Request | string, _init?: RequestInit): Promise<Response> {
  return Promise.resolve(envelopeResponse());
}

/** Simulated latency: answers after a 1 ms timer (in practice 1–1.3 ms), like a fast network. */
function slowMockFetch(_request: Request | string, _init?: RequestInit): Promise<Response> {
  return new Promise((resolve) => setTimeout(() => resolve(envelopeResponse()), 1));
}

export interface ClientOverheadResult {
  readonly rows: readonly Measured[];
  /** Signed client time per call ÷ bare openapi-fetch time per call (median of rounds). */
  readonly signedVsBare: number;
  /** The same with 1 ms of simulated latency per call. */
  readonly signedVsBareWithLatency: number;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`client-overhead: ${message}`);
}

export async function clientOverhead(
  timeMs: number,
  rounds: number,
): Promise<ClientOverheadResult> {
  const bare = createClient<paths>({ baseUrl: BASE_URL, fetch: mockFetch });
  const bareSigned = createClient<paths>({ baseUrl: BASE_URL, fetch: mockFetch });
  bareSigned.use(createSigningMiddleware(CREDENTIALS));
  const bareNoop = createClient<paths>({ baseUrl: BASE_URL, fetch: mockFetch });
  bareNoop.use({ onRequest: () => undefined });
  const bareInPlace = createClient<paths>({ baseUrl: BASE_URL, fetch: mockFetch });
  bareInPlace.use(inPlaceSigningReference(CREDENTIALS));
  const client = createTaobaoClient({ ...CREDENTIALS, baseUrl: BASE_URL, fetch: mockFetch });
  const clientNoTimeout = createTaobaoClient({
    ...CREDENTIALS,
    baseUrl: BASE_URL,
    fetch: mockFetch,
    timeoutMs: 0,
  });
  const init = { params: { query: { itemId: ITEM_ID } } };

  const tasks = {
    'plain fetch + res.json()': async () => {
      const response = await mockFetch(new Request(`${BASE_URL}${PATH}?itemId=${ITEM_ID}`));
      return response.json();
    },
    'bare openapi-fetch': () => bare.GET(PATH, init),
    'openapi-fetch + a no-op middleware': () => bareNoop.GET(PATH, init),
    'openapi-fetch + signing middleware': () => bareSigned.GET(PATH, init),
    'openapi-fetch + in-place signing (reference, not shipped)': () => bareInPlace.GET(PATH, init),
    'taobao client, timeoutMs: 0': () => clientNoTimeout.GET(PATH, init),
    'taobao client (signed, defaults)': () => client.GET(PATH, init),
  };

  // Each variant must really do the work it is timed for.
  const signedResult = await client.GET(PATH, init);
  check(signedResult.data?.code === 200, 'the signed client did not return the envelope');
  const bareResult = await bare.GET(PATH, init);
  check(bareResult.data?.code === 200, 'bare openapi-fetch did not return the envelope');

  const rows = await measure(tasks, { timeMs, rounds });
  const byName = new Map(rows.map((row) => [row.name, row]));
  const bareRow = byName.get('bare openapi-fetch');
  const signedRow = byName.get('taobao client (signed, defaults)');
  check(bareRow !== undefined && signedRow !== undefined, 'missing rows');
  const signedVsBare = bareRow.opsPerSecond / signedRow.opsPerSecond;

  console.log('## (a) Per-request cost on a mocked fetch\n');
  printTable(
    ['variant', 'ops/s (median)', 'µs/call', 'time vs bare openapi-fetch'],
    rows.map((row) => [
      row.name,
      formatOps(row.opsPerSecond),
      row.meanMicros.toFixed(2),
      `${(bareRow.opsPerSecond / row.opsPerSecond).toFixed(2)}×`,
    ]),
  );
  console.log(
    `signed client ÷ bare openapi-fetch: ${signedVsBare.toFixed(2)}× the time per call ` +
      `(goal ≤ 1.15×: ${signedVsBare <= 1.15 ? 'met' : 'NOT met'})\n`,
  );

  // The same calls when the network takes a millisecond: what an application would see.
  const slowBare = createClient<paths>({ baseUrl: BASE_URL, fetch: slowMockFetch });
  const slowOptions = { ...CREDENTIALS, baseUrl: BASE_URL, fetch: slowMockFetch };
  const slowClient = createTaobaoClient(slowOptions);
  const slowClientNoTimeout = createTaobaoClient({ ...slowOptions, timeoutMs: 0 });
  const slowRows = await measure(
    {
      'bare openapi-fetch': () => slowBare.GET(PATH, init),
      'taobao client, timeoutMs: 0': () => slowClientNoTimeout.GET(PATH, init),
      'taobao client (signed, defaults)': () => slowClient.GET(PATH, init),
    },
    { timeMs, rounds },
  );
  const [slowBareRow, , slowSignedRow] = slowRows;
  check(slowBareRow !== undefined && slowSignedRow !== undefined, 'missing latency rows');
  const signedVsBareWithLatency = slowBareRow.opsPerSecond / slowSignedRow.opsPerSecond;
  console.log('### With 1 ms of simulated latency per call\n');
  printTable(
    ['variant', 'ops/s (median)', 'µs/call', 'time vs bare openapi-fetch'],
    slowRows.map((row) => [
      row.name,
      formatOps(row.opsPerSecond),
      row.meanMicros.toFixed(2),
      `${(slowBareRow.opsPerSecond / row.opsPerSecond).toFixed(3)}×`,
    ]),
  );
  console.log(
    `signed client ÷ bare openapi-fetch with 1 ms latency: ${signedVsBareWithLatency.toFixed(3)}×\n`,
  );
  return { rows, signedVsBare, signedVsBareWithLatency };
}
