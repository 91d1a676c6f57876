// Throughput of signing: sign() with each MD5 implementation, and the per-request cost of the
// middleware. Figures, not assertions (a shared machine is too noisy for timed tests).
// Run: pnpm --filter @pandapon/bench bench -- signing-middleware
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  createNonce,
  createSigningMiddleware,
  type SignInput,
  sign,
  verifyCallbackSignature,
} from '../../signing/src/index.js';
import { selectMd5Implementation } from '../../signing/src/md5.js';
import { pooledNonce } from '../../signing/src/nonce.js';

const INPUT: SignInput = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  timestamp: '1715669977082',
  nonceStr: 'abcdefghijklmnopqrstuvwxyz012345',
  accessSecret: 'example-secret',
};
const SLICE_MS = 300;
const SLICES = 5;

interface Row {
  case: string;
  'ops/s': string;
  'µs/op': string;
}
const rows: Row[] = [];

/** Median ops/s over SLICES runs of about SLICE_MS each, after a warm-up; adds a table row. */
async function measure(name: string, operation: () => unknown): Promise<number> {
  const isAsync = operation() instanceof Promise;
  const runFor = async (ms: number) => {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 100; i++) isAsync ? await operation() : operation();
      count += 100;
      elapsed = performance.now() - start;
    }
    return (count / elapsed) * 1000;
  };
  await runFor(SLICE_MS); // warm-up: let the JIT settle
  const samples: number[] = [];
  for (let i = 0; i < SLICES; i++) samples.push(await runFor(SLICE_MS));
  const median = samples.sort((a, b) => a - b)[Math.floor(SLICES / 2)] as number;
  rows.push({
    case: name,
    'ops/s': Math.round(median).toLocaleString('en-US'),
    'µs/op': (1e6 / median).toFixed(2),
  });
  return median;
}

const nobleSign = (input: SignInput) => {
  const message = input.accessKey + input.timestamp + input.nonceStr + input.accessSecret;
  return bytesToHex(nobleMd5(new TextEncoder().encode(message))).toUpperCase();
};

selectMd5Implementation('node');
await measure('sign() with node:crypto MD5', () => sign(INPUT));
selectMd5Implementation('pure');
await measure('sign() with the pure MD5', () => sign(INPUT));
selectMd5Implementation('auto');
await measure('sign()-equivalent with @noble/hashes md5 (comparison)', () => nobleSign(INPUT));
await measure('createNonce()', createNonce);
await measure("pooled nonce (the middleware's default)", pooledNonce);

const middleware = createSigningMiddleware({
  accessKey: INPUT.accessKey,
  accessSecret: INPUT.accessSecret,
  userId: '10086',
});
const body = JSON.stringify({ itemId: '653417369853', quantity: 2, skuId: '4849234124' });
const post = (path: string) =>
  new Request(`https://api.pandapon.com${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
// Every case reads the body at the end, as fetch would: Requests with unread bodies pile up and
// turn the figures into a measure of the garbage collector.
const baseline = await measure('baseline: new Request(POST) + read its body', () =>
  post('/open/goods/detail').arrayBuffer(),
);
const signAndSend = (path: string) => async () =>
  (await middleware.signRequest(post(path))).arrayBuffer();
const inPlace = await measure('onRequest(POST), ordinary path (signs in place)', async () =>
  (await middleware.onRequest({ request: post('/open/goods/detail') })).arrayBuffer(),
);
const ordinary = await measure(
  'signRequest(POST), ordinary path',
  signAndSend('/open/goods/detail'),
);
const logistics = await measure(
  'signRequest(POST), logistics path (query params too)',
  signAndSend('/open/pp/logistics/orderRenderFreight'),
);
selectMd5Implementation('pure');
const ordinaryPure = await measure(
  'signRequest(POST), ordinary path, pure MD5',
  signAndSend('/open/goods/detail'),
);
selectMd5Implementation('auto');

const callbackBody =
  '{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"88"},"messagePlatform":0,"timestamp":"1732200000000"}';
await measure('verifyCallbackSignature()', () =>
  verifyCallbackSignature(
    callbackBody,
    'bdc937570147eae482936df81f62a19c20d1f9d01967692b7a46f34fdd6f91bd',
    's3cr3t',
  ),
);

console.log(`Node ${process.version}, ${process.arch}; median of ${SLICES} × ${SLICE_MS} ms`);
console.table(rows);
const overhead = (opsPerSecond: number) => (1e6 / opsPerSecond - 1e6 / baseline).toFixed(1);
console.log(
  `Cost per request over the baseline: onRequest ${overhead(inPlace)} µs; signRequest ` +
    `${overhead(ordinary)} µs, on a logistics path ${overhead(logistics)} µs, with pure MD5 ` +
    `${overhead(ordinaryPure)} µs`,
);
