/**
 * Issue 10, "a lasting suite" (client part): every operation of every platform, through the
 * umbrella client, against eight hostile server behaviours on loopback. It checks what must hold
 * whatever the fault: a write is never sent twice, a read at most 1 + maxRetries times, every
 * failure is one of our typed errors (or a returned non-2xx response), every attempt is signed
 * afresh, no redirect is followed; then it scans every error, log line, JSON.stringify and
 * util.inspect for the secret and the signatures sent. Which fault gives which error, retry
 * counts, Retry-After and time limits are client-core's transport tests (retry.test.ts,
 * redirect.test.ts, hardening.test.ts, envelope.test.ts); this file does not repeat them.
 * Bounded: short time limits, no real backoff waits, loopback only. Prints its counts.
 */
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { operations as alibabaOperations } from '@pandapon/alibaba';
import { operations as foundationsOperations } from '@pandapon/foundations';
import { operations as logisticsOperations } from '@pandapon/logistics';
import { operations as taobaoOperations } from '@pandapon/taobao';
import { type LoopbackServer, listenOnLoopback } from '@pandapon/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPandaPon, PandaPonError } from '../src/index.js';

const SECRET = 'fault-matrix-SECRET-"quoted"-\\back-7Q';
const MAX_RETRIES = 2;
const TIMEOUT_MS = 300;
const MAX_BYTES = 256 * 1024;

const FAULTS = [
  'drop',
  'hang',
  'html200',
  'retryAfter429',
  'storm503',
  'redirect',
  'oversized',
  'slowBody',
] as const;
type Fault = (typeof FAULTS)[number];

interface Seen {
  fault: string;
  key: string;
  nonce: string;
  signature: string;
}

const seen: Seen[] = [];
const open = new Set<ServerResponse>();
let elsewhereHits = 0;

function handle(fault: Fault, res: ServerResponse): void {
  switch (fault) {
    case 'drop':
      res.socket?.destroy();
      return;
    case 'hang':
      return; // answered never; closed at the end
    case 'html200':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body>gateway says hi ${SECRET}</body></html>`);
      return;
    case 'retryAfter429':
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end('{"code":429,"msg":"slow down"}');
      return;
    case 'storm503':
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(`{"code":503,"msg":"busy","echo":"${SECRET.replace(/["\\]/g, '\\$&')}"}`);
      return;
    case 'redirect':
      res.writeHead(307, { location: `${elsewhereUrl}/steal?sign=x` });
      res.end();
      return;
    case 'oversized': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      res.write('{"code":200,"data":"');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * MAX_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('"}');
      };
      pump();
      return;
    }
    case 'slowBody': {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":200,');
      const timer = setInterval(() => {
        if (res.destroyed) clearInterval(timer);
        else res.write(' ');
      }, 40);
      res.on('close', () => clearInterval(timer));
      return;
    }
  }
}

let server: LoopbackServer;
/** Where the redirect fault points: any request reaching it followed a redirect. */
let elsewhere: LoopbackServer;
let baseUrl = '';
let elsewhereUrl = '';

beforeAll(async () => {
  // Listeners of their own, not recording servers: the drop fault cuts the connection before the
  // body is read, and every request counts as it arrives, body or not.
  server = await listenOnLoopback((req, res) => {
    req.resume();
    open.add(res);
    // No keep-alive: a socket the server cut for one fault is never reused for the next call.
    res.setHeader('connection', 'close');
    res.on('close', () => open.delete(res));
    const fault = String(req.headers['x-fault']) as Fault;
    seen.push({
      fault,
      key: String(req.headers['x-key']),
      nonce: String(req.headers['nonce-str']),
      signature: String(req.headers.signature),
    });
    // A drop cuts the connection at once; the others answer once the body is in.
    if (fault === 'drop') handle(fault, res);
    else req.on('end', () => handle(fault, res));
  });
  elsewhere = await listenOnLoopback((req, res) => {
    elsewhereHits++;
    req.resume();
    res.end();
  });
  baseUrl = server.url;
  elsewhereUrl = elsewhere.url;
});

afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

const tables = {
  taobao: taobaoOperations,
  alibaba: alibabaOperations,
  foundations: foundationsOperations,
  logistics: logisticsOperations,
} as const;

describe('fault matrix over every operation of every platform', () => {
  it('no write twice, bounded reads, typed failures, fresh signatures, no leak', {
    timeout: 120_000,
  }, async () => {
    const logLines: string[] = [];
    // Attempts as the client made them (a loaded machine may time an attempt out before the
    // server sees it, so the server's count alone would be flaky).
    const sentBy = new Map<string, number>();
    const logger = {
      debug: (message: string, meta?: Record<string, unknown>) => {
        logLines.push(`${message} ${JSON.stringify(meta)}`);
        if (message === 'pandapon request') {
          const key = `${currentFault} ${meta?.method} ${meta?.path}`;
          sentBy.set(key, (sentBy.get(key) ?? 0) + 1);
        }
      },
      warn: (message: string, meta?: Record<string, unknown>) =>
        logLines.push(`${message} ${JSON.stringify(meta)}`),
    };
    const pandapon = createPandaPon({
      accessKey: 'fault-matrix-key',
      accessSecret: SECRET,
      userId: 'fault-user',
      baseUrl,
      timeoutMs: TIMEOUT_MS,
      maxRetries: MAX_RETRIES,
      maxResponseBytes: MAX_BYTES,
      logger,
      // No real backoff waits.
      retry: { sleep: async () => {} },
    });

    const shown: string[] = [];
    let inputs = 0;
    const failures: string[] = [];
    let currentFault = '';
    for (const fault of FAULTS) {
      currentFault = fault;
      const calls = Object.entries(tables).flatMap(([platform, table]) =>
        Object.entries(table as Record<string, { safeToRetry: boolean; operationId: string }>).map(
          async ([key, meta]) => {
            inputs++;
            const [method, path] = key.split(' ') as [string, string];
            const pathParams = Object.fromEntries(
              [...path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1], 'p1']),
            );
            type Call = (path: string, init: unknown) => Promise<unknown>;
            const client = (pandapon as unknown as Record<string, Record<string, Call>>)[platform];
            const init = {
              params: { path: pathParams },
              headers: { 'x-fault': fault, 'x-key': key },
              // Only the time-outs under test get the short limit; the rest may take a loaded
              // machine's time.
              timeoutMs: fault === 'hang' || fault === 'slowBody' ? TIMEOUT_MS : 20_000,
              ...(method === 'GET' ? {} : { body: {} }),
            };
            const label = `${fault} ${key}`;
            let outcome: unknown;
            try {
              const call = client?.[method];
              if (!call) throw new Error(`no ${method} on ${platform}`);
              outcome = await call(path, init);
            } catch (error) {
              outcome = error;
            }
            const attempts = sentBy.get(`${fault} ${key}`) ?? 0;
            const received = seen.filter((s) => s.fault === fault && s.key === key).length;
            if (received > attempts)
              failures.push(`${label}: server saw ${received} > ${attempts}`);
            // The money rule: a write is sent once, whatever the server did.
            const mostAttempts = meta.safeToRetry ? MAX_RETRIES + 1 : 1;
            if (attempts < 1 || attempts > mostAttempts)
              failures.push(`${label}: ${attempts} attempts, want 1 to ${mostAttempts}`);
            // Every fault is a failure the caller can tell apart: one of our errors, or (the path
            // client's way for an HTTP status) a returned non-2xx response. Never a raw TypeError.
            const status = (outcome as { response?: Response } | undefined)?.response?.status;
            if (!(outcome instanceof PandaPonError) && !(status !== undefined && status >= 400)) {
              failures.push(`${label}: got ${inspect(outcome).slice(0, 80)}`);
            }
            shown.push(
              inspect(outcome, { depth: 6 }),
              JSON.stringify(outcome, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ?? '',
              outcome instanceof Error ? `${outcome.message} ${outcome.stack}` : '',
            );
          },
        ),
      );
      await Promise.all(calls);
      for (const res of open) res.destroy();
    }

    // Every attempt signed afresh: no nonce or signature twice.
    const nonces = new Set(seen.map((s) => s.nonce));
    const signatures = new Set(seen.map((s) => s.signature));
    if (nonces.size !== seen.length) failures.push(`${seen.length - nonces.size} reused nonces`);
    if (signatures.size !== seen.length)
      failures.push(`${seen.length - signatures.size} reused signatures`);
    if (elsewhereHits !== 0) failures.push(`${elsewhereHits} requests followed a redirect`);

    // The leak scan: the secret (raw and JSON-escaped) and every signature sent.
    const haystack = [...shown, ...logLines].join('\n');
    const needles = [SECRET, JSON.stringify(SECRET).slice(1, -1), ...signatures];
    const leaks = needles.filter((needle) => haystack.toLowerCase().includes(needle.toLowerCase()));
    for (const leak of leaks) {
      const at = haystack.toLowerCase().indexOf(leak.toLowerCase());
      failures.push(
        `leaked ${leak === SECRET ? 'the secret' : 'a signature'} near: ${haystack
          .slice(Math.max(0, at - 300), at + 40)
          .replace(leak, '<LEAK>')
          .replace(/\s+/g, ' ')}`,
      );
    }

    console.log(
      `fault matrix: ${inputs} calls (${Object.values(tables).reduce((n, t) => n + Object.keys(t).length, 0)} operations x ${FAULTS.length} faults), ${seen.length} attempts, ${nonces.size} distinct nonces, ${logLines.length} log lines and ${shown.length} serialisations scanned, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(inputs).toBeGreaterThanOrEqual(8 * 50);
  });
});
