// What the client adds per call: plain fetch vs openapi-fetch vs the PandaPon client (signing,
// attempt signal, instrumentation, envelope unwrap), all against one keep-alive server on
// 127.0.0.1. Figures, not assertions (a shared machine is too noisy for timed tests).
// Run: pnpm --filter @pandapon/bench bench -- loopback
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlatformClient } from '@pandapon/client-core';
import createClient from 'openapi-fetch';

const BODY = JSON.stringify({ requestId: 'r', code: 200, msg: '成功', data: { itemId: '1' } });
const SLICE_MS = 1_000;
const SLICES = 5;

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(BODY);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

type Paths = Record<string, never>;
const plain = createClient<Paths>({ baseUrl });
const client = createPlatformClient<Paths>(
  { accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03', accessSecret: 'secret', userId: 'u', baseUrl },
  { platform: 'bench', operations: {} },
);
const untyped = client as unknown as { GET(path: string): Promise<{ response: Response }> };
const untypedPlain = plain as unknown as { GET(path: string): Promise<unknown> };

const cases: Record<string, () => Promise<unknown>> = {
  'fetch + json()': async () => (await fetch(`${baseUrl}/open/x`)).json(),
  'openapi-fetch GET': () => untypedPlain.GET('/open/x'),
  'PandaPon client GET': () => untyped.GET('/open/x'),
  'PandaPon client unwrap(GET)': () => client.unwrap(untyped.GET('/open/x')),
};

async function opsPerSecond(operation: () => Promise<unknown>, ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await operation();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

// Round-robin slices, so drift in the machine's load hits every case alike.
const samples = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
for (const operation of Object.values(cases)) await opsPerSecond(operation, 300); // warm-up
for (let slice = 0; slice < SLICES; slice++) {
  for (const [name, operation] of Object.entries(cases)) {
    samples.get(name)?.push(await opsPerSecond(operation, SLICE_MS));
  }
}
const rows = [...samples].map(([name, values]) => {
  const median = values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { case: name, 'calls/s': median.toFixed(0), 'µs/call': (1e6 / median).toFixed(1) };
});
console.table(rows);
server.close();
