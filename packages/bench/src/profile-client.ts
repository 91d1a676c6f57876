// Profiling aid for (a): runs many signed-client calls on the mocked fetch so that
// `node --cpu-prof` shows where a call's time goes. Not part of `pnpm bench`:
//   node --import tsx --cpu-prof --cpu-prof-dir=<dir> src/profile-client.ts [calls] [variant]
import { createSigningMiddleware } from '@pandapon/signing';
import { createTaobaoClient, type paths } from '@pandapon/taobao';
import createClient from 'openapi-fetch';

const ENVELOPE = JSON.stringify({ requestId: 'p', code: 200, developId: 'd', msg: 'ok', data: {} });
const mockFetch = () =>
  Promise.resolve(
    new Response(ENVELOPE, { status: 200, headers: { 'content-type': 'application/json' } }),
  );
const credentials = { accessKey: 'bench-key', accessSecret: 'bench-secret', userId: 'bench-user' };
const baseUrl = 'https://api.pandapon.test';
const calls = Number(process.argv[2] ?? 50_000);
const variant = process.argv[3] ?? 'client';

const bare = createClient<paths>({ baseUrl, fetch: mockFetch });
const signed = createClient<paths>({ baseUrl, fetch: mockFetch });
signed.use(createSigningMiddleware(credentials));
const client = createTaobaoClient({ ...credentials, baseUrl, fetch: mockFetch });
const clientNoTimeout = createTaobaoClient({
  ...credentials,
  baseUrl,
  fetch: mockFetch,
  timeoutMs: 0,
});
const call = {
  bare: () => bare.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }),
  signed: () => signed.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }),
  client: () => client.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }),
  'client-no-timeout': () =>
    clientNoTimeout.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } }),
}[variant];
if (!call) throw new Error(`unknown variant ${variant}`);
const started = performance.now();
for (let i = 0; i < calls; i++) await call();
const elapsed = performance.now() - started;
console.log(`${variant}: ${calls} calls, ${((elapsed / calls) * 1000).toFixed(1)} µs/call`);
