// The receiver side of the callback-ack benchmark, run in its own process (so the load
// generator's event loop is not the one under test): a @pandapon/callbacks handler on node:http
// whose onMessage burns 5-20 ms of CPU, as in the audit that found acks waiting behind processing.
// Prints `listening <port>`. GET /stats answers how many messages were processed and, per
// callback acknowledged since the previous /stats, how many ms of onMessage CPU ran on this
// process between that /stats call (the start of a burst) and the acknowledgment: processing
// that went ahead of it, a figure the machine's load does not change, unlike wall-clock latency.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type CallbacksModule = typeof import('@pandapon/callbacks');

// BENCH_CALLBACKS_MODULE: another build of the package (e.g. an older dist) for before/after runs.
const modulePath = process.env.BENCH_CALLBACKS_MODULE;
const { createCallbackHandler, toNodeListener }: CallbacksModule = modulePath
  ? await import(modulePath)
  : await import('@pandapon/callbacks');

const secret = process.argv[2];
if (!secret) throw new Error('callback-ack-server: pass the access secret as the first argument');
// "0" makes onMessage do nothing: the reference row, pure acknowledgment cost.
const withCpu = process.argv[3] !== '0';

let processed = 0;
let processingMsTotal = 0;
let processingAheadOfAck: number[] = [];
let processingAtBurstStart = 0;
let seed = 1;
function cpuMs(): number {
  // Deterministic 5-20 ms (a small LCG), so runs are comparable.
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return 5 + (seed % 16);
}

const listener = toNodeListener(
  createCallbackHandler({
    accessSecret: secret,
    onMessage() {
      const started = performance.now();
      const until = started + (withCpu ? cpuMs() : 0);
      while (performance.now() < until) {
        // CPU-bound processing: nothing else runs on this event loop meanwhile.
      }
      processingMsTotal += performance.now() - started;
      processed++;
    },
  }),
);

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ processed, processingAheadOfAck }));
    processingAheadOfAck = [];
    processingAtBurstStart = processingMsTotal;
    return;
  }
  res.once('finish', () => processingAheadOfAck.push(processingMsTotal - processingAtBurstStart));
  listener(req, res);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
