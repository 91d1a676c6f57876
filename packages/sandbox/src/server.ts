/**
 * `startSandbox`: assembles the parts (specs, validator, state, faults, callbacks, pipeline) and
 * glues them to node:http. Request handling itself lives in pipeline.ts (PandaPon operations)
 * and admin.ts (the `/__sandbox` endpoints).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { CallbackDispatcher } from './callback-dispatcher.js';
import { SANDBOX_CODES } from './codes.js';
import { createCredentialStore } from './credentials.js';
import { type Answer, EnvelopeBuilder } from './envelope.js';
import { FaultInjector } from './faults.js';
import type { FlowContext } from './flows/index.js';
import { BodyTooLargeError, readBody, sendJson } from './http.js';
import { NonceCache } from './nonce-cache.js';
import {
  createApiPipeline,
  describeOperations,
  type Outcome,
  serveOperations,
} from './pipeline.js';
import { checkOptions } from './settings.js';
import { loadSpecs } from './spec/load.js';
import { Router } from './spec/router.js';
import { SpecValidator } from './spec/validator.js';
import { StateStore } from './state.js';
import type { Sandbox, SandboxOptions } from './types.js';
import { TIMESTAMP_WINDOW_MS } from './verify.js';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settings = checkOptions(options);
  const credentials = createCredentialStore(options.credentials, options.env ?? process.env);
  const docs = loadSpecs(options.specs, options.specsDir);
  const served = serveOperations(docs, new SpecValidator(docs), settings.stateful);
  const operations = describeOperations(served);
  const store = new StateStore(options.stateFile);
  const nonces = new NonceCache(TIMESTAMP_WINDOW_MS, settings.maxNonces);
  const faults = new FaultInjector(options.random);
  for (const rule of options.faults ?? []) faults.add(rule);
  // The sandbox clock: the `now` option (or Date.now), run `clockSkewMs` off.
  const baseClock = options.now ?? Date.now;
  const now = settings.clockSkewMs === 0 ? baseClock : () => baseClock() + settings.clockSkewMs;
  const callbacks = new CallbackDispatcher({
    url: options.callbackUrl,
    retryIntervalMs: settings.callbackRetryIntervalMs,
    timeoutMs: settings.callbackTimeoutMs,
    signature: (accessKey, body) => credentials.callbackSignature(accessKey, body),
    now,
  });
  const notify: FlowContext['notify'] = (accessKey, type, platform, body) => {
    callbacks.push(accessKey, type, platform, body);
  };
  const envelopes = new EnvelopeBuilder(settings.developId);
  const pipeline = createApiPipeline({
    faults,
    router: new Router(served.map((entry) => entry.operation)),
    served: new Map(served.map((entry) => [entry.operation, entry])),
    credentials,
    nonces,
    envelopes,
    now,
    rejectUndocumentedFields: settings.rejectUndocumentedFields,
    timestampUnit: settings.timestampUnit,
    extraFields: settings.extraFields,
    flowServices: { store, now, notify },
  });
  const adminDependencies = { store, faults, callbacks, operations, now, notify };
  const log = options.log;

  const route = async (
    request: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
  ): Promise<Outcome> => {
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
      const body = await readBody(request);
      const result = handleAdmin({ method, path, query, body }, adminDependencies);
      const answer =
        result.code === SANDBOX_CODES.OK
          ? envelopes.success(result.data, result.status)
          : envelopes.failure(result.status, result.code, result.msg ?? '');
      return { answer, clockMs: now() };
    }
    return pipeline({
      method,
      path,
      query,
      headers: request.headers,
      readBody: () => readBody(request),
      // Never the Host header: a caller must not be able to choose where pay links point.
      baseUrl: publicUrl,
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const rawUrl = request.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));
    let answer: Answer;
    let clockMs: number;
    try {
      const outcome = await route(request, method, path, query);
      if ('drop' in outcome) {
        request.socket.destroy();
        log?.(`${method} ${path} -> dropped (${elapsed(started)} ms)`);
        return;
      }
      ({ answer, clockMs } = outcome);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        answer = envelopes.failure(
          413,
          SANDBOX_CODES.VALIDATION_FAILED,
          `request validation failed: ${error.message}`,
        );
        // The rest of the body is never read: close the connection once the answer is out.
        // The socket is taken now; by the time 'finish' fires, request.socket may be null.
        const socket = request.socket;
        sendJson(response, answer.status, answer.body, now(), { connection: 'close' });
        response.once('finish', () => socket?.destroy());
        log?.(`${method} ${path} -> ${answer.code} (${elapsed(started)} ms)`);
        return;
      }
      if (!canAnswer(response)) {
        // The caller hung up mid-request: nobody to answer.
        log?.(`${method} ${path} -> aborted by the client`);
        return;
      }
      // A sandbox bug, not the caller's: say so plainly, without internals.
      answer = envelopes.failure(
        500,
        SANDBOX_CODES.INTERNAL_ERROR,
        `sandbox internal error: ${(error as Error).message}`,
      );
      clockMs = now();
    }
    sendJson(response, answer.status, answer.body, clockMs, answer.headers);
    log?.(`${method} ${path} -> ${answer.code} (${elapsed(started)} ms)`);
  };

  const server = createServer({ keepAlive: true }, (request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${hostForUrl}:${port}`;
  const publicUrl = settings.publicUrl ?? url;
  let closing: Promise<void> | undefined;

  return {
    url,
    port,
    host: settings.host,
    accessKeys: credentials.accessKeys,
    operations,
    get state() {
      return store.snapshot();
    },
    get pushes() {
      return callbacks.deliveries;
    },
    waitForPushes: () => callbacks.idle(),
    faults: {
      add: (rule) => faults.add(rule),
      list: () => faults.list(),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    resetState() {
      store.reset();
      nonces.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        callbacks.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Whether an answer can still reach the caller. Not `request.destroyed`: a request whose body
 * was read to the end is destroyed too, and that made every internal error go unanswered.
 */
function canAnswer(response: ServerResponse): boolean {
  const socket = response.socket;
  return !response.headersSent && !response.destroyed && socket !== null && !socket.destroyed;
}

function elapsed(started: number): string {
  return (performance.now() - started).toFixed(1);
}
