import type { CallbackDispatcher } from './callback-dispatcher.js';
import { SANDBOX_CODES } from './codes.js';
import { checkRule, type FaultInjector } from './faults.js';
import type { FlowContext } from './flows/index.js';
import { modifyOrderPrice, type OrderActionResult, orderView, payOrder } from './flows/orders.js';
import type { StateStore } from './state.js';
import type { SandboxOperation } from './types.js';

/** Path prefix of the sandbox's own endpoints, which PandaPon does not have. */
export const ADMIN_PREFIX = '/__sandbox';

export interface AdminDependencies {
  store: StateStore;
  faults: FaultInjector;
  callbacks: CallbackDispatcher;
  operations: readonly SandboxOperation[];
  now: () => number;
  notify: FlowContext['notify'];
}

export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Raw body text ('' when none). */
  body: string;
}

/** An admin answer: HTTP status, envelope code, message and data. */
export interface AdminAnswer {
  status: number;
  code: number;
  msg?: string;
  data?: unknown;
}

const ENDPOINTS = [
  'GET    /__sandbox                               this list',
  'GET    /__sandbox/operations                    the operations served (from the specs)',
  'GET    /__sandbox/state                         everything the sandbox remembers',
  'POST   /__sandbox/reset                         forget carts, orders, refunds, addresses',
  'GET    /__sandbox/addresses[?userId=]           saved addresses (PandaPon has no list call)',
  'GET    /__sandbox/pushes                        callback deliveries and their attempts',
  'GET    /__sandbox/faults                        active fault rules',
  'POST   /__sandbox/faults                        add a fault rule (or an array of rules)',
  'DELETE /__sandbox/faults[/<id>]                 remove one or all fault rules',
  'GET    /__sandbox/pay/<orderId>                 the pay page: marks the order paid',
  'POST   /__sandbox/orders/<orderId>/modify-price body { "totalAmount": yuan }: seller changes the price',
];

const ok = (data: unknown): AdminAnswer => ({ status: 200, code: SANDBOX_CODES.OK, data });
const badRequest = (msg: string): AdminAnswer => ({
  status: 400,
  code: SANDBOX_CODES.VALIDATION_FAILED,
  msg: `request validation failed: ${msg}`,
});

/** Routes `/__sandbox/...`; no signature is required (the sandbox binds to loopback by default). */
export function handleAdmin(request: AdminRequest, deps: AdminDependencies): AdminAnswer {
  const { method, path } = request;
  const segments = decodeSegments(path.slice(ADMIN_PREFIX.length));
  if (segments === undefined) return badRequest(`${path} is not valid percent-encoding`);
  const [first, second, third] = segments;
  const route = `${method} ${first ?? ''}`;

  if (route === 'GET ' && segments.length === 0) return ok({ endpoints: ENDPOINTS });
  if (route === 'GET operations') return ok(deps.operations);
  if (route === 'GET state') return ok(deps.store.snapshot());
  if (route === 'POST reset') {
    deps.store.reset();
    return ok(true);
  }
  if (route === 'GET addresses') {
    const userId = request.query.get('userId');
    return ok(
      deps.store
        .snapshot()
        .addresses.filter((address) => userId === null || address.userId === userId),
    );
  }
  if (route === 'GET pushes') return ok(deps.callbacks.deliveries);
  if (first === 'faults') return handleFaults(method, second, request.body, deps);
  if (
    first === 'pay' &&
    second &&
    segments.length === 2 &&
    (method === 'GET' || method === 'POST')
  ) {
    return orderAnswer(payOrder(deps.store, second, deps.now, deps.notify));
  }
  if (
    method === 'POST' &&
    first === 'orders' &&
    second &&
    third === 'modify-price' &&
    segments.length === 3
  ) {
    const parsed = parseBody(request.body);
    if ('error' in parsed) return badRequest(parsed.error);
    const totalAmount = (parsed.value as { totalAmount?: unknown } | null)?.totalAmount;
    if (typeof totalAmount !== 'number' || !Number.isFinite(totalAmount) || totalAmount <= 0) {
      return badRequest('body.totalAmount must be a positive number of yuan');
    }
    return orderAnswer(
      modifyOrderPrice(deps.store, second, Math.round(totalAmount * 100), deps.now, deps.notify),
    );
  }
  return {
    status: 404,
    code: SANDBOX_CODES.UNKNOWN_OPERATION,
    msg: `no sandbox endpoint ${method} ${path}; GET ${ADMIN_PREFIX} lists them`,
  };
}

function handleFaults(
  method: string,
  id: string | undefined,
  body: string,
  deps: AdminDependencies,
): AdminAnswer {
  if (method === 'GET' && id === undefined) return ok(deps.faults.list());
  if (method === 'DELETE' && id === undefined) {
    deps.faults.clear();
    return ok(true);
  }
  if (method === 'DELETE' && id !== undefined) {
    return deps.faults.remove(Number(id))
      ? ok(true)
      : { status: 404, code: SANDBOX_CODES.NOT_FOUND, msg: `no fault rule ${id}` };
  }
  if (method === 'POST' && id === undefined) {
    const parsed = parseBody(body);
    if ('error' in parsed) return badRequest(parsed.error);
    const inputs = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    try {
      // All rules are checked before any is added, so a bad batch changes nothing.
      const rules = inputs.map((input) => checkRule(input));
      return ok(rules.map((rule) => deps.faults.add(rule)));
    } catch (error) {
      return badRequest((error as Error).message);
    }
  }
  return {
    status: 404,
    code: SANDBOX_CODES.UNKNOWN_OPERATION,
    msg: `no sandbox endpoint ${method} faults`,
  };
}

function orderAnswer(result: OrderActionResult): AdminAnswer {
  if ('order' in result) return ok(orderView(result.order));
  const status = result.code === SANDBOX_CODES.NOT_FOUND ? 404 : 409;
  return { status, code: result.code, msg: result.msg };
}

/** The path's segments, percent-decoded; undefined when the encoding is malformed. */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function parseBody(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'a JSON body is required' };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: 'the body is not valid JSON' };
  }
}
