/**
 * Type-level tests: checked by `tsc` (the typecheck script) and by vitest's typecheck mode.
 * Every `@ts-expect-error` below must stay an error, or the build fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type components,
  createTaobaoClient,
  type PandaPonEnvelope,
  type PlatformClient,
  type paths,
  type TaobaoClient,
  type TaobaoMethods,
  unwrap,
  type webhooks,
} from '../src/index.js';

type Schemas = components['schemas'];

const taobao = createTaobaoClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });

describe('TaobaoClient types', () => {
  it('is a platform client over the Taobao paths', () => {
    expectTypeOf(taobao).toEqualTypeOf<TaobaoClient>();
    expectTypeOf<TaobaoClient>().toEqualTypeOf<PlatformClient<paths> & TaobaoMethods>();
  });

  it('rejects unknown paths and methods a path does not have', () => {
    taobao.GET('/open/product/get', { params: { query: { itemId: '1' } } });
    // @ts-expect-error not a Taobao path
    taobao.GET('/open/product/nope', { params: { query: { itemId: '1' } } });
    // @ts-expect-error a 1688 path, not a Taobao one
    taobao.POST('/alibaba/order/create', { body: {} });
    // @ts-expect-error the path has GET only
    taobao.POST('/v2/taobao/product/get', { body: {} });
    // @ts-expect-error the path has POST only
    taobao.GET('/open/order/refund/query/message');
  });

  it('checks query parameters', () => {
    taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } });
    // @ts-expect-error itemId is required on v2
    taobao.GET('/v2/taobao/product/get', { params: { query: {} } });
    // @ts-expect-error init is required when a parameter is
    taobao.GET('/v2/taobao/product/get');
    // @ts-expect-error itemId is a string
    taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 1 } } });
    // @ts-expect-error a query parameter the spec does not declare (exact init, not inferred)
    taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x', itemid: 'y' } } });
    taobao.GET('/open/order/refund/cancel/{refundId}', { params: { path: { refundId: 'r' } } });
    // @ts-expect-error path parameter missing
    taobao.GET('/open/order/refund/cancel/{refundId}', { params: {} });
  });

  it('checks request bodies', () => {
    taobao.POST('/v2/taobao/order/refund/render', { body: { refundType: 1, goodsStatus: 1 } });
    // @ts-expect-error goodsStatus is required
    taobao.POST('/v2/taobao/order/refund/render', { body: { refundType: 1 } });
    // @ts-expect-error refundType is a number
    taobao.POST('/v2/taobao/order/refund/render', { body: { refundType: '1', goodsStatus: 1 } });
    // @ts-expect-error the body is required
    taobao.POST('/open/cart/add', {});
    // @ts-expect-error mpSkuId is required
    taobao.POST('/open/cart/add', { body: { mpId: '1' } });
    const order = { orderLineList: '[]', receiver: '{}', purchaseAmount: '1' };
    // @ts-expect-error purchaseAmount is an integer (fen), not a string
    taobao.POST('/open/order', { body: order });
  });

  it('rejects misspelt keys in the body, nested objects and init', () => {
    // @ts-expect-error misspelt body key
    taobao.POST('/v2/taobao/order/refund/render', { body: { refundType: 1, goodStatus: 1 } });
    taobao.POST('/v2/taobao/cart/add', {
      body: { mpId: '1', mpSkuId: '2', priceRanges: [{ startQuantity: 1 }] },
    });
    taobao.POST('/v2/taobao/cart/add', {
      // @ts-expect-error misspelt key inside a nested array item
      body: { mpId: '1', mpSkuId: '2', priceRanges: [{ startQuantiy: 1 }] },
    });
    // @ts-expect-error other SDKs' option name: here it is `timeoutMs`
    taobao.GET('/open/product/get', { params: { query: {} }, timeout: 50 });
    // @ts-expect-error other SDKs' option name: here it is `retry: { maxRetries }`
    taobao.GET('/open/product/get', { params: { query: {} }, maxRetries: 0 });
  });

  it('types the per-call options', () => {
    taobao.POST('/open/cart/add', { body: { mpId: '1', mpSkuId: '2' }, retry: true });
    taobao.GET('/open/product/get', { params: { query: {} }, retry: false, timeoutMs: 5_000 });
    // @ts-expect-error retry is boolean or { maxRetries }
    taobao.POST('/open/cart/add', { body: { mpId: '1', mpSkuId: '2' }, retry: 'always' });
  });

  it('unwrap returns the data type of the operation', async () => {
    const product = await taobao.unwrap(
      taobao.GET('/open/product/get', { params: { query: { itemId: '1' } } }),
    );
    // The data type is `{...} & { [key: string]: unknown }`; unwrap hands back the same type in
    // flattened form, which toEqualTypeOf tells apart, hence assignability both ways.
    expectTypeOf(product).toExtend<Schemas['TaobaoGetProductData']>();
    expectTypeOf<Schemas['TaobaoGetProductData']>().toExtend<typeof product>();
    expectTypeOf(product.price).toEqualTypeOf<number | undefined>();

    const logistics = await taobao.unwrap(
      taobao.GET('/v2/taobao/order/logistics/detail/get', {
        params: { query: { subPurchaseOrderId: '1' } },
      }),
    );
    expectTypeOf(logistics).toEqualTypeOf<Schemas['TaobaoGetOrderLogisticsV2Data']>();

    const raw = await taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } });
    const standalone = await unwrap(raw);
    expectTypeOf(standalone).toExtend<Schemas['TaobaoGetProductV2Data']>();
    expectTypeOf<Schemas['TaobaoGetProductV2Data']>().toExtend<typeof standalone>();
    expectTypeOf(standalone.quantity).toEqualTypeOf<number | undefined>();
  });

  it('types paginate items from the page shape', () => {
    expectTypeOf(
      taobao.paginate('POST', '/open/order/refund/query/message', { body: { refundId: '1' } }),
    ).toEqualTypeOf<AsyncGenerator<Schemas['TaobaoRefundMessage'], void, undefined>>();
    // @ts-expect-error unknown body field
    taobao.paginate('POST', '/open/order/refund/query/message', { body: { nope: 1 } });
  });

  it('types the escape hatch loosely', async () => {
    const envelope = await taobao.request('POST', '/open/order/somethingNew', { body: {} });
    expectTypeOf(envelope).toEqualTypeOf<PandaPonEnvelope<unknown>>();
    // @ts-expect-error paths start with a slash
    taobao.request('GET', 'open/product/get');
  });

  it('exports the callback (webhook) types', () => {
    expectTypeOf<webhooks>().toHaveProperty('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
    type PriceModified = Schemas['TaobaoOrderPriceModifyCallback'];
    expectTypeOf<
      PriceModified['messageType']
    >().toEqualTypeOf<'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY'>();
    expectTypeOf<NonNullable<PriceModified['messageBody']>>().toHaveProperty('salesOrderId');
  });
});
