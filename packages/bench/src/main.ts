// `pnpm bench` (turbo run bench): every benchmark, in one run, figures printed as Markdown
// tables. Not part of `pnpm test`: nothing here asserts a time. Pick sections by name:
//   pnpm --filter @pandapon/bench bench -- client signing sandbox generation callbacks loopback
// BENCH_TIME_MS (per task per round) and BENCH_ROUNDS trade precision for run time.
import { breakdown } from './breakdown.js';
import { callbackAck } from './callback-ack.js';
import { clientOverhead } from './client-overhead.js';
import { generation } from './generation.js';
import { describeMachine } from './machine.js';
import { sandboxThroughput } from './sandbox-throughput.js';
import { signing } from './signing.js';

const timeMs = Number(process.env.BENCH_TIME_MS ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const SECTIONS: Record<string, () => Promise<unknown>> = {
  client: () => clientOverhead(timeMs, rounds),
  breakdown: () => breakdown(timeMs, rounds),
  signing: () => signing(timeMs, rounds),
  sandbox: () =>
    sandboxThroughput({
      concurrency: [1, 16, 64],
      maxRequests: Number(process.env.BENCH_SANDBOX_REQUESTS ?? 5000),
      maxMs: Number(process.env.BENCH_SANDBOX_MS ?? 10_000),
    }),
  generation: () => generation(),
  // Standalone scripts (they run when imported): the signing middleware's per-request cost and
  // callback verification, and the client's per-call cost over a real loopback server.
  'signing-middleware': () => import('./signing-middleware.js'),
  loopback: () => import('./loopback-overhead.js'),
  callbacks: () =>
    callbackAck({
      concurrency: Number(process.env.BENCH_CALLBACK_CONCURRENCY ?? 500),
      bursts: Number(process.env.BENCH_CALLBACK_BURSTS ?? 3),
      drainTimeoutMs: 30_000,
    }),
};

const asked = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = asked.filter((name) => !(name in SECTIONS));
if (unknown.length) {
  console.error(
    `Unknown section(s): ${unknown.join(', ')}. Known: ${Object.keys(SECTIONS).join(', ')}`,
  );
  process.exit(2);
}

console.log(`# PandaPon SDK benchmarks\n\n${describeMachine()}\n`);
let failed = false;
for (const name of asked.length ? asked : Object.keys(SECTIONS)) {
  try {
    await SECTIONS[name]?.();
  } catch (error) {
    // One broken section (e.g. a package not built) should not hide the others' figures.
    failed = true;
    console.error(`section ${name} failed: ${(error as Error).stack ?? error}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
