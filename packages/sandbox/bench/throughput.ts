/**
 * Loopback throughput of the sandbox for a simple signed operation.
 *
 *   pnpm --filter @pandapon/sandbox build && pnpm --filter @pandapon/sandbox bench
 *
 * The sandbox runs as the built CLI in its own process (as developers run it); this process
 * signs every request (fresh nonce, so none is a replay) and keeps CONCURRENCY requests in
 * flight over keep-alive connections for DURATION_MS. Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNonce, sign } from '@pandapon/signing';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PATH = '/v2/taobao/product/get?itemId=2048175493257375';
const credentials = { accessKey: 'bench-key', accessSecret: 'bench-secret' };

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const child = spawn(process.execPath, [cli, '--port', '0', '--quiet'], {
  env: {
    ...process.env,
    PANDAPON_SANDBOX_ACCESS_KEY: credentials.accessKey,
    PANDAPON_SANDBOX_ACCESS_SECRET: credentials.accessSecret,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<URL>((resolve, reject) => {
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match?.[1]) resolve(new URL(match[1]));
  });
  child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
});

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function once(): Promise<number> {
  const timestamp = String(Date.now());
  const nonceStr = createNonce();
  const headers = {
    'access-key': credentials.accessKey,
    timestamp,
    'nonce-str': nonceStr,
    'user-id': 'bench-user',
    signature: sign({ ...credentials, timestamp, nonceStr }),
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: PATH, headers, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          if (!body.includes('"code":200')) reject(new Error(`unexpected answer: ${body}`));
          else resolve(performance.now() - started);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// Warm-up: compiles the operation's validator and opens the connections.
await Promise.all(Array.from({ length: CONCURRENCY }, once));

const latencies: number[] = [];
const deadline = performance.now() + DURATION_MS;
const began = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) latencies.push(await once());
  }),
);
const elapsed = (performance.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2);
console.log(
  `${latencies.length} signed GET ${PATH.split('?')[0]} in ${elapsed.toFixed(1)} s, concurrency ${CONCURRENCY}: ` +
    `${Math.round(latencies.length / elapsed)} req/s; latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (Node ${process.version})`,
);
agent.destroy();
child.kill('SIGTERM');
