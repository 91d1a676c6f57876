import { sign } from '@pandapon/signing';
import {
  createPlatformClient,
  type PlatformClientOptions,
  type PlatformMeta,
} from '../../src/index.js';
import type { paths } from '../fixtures/generated/fixture-paths.js';

export const ACCESS_KEY = '58c0201dfdf148eca63cbf6bb5e7cf03';
export const ACCESS_SECRET = 'tEsT-sEcReT-never-to-be-seen-9f2c';
export const USER_ID = 'user-42';

/** A fetch that records what it was given and answers with `body` (JSON) and `status`. */
export function recordingFetch(body: unknown = { code: 200, data: null }, status = 200) {
  const calls: { request: Request; init: RequestInit | undefined }[] = [];
  const fetch = async (request: Request, init?: RequestInit) => {
    calls.push({ request, init });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { calls, fetch };
}

/** The signature a request signed with this fixture's secret must carry (signing's own rule). */
export function expectedSignature(request: Request): string {
  return sign({
    accessKey: request.headers.get('access-key') ?? '',
    timestamp: request.headers.get('timestamp') ?? '',
    nonceStr: request.headers.get('nonce-str') ?? '',
    accessSecret: ACCESS_SECRET,
  });
}

/** The fixture's operation table, shaped like a platform package's generated one. */
export const operations = {
  'GET /open/product/get': { operationId: 'getProduct', safeToRetry: true },
  'POST /open/order': { operationId: 'createOrder', safeToRetry: false },
  'POST /open/order/page': {
    operationId: 'listOrders',
    safeToRetry: true,
    pagination: { in: 'body', page: 'pageNum', size: 'pageSize', items: 'list', total: 'total' },
  },
  'GET /open/refund/list': {
    operationId: 'listRefunds',
    safeToRetry: true,
    pagination: { in: 'query', page: 'current', size: 'size', items: 'page.records' },
  },
  // A write behind GET: the table, not the method, decides.
  'GET /open/refund/cancel/{refundId}': { operationId: 'cancelRefund', safeToRetry: false },
  'POST /open/pp/logistics/orderRenderFreight': {
    operationId: 'previewFreight',
    safeToRetry: true,
    querySignature: true,
  },
} as const satisfies PlatformMeta['operations'];

export const meta: PlatformMeta = { platform: 'fixture', operations };

/** Waits nothing, records what it was asked to wait. */
export function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    delays.push(ms);
    signal?.throwIfAborted();
  };
  return { delays, sleep };
}

export function makeClient(baseUrl: string, overrides: Partial<PlatformClientOptions> = {}) {
  const { sleep, delays } = recordingSleep();
  const client = createPlatformClient<paths>(
    {
      accessKey: ACCESS_KEY,
      accessSecret: ACCESS_SECRET,
      userId: USER_ID,
      baseUrl,
      retry: { sleep },
      ...overrides,
    },
    meta,
  );
  return { client, delays };
}
