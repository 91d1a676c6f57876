import {
  createPlatformClient,
  type PlatformClientOptions,
  type PlatformMeta,
} from '../../src/index.js';
import type { paths } from '../fixtures/generated/fixture-paths.js';

export const ACCESS_KEY = '58c0201dfdf148eca63cbf6bb5e7cf03';
export const ACCESS_SECRET = 'tEsT-sEcReT-never-to-be-seen-9f2c';
export const USER_ID = 'user-42';

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
