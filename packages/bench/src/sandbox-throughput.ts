// (c) The sandbox on loopback, driven by a real signed client (@pandapon/taobao over the
// runtime's fetch): requests per second and latency percentiles at a few concurrency levels.
// The sandbox runs as its CLI in its own process, as developers run it, so client and server do
// not share one event loop. Each level is bounded by a request count and a time limit.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SANDBOX_DEFAULT_CREDENTIALS } from '@pandapon/sandbox';
import { createTaobaoClient, type paths } from '@pandapon/taobao';
import createClient from 'openapi-fetch';
import { formatOps, printTable } from './measure.js';
import { inPlaceSigningReference } from './reference-signing.js';

const PATH = '/v2/taobao/product/get';
const QUERY = { itemId: 'WUnUC1cILiBjt-Jv3lDdlQ' };

export interface ThroughputOptions {
  readonly concurrency: readonly number[];
  readonly maxRequests: number;
  readonly maxMs: number;
}

interface LevelResult {
  concurrency: number;
  requests: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
}

function sandboxCli(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@pandapon/sandbox/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin['pandapon-sandbox'];
  if (!bin) throw new Error('sandbox-throughput: @pandapon/sandbox has no pandapon-sandbox bin');
  return join(dirname(manifestPath), bin);
}

async function startSandboxProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [sandboxCli(), '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited early with code ${code}`)));
    child.once('error', reject);
  });
  return { url, child };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/** One signed GET; resolves to the envelope's code. */
type Call = () => Promise<number | undefined>;

async function runLevel(
  call: Call,
  concurrency: number,
  options: ThroughputOptions,
): Promise<LevelResult> {
  const latenciesMs: number[] = [];
  let issued = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.maxMs;
  async function worker(): Promise<void> {
    while (issued < options.maxRequests && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      const code = await call();
      latenciesMs.push(performance.now() - t0);
      if (code !== 200) failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { concurrency, requests: latenciesMs.length, failures, seconds, latenciesMs };
}

export async function sandboxThroughput(options: ThroughputOptions): Promise<void> {
  const { url, child } = await startSandboxProcess();
  try {
    const credentials = { ...SANDBOX_DEFAULT_CREDENTIALS, userId: 'bench-user' };
    const client = createTaobaoClient({ ...credentials, baseUrl: url, maxRetries: 0 });
    const viaClient: Call = async () =>
      (await client.GET(PATH, { params: { query: QUERY } })).data?.code;
    // The same call without the client runtime, for the price of the runtime on a real socket.
    const bare = createClient<paths>({ baseUrl: url });
    bare.use(inPlaceSigningReference(credentials));
    const viaBare: Call = async () =>
      (await bare.GET(PATH, { params: { query: QUERY } })).data?.code;

    // One checked call each first: a wrong signature or path would otherwise be timed as "fast".
    for (const call of [viaClient, viaBare]) {
      const code = await call();
      if (code !== 200) throw new Error(`sandbox-throughput: warm-up answered ${code}`);
      await runLevel(call, 4, { ...options, maxRequests: 200 }); // JIT and keep-alive warm-up
    }

    const rows: string[][] = [];
    const levels: [string, Call, number][] = [
      ...options.concurrency.map((c): [string, Call, number] => ['taobao client', viaClient, c]),
      ['openapi-fetch + in-place signing (reference)', viaBare, 1],
    ];
    for (const [name, call, concurrency] of levels) {
      const level = await runLevel(call, concurrency, options);
      const sorted = level.latenciesMs.sort((a, b) => a - b);
      rows.push([
        name,
        String(concurrency),
        String(level.requests),
        String(level.failures),
        formatOps(level.requests / level.seconds),
        percentile(sorted, 50).toFixed(2),
        percentile(sorted, 99).toFixed(2),
        (sorted.at(-1) ?? Number.NaN).toFixed(2),
      ]);
    }
    console.log(
      `## (c) Sandbox throughput on loopback (signed taobao client → sandbox CLI, GET ${PATH})\n`,
    );
    printTable(
      ['caller', 'concurrency', 'requests', 'non-200', 'requests/s', 'p50 ms', 'p99 ms', 'max ms'],
      rows,
    );
  } finally {
    child.kill('SIGTERM');
  }
}
