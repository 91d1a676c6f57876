/**
 * Type-level tests: checked by `tsc` (the typecheck script) and by vitest's typecheck mode.
 * Every `@ts-expect-error` below must stay an error, or the build fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createPlatformClient,
  type OperationMeta,
  type PandaPonEnvelope,
  type PlatformClient,
  type PlatformClientOptions,
  unwrap,
} from '../src/index.js';
import type { components, paths } from './fixtures/generated/fixture-paths.js';
import { meta } from './helpers/client.js';

type Product = components['schemas']['Product'];
type Order = components['schemas']['Order'];
type Refund = components['schemas']['Refund'];

declare const options: PlatformClientOptions;
const client = createPlatformClient<paths>(options, meta);

describe('PlatformClient types', () => {
  it('is what a platform package exports', () => {
    expectTypeOf(client).toEqualTypeOf<PlatformClient<paths>>();
    const createFixtureClient = (o: PlatformClientOptions): PlatformClient<paths> =>
      createPlatformClient<paths>(o, { platform: 'fixture', operations: {} });
    expectTypeOf(createFixtureClient).returns.toHaveProperty('GET');
    // The generated table is `as const satisfies Record<string, OperationMeta>`.
    const table = {
      'POST /x': {
        operationId: 'x',
        safeToRetry: false,
        pagination: { in: 'body', page: 'p', size: 's', items: 'list' },
      },
    } as const satisfies Record<string, OperationMeta>;
    createPlatformClient<paths>(options, { platform: 'p', operations: table });
  });

  it('types paths, params and bodies like openapi-fetch', () => {
    client.GET('/open/product/get', { params: { query: { itemId: '1' } } });
    // @ts-expect-error unknown path
    client.GET('/open/product/nope', { params: { query: { itemId: '1' } } });
    // @ts-expect-error the path has no POST
    client.POST('/open/product/get', {});
    // @ts-expect-error required query parameter missing
    client.GET('/open/product/get', { params: { query: {} } });
    // @ts-expect-error init is required when the operation has required params
    client.GET('/open/product/get');
    // @ts-expect-error wrong query parameter type
    client.GET('/open/product/get', { params: { query: { itemId: 1 } } });

    client.POST('/open/order', { body: { itemId: '1', quantity: 2 } });
    // @ts-expect-error body missing
    client.POST('/open/order', {});
    // @ts-expect-error quantity must be a number
    client.POST('/open/order', { body: { itemId: '1', quantity: '2' } });
    // @ts-expect-error required body field missing
    client.POST('/open/order', { body: { itemId: '1' } });

    client.GET('/open/refund/cancel/{refundId}', { params: { path: { refundId: 'r' } } });
    // @ts-expect-error path parameter missing
    client.GET('/open/refund/cancel/{refundId}', { params: {} });
  });

  it('accepts the per-call options, typed', () => {
    client.POST('/open/order', { body: { itemId: '1', quantity: 1 }, retry: true });
    client.POST('/open/order', { body: { itemId: '1', quantity: 1 }, retry: { maxRetries: 1 } });
    client.POST('/open/order', { body: { itemId: '1', quantity: 1 }, timeoutMs: 5_000 });
    client.POST('/open/order', {
      body: { itemId: '1', quantity: 1 },
      signal: AbortSignal.timeout(1),
    });
    // @ts-expect-error retry is boolean or { maxRetries }
    client.POST('/open/order', { body: { itemId: '1', quantity: 1 }, retry: 'yes' });
    // @ts-expect-error timeoutMs is a number
    client.POST('/open/order', { body: { itemId: '1', quantity: 1 }, timeoutMs: '5s' });
  });

  it('types results, and unwrap returns the envelope data', async () => {
    const result = await client.GET('/open/product/get', { params: { query: { itemId: '1' } } });
    if (result.data) expectTypeOf(result.data.code).toEqualTypeOf<number>();
    expectTypeOf(result.response).toEqualTypeOf<Response>();

    const product = await client.unwrap(
      client.GET('/open/product/get', { params: { query: { itemId: '1' } } }),
    );
    expectTypeOf(product).toEqualTypeOf<Product>();
    const standalone = await unwrap(result);
    expectTypeOf(standalone).toEqualTypeOf<Product>();

    const order = await client.unwrap(
      client.POST('/open/order', { body: { itemId: '1', quantity: 1 } }),
    );
    expectTypeOf(order).toEqualTypeOf<{ orderId: string }>();
    // @ts-expect-error not a field of the data
    order.total;
  });

  it('types paginate items from the data shape', () => {
    expectTypeOf(client.paginate('POST', '/open/order/page')).toEqualTypeOf<
      AsyncGenerator<Order, void, undefined>
    >();
    // Nested one level (data.page.records), query paging, lower-case method.
    expectTypeOf(
      client.paginate('get', '/open/refund/list', { params: { query: { status: 'x' } } }),
    ).toEqualTypeOf<AsyncGenerator<Refund, void, undefined>>();
    // Page fields are optional in paginate's init: it fills them in.
    client.paginate('POST', '/open/order/page', { body: { status: 'paid' } }, { pageSize: 5 });
    // @ts-expect-error unknown body field
    client.paginate('POST', '/open/order/page', { body: { nope: 1 } });
    // @ts-expect-error the path has no GET
    client.paginate('GET', '/open/order/page');
  });

  it('types the escape hatch loosely', async () => {
    const envelope = await client.request('POST', '/anything/at/all', { body: { a: 1 } });
    expectTypeOf(envelope).toEqualTypeOf<PandaPonEnvelope<unknown>>();
    expectTypeOf(envelope.data).toEqualTypeOf<unknown>();
    // @ts-expect-error paths start with a slash
    client.request('GET', 'relative');
    // @ts-expect-error not an HTTP method
    client.request('FETCH', '/x');
  });

  it('exposes the clock offset read-only', () => {
    expectTypeOf(client.clockOffsetMs).toEqualTypeOf<number>();
    // @ts-expect-error read-only: use setClockOffset
    client.clockOffsetMs = 5;
  });
});
