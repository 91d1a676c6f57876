import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import {
  type CallbackDelivery,
  CallbackDispatcher,
  DEFAULT_CALLBACK_RETRY_INTERVAL_MS,
  DEFAULT_CALLBACK_TIMEOUT_MS,
} from './callbacks.js';
import { SANDBOX_CODES } from './codes.js';
import { createCredentialStore, type SandboxCredential } from './credentials.js';
import { failureEnvelope, newRequestId } from './envelope.js';
import { checkRule, FaultInjector, type FaultRule, type FaultRuleInput } from './faults.js';
import { FLOWS, type Flow, type FlowContext } from './flows/index.js';
import { BodyTooLargeError, readBody, sendJson } from './http.js';
import { parseJsonKeepingBigIntegers } from './json.js';
import { NonceCache } from './nonce-cache.js';
import { defaultResponseData } from './operations.js';
import { listOperations, type Operation } from './spec/catalog.js';
import { loadSpecs } from './spec/load.js';
import { Router } from './spec/router.js';
import type { SpecDocuments, SpecName } from './spec/types.js';
import { type RequestValidator, SpecValidator } from './spec/validator.js';
import { type SandboxState, StateStore } from './state.js';
import { TIMESTAMP_WINDOW_MS, verifyRequest } from './verify.js';

export interface SandboxOptions {
  /** TCP port; 0 (the default here) picks a free one. The CLI defaults to 4010. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. The admin endpoints are unauthenticated. */
  host?: string;
  /**
   * Accepted access keys. Default: PANDAPON_SANDBOX_ACCESS_KEY / PANDAPON_SANDBOX_ACCESS_SECRET
   * from `env`, else SANDBOX_DEFAULT_CREDENTIALS.
   */
  credentials?: SandboxCredential | readonly SandboxCredential[];
  /** Environment to read credentials from; default process.env. */
  env?: Record<string, string | undefined>;
  /** `developId` of every envelope. */
  developId?: string;
  /** JSON file to load state from at start and write after every change; default in memory. */
  stateFile?: string;
  /** false: answer every operation from its spec example only (no carts, orders...). Default true. */
  stateful?: boolean;
  /** Where to POST callback messages; none are sent without it. */
  callbackUrl?: string;
  /** Delay between callback retries; default 30 minutes, as the platform does. */
  callbackRetryIntervalMs?: number;
  /** How long a callback receiver may take to answer; default 1000 ms, as the platform allows. */
  callbackTimeoutMs?: number;
  /** Fault rules active from the start. */
  faults?: readonly FaultRuleInput[];
  /** Random source for percentage-based faults, returning [0, 1); default Math.random. */
  random?: () => number;
  /** The sandbox clock, epoch ms; default Date.now. */
  now?: () => number;
  /** Bundled spec documents to serve instead of the ones shipped with the package. */
  specs?: SpecDocuments;
  /** Directory holding bundled `<platform>.json` specs, instead of the shipped ones. */
  specsDir?: string;
  /** Most nonces remembered at once (oldest dropped first); default 100000. */
  maxNonces?: number;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

export interface SandboxOperation {
  spec: SpecName;
  operationId: string;
  method: string;
  path: string;
  /** Answered by the stateful layer rather than from the spec example. */
  stateful: boolean;
}

export interface SandboxFaults {
  add(rule: FaultRuleInput): FaultRule;
  list(): FaultRule[];
  remove(id: number): boolean;
  clear(): void;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly accessKeys: readonly string[];
  readonly operations: readonly SandboxOperation[];
  /** A copy of the current state. */
  readonly state: SandboxState;
  /** Copies of every callback delivery so far, with their attempts. */
  readonly pushes: CallbackDelivery[];
  /** Resolves once no callback delivery is pending (delivered, or given up after 5 retries). */
  waitForPushes(): Promise<void>;
  readonly faults: SandboxFaults;
  /** Forgets carts, orders, refunds and addresses (and the nonces seen). */
  resetState(): void;
  close(): Promise<void>;
}

interface ServedOperation {
  operation: Operation;
  validate: RequestValidator;
  flow: Flow | undefined;
  /** JSON of the example (or synthesized) `data`, serialised once. */
  defaultDataJson: string;
}

const DEFAULT_DEVELOP_ID = '1000000000000000001';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settings = checkOptions(options);
  const credentials = createCredentialStore(options.credentials, options.env ?? process.env);
  const docs = loadSpecs(options.specs, options.specsDir);
  const validator = new SpecValidator(docs);
  const served: ServedOperation[] = [];
  for (const [spec, doc] of docs) {
    for (const operation of listOperations(spec, doc)) {
      const flow = settings.stateful ? FLOWS[`${operation.method} ${operation.path}`] : undefined;
      served.push({
        operation,
        validate: validator.request(operation),
        flow,
        defaultDataJson: JSON.stringify(defaultResponseData(doc, operation)),
      });
    }
  }
  const byOperation = new Map(served.map((entry) => [entry.operation, entry]));
  const operations: SandboxOperation[] = served.map(({ operation, flow }) => ({
    spec: operation.spec,
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    stateful: flow !== undefined,
  }));
  const router = new Router(served.map((entry) => entry.operation));
  const store = new StateStore(options.stateFile);
  const nonces = new NonceCache(TIMESTAMP_WINDOW_MS, settings.maxNonces);
  const faults = new FaultInjector(options.random);
  for (const rule of options.faults ?? []) faults.add(rule);
  const now = options.now ?? Date.now;
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
  const developId = settings.developId;
  const developIdJson = JSON.stringify(developId);
  const log = options.log;

  const answer = (
    response: ServerResponse,
    status: number,
    code: number,
    msg: string,
    clockMs: number,
  ): void => {
    sendJson(response, status, JSON.stringify(failureEnvelope(developId, code, msg)), clockMs);
  };

  const handleApi = async (
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams,
  ): Promise<number | 'dropped'> => {
    const fault = faults.evaluate(method, path);
    const baseNow = now();
    const clockMs = baseNow + fault.clockSkewMs;
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.drop) {
      request.socket.destroy();
      return 'dropped';
    }
    if (fault.status !== undefined) {
      answer(
        response,
        fault.status,
        SANDBOX_CODES.INJECTED_FAULT,
        `injected fault: HTTP ${fault.status}`,
        clockMs,
      );
      return SANDBOX_CODES.INJECTED_FAULT;
    }
    const bodyText = await readBody(request);
    const match = router.match(method, path);
    if (!match) {
      const methods = router.methodsFor(path);
      const msg =
        methods.length > 0
          ? `${method} is not an operation of ${path} (the specs declare ${methods.join(', ')})`
          : `no operation ${method} ${path} in the specs`;
      answer(response, 404, SANDBOX_CODES.UNKNOWN_OPERATION, msg, clockMs);
      return SANDBOX_CODES.UNKNOWN_OPERATION;
    }
    const entry = byOperation.get(match.operation) as ServedOperation;
    const verdict = verifyRequest(
      {
        headers: request.headers,
        query,
        queryAuth: match.operation.queryAuth,
        nowMs: clockMs,
        baseNowMs: baseNow,
      },
      credentials,
      nonces,
    );
    if (!verdict.ok) {
      answer(response, 200, verdict.code, verdict.msg, clockMs);
      return verdict.code;
    }
    let body: unknown;
    try {
      body = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
    } catch {
      const msg = 'request validation failed: body is not valid JSON';
      answer(response, 200, SANDBOX_CODES.VALIDATION_FAILED, msg, clockMs);
      return SANDBOX_CODES.VALIDATION_FAILED;
    }
    const problem = entry.validate({
      query: Object.fromEntries(query),
      pathParams: match.pathParams,
      headers: request.headers,
      body,
    });
    if (problem) {
      answer(
        response,
        200,
        SANDBOX_CODES.VALIDATION_FAILED,
        `request validation failed: ${problem}`,
        clockMs,
      );
      return SANDBOX_CODES.VALIDATION_FAILED;
    }
    if (entry.flow) {
      const result = entry.flow({
        // Flows read ids, and 1688 order ids do not survive JSON.parse: parse again, exactly.
        body: body === undefined ? undefined : parseJsonKeepingBigIntegers(bodyText),
        query,
        pathParams: match.pathParams,
        userId: verdict.userId,
        accessKey: verdict.accessKey,
        baseUrl: `http://${request.headers.host ?? `${settings.host}:${port}`}`,
        store,
        now,
        notify,
      });
      if ('code' in result) {
        answer(response, 200, result.code, result.msg, clockMs);
        return result.code;
      }
      sendJson(
        response,
        200,
        successJson(developIdJson, JSON.stringify(result.data ?? null)),
        clockMs,
      );
      return SANDBOX_CODES.OK;
    }
    sendJson(response, 200, successJson(developIdJson, entry.defaultDataJson), clockMs);
    return SANDBOX_CODES.OK;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const rawUrl = request.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));
    let code: number | 'dropped';
    try {
      if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
        const body = await readBody(request);
        const result = handleAdmin(
          { method, path, query, body },
          {
            store,
            faults,
            callbacks,
            operations,
            now,
            notify,
          },
        );
        if (result.code === SANDBOX_CODES.OK) {
          sendJson(
            response,
            result.status,
            successJson(developIdJson, JSON.stringify(result.data ?? null)),
            now(),
          );
        } else {
          answer(response, result.status, result.code, result.msg ?? '', now());
        }
        code = result.code;
      } else {
        code = await handleApi(request, response, method, path, query);
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        answer(
          response,
          413,
          SANDBOX_CODES.VALIDATION_FAILED,
          `request validation failed: ${error.message}`,
          now(),
        );
        response.once('finish', () => request.socket.destroy());
        code = SANDBOX_CODES.VALIDATION_FAILED;
      } else if (request.destroyed || response.destroyed) {
        // The caller hung up mid-request: nobody to answer.
        log?.(`${method} ${path} -> aborted by the client`);
        return;
      } else {
        // A sandbox bug, not the caller's: say so plainly, without internals.
        answer(
          response,
          500,
          SANDBOX_CODES.INTERNAL_ERROR,
          `sandbox internal error: ${(error as Error).message}`,
          now(),
        );
        code = SANDBOX_CODES.INTERNAL_ERROR;
      }
    }
    log?.(`${method} ${path} -> ${code} (${(performance.now() - started).toFixed(1)} ms)`);
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

function successJson(developIdJson: string, dataJson: string): string {
  return `{"requestId":"${newRequestId()}","code":200,"developId":${developIdJson},"msg":"成功","data":${dataJson}}`;
}

interface Settings {
  port: number;
  host: string;
  developId: string;
  stateful: boolean;
  callbackRetryIntervalMs: number;
  callbackTimeoutMs: number;
  maxNonces: number;
}

/** Rejects bad options up front, with a TypeError naming the option. */
function checkOptions(options: SandboxOptions): Settings {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('options must be an object');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError('port must be an integer from 0 to 65535');
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '')
    throw new TypeError('host must be a non-empty string');
  const developId = options.developId ?? DEFAULT_DEVELOP_ID;
  if (typeof developId !== 'string') throw new TypeError('developId must be a string');
  if (options.stateful !== undefined && typeof options.stateful !== 'boolean') {
    throw new TypeError('stateful must be a boolean');
  }
  if (
    options.stateFile !== undefined &&
    (typeof options.stateFile !== 'string' || options.stateFile === '')
  ) {
    throw new TypeError('stateFile must be a non-empty path');
  }
  if (options.callbackUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(options.callbackUrl);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new TypeError('callbackUrl must be an absolute http(s) URL');
    }
  }
  const positive = (name: keyof SandboxOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`${name} must be a positive number`);
    }
    return value;
  };
  for (const name of ['random', 'now', 'log'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new TypeError(`${name} must be a function`);
    }
  }
  if (options.faults !== undefined) {
    if (!Array.isArray(options.faults))
      throw new TypeError('faults must be an array of fault rules');
    for (const rule of options.faults) checkRule(rule);
  }
  return {
    port,
    host,
    developId,
    stateful: options.stateful ?? true,
    callbackRetryIntervalMs: positive(
      'callbackRetryIntervalMs',
      DEFAULT_CALLBACK_RETRY_INTERVAL_MS,
    ),
    callbackTimeoutMs: positive('callbackTimeoutMs', DEFAULT_CALLBACK_TIMEOUT_MS),
    maxNonces: Math.floor(positive('maxNonces', 100_000)),
  };
}
