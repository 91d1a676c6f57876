// Where the signed client's extra time goes (see (a)): the per-request building blocks it adds
// over bare openapi-fetch, timed alone. Node 20's Request and AbortController are costly: each
// `new Request` creates an AbortSignal, and every AbortSignal is made "transferable" (a
// structured-clone hook) at construction.
import { createNonce, sign } from '@pandapon/signing';
// The middleware's pooled nonces are not part of the package's public entry.
import { pooledNonce } from '../../signing/src/nonce.js';
import { formatOps, measure, printTable } from './measure.js';

const URL_STRING = 'https://api.pandapon.test/v2/taobao/product/get?itemId=WUnUC1cILiBjt-Jv3lDdlQ';
const SIGN_INPUT = {
  accessKey: 'bench-key',
  accessSecret: 'bench-secret',
  timestamp: '1715669977082',
  nonceStr: 'abcdefghijklmnopqrstuvwxyz012345',
};

export async function breakdown(timeMs: number, rounds: number): Promise<void> {
  const template = new Request(URL_STRING, { headers: { accept: 'application/json' } });
  const tasks = {
    'new Request(url) (GET)': () => new Request(URL_STRING),
    'new Request(url) + a copy of it, as signing makes': () => {
      const request = new Request(URL_STRING);
      return new Request(new URL(request.url), {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
      });
    },
    'set 5 headers on a Request': () => {
      const headers = new Headers(template.headers);
      headers.set('access-key', 'bench-key');
      headers.set('timestamp', '1715669977082');
      headers.set('nonce-str', 'abcdefghijklmnopqrstuvwxyz012345');
      headers.set('user-id', 'bench-user');
      headers.set('signature', '163CFABCC37985B5C420F354F4A8E3FA');
    },
    'new AbortController + setTimeout/clearTimeout': () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      clearTimeout(timer);
    },
    // Node creates a controller's signal on first access, as fetch({ signal }) makes it do; that
    // is where the cost is.
    'the same + reading its signal, as passing it to fetch does': () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      clearTimeout(timer);
      return controller.signal;
    },
    'new URL(request.url)': () => new URL(URL_STRING),
    'createNonce()': () => createNonce(),
    "pooled nonce (the signing middleware's default)": () => pooledNonce(),
    'sign() (MD5, default implementation)': () => sign(SIGN_INPUT),
  };
  const rows = await measure(tasks, { timeMs, rounds });
  console.log('## (a′) Building blocks of a signed call, alone\n');
  printTable(
    ['operation', 'ops/s', 'µs/op'],
    rows.map((row) => [row.name, formatOps(row.opsPerSecond), row.meanMicros.toFixed(2)]),
  );
}
