/**
 * Type-level tests: checked by `tsc` (the typecheck script) and by vitest's typecheck mode.
 * Every `@ts-expect-error` below must stay an error, or the build fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AlibabaClient,
  type AlibabaMethods,
  type components,
  createAlibabaClient,
  type PandaPonEnvelope,
  type PlatformClient,
  type paths,
  type webhooks,
} from '../src/index.js';

type Schemas = components['schemas'];

const alibaba = createAlibabaClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });
const addressParam = {
  fullName: 'a',
  mobile: '1',
  phone: '1',
  cityText: 'c',
  provinceText: 'p',
  townText: 't',
  address: 'x',
};
const cargoParamList = [{ offerId: 1, specId: 's', quantity: 1 }];

describe('AlibabaClient types', () => {
  it('is a platform client over the 1688 paths', () => {
    expectTypeOf(alibaba).toEqualTypeOf<AlibabaClient>();
    expectTypeOf<AlibabaClient>().toEqualTypeOf<PlatformClient<paths> & AlibabaMethods>();
  });

  it('rejects unknown paths and methods a path does not have', () => {
    // @ts-expect-error not a 1688 path
    alibaba.POST('/alibaba/order/nope', { body: {} });
    // @ts-expect-error a Taobao path
    alibaba.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } });
    // @ts-expect-error order create is POST
    alibaba.GET('/alibaba/order/create');
    // @ts-expect-error the pay URL is GET
    alibaba.POST('/v2/alibaba/order/pay/url', { body: {} });
  });

  it('checks query parameters', () => {
    alibaba.GET('/v2/alibaba/order/pay/url', { params: { query: { orderId: '1' } } });
    // @ts-expect-error orderId is required on v2
    alibaba.GET('/v2/alibaba/order/pay/url', { params: { query: {} } });
    // @ts-expect-error orderId is a string here
    alibaba.GET('/v2/alibaba/order/pay/url', { params: { query: { orderId: 1 } } });
    // v1 marks it optional
    alibaba.GET('/alibaba/order/pay/url', { params: { query: {} } });
  });

  it('checks request bodies', () => {
    alibaba.POST('/alibaba/order/create', {
      body: { flow: 'general', addressParam, cargoParamList },
    });
    // @ts-expect-error flow is required
    alibaba.POST('/alibaba/order/create', { body: { addressParam, cargoParamList } });
    const textQuantity = {
      flow: 'general',
      addressParam,
      cargoParamList: [{ offerId: 1, specId: 's', quantity: '1' }],
    };
    // @ts-expect-error quantity is a number
    alibaba.POST('/alibaba/order/create', { body: textQuantity });
    const emptyAddress = { flow: 'general', addressParam: {}, cargoParamList };
    // @ts-expect-error the address needs fullName, mobile, phone, ...
    alibaba.POST('/alibaba/order/create', { body: emptyAddress });
    // @ts-expect-error webSite and cancelReason are required
    alibaba.POST('/alibaba/order/cancel', { body: { orderId: 1 } });
  });

  it('takes 64-bit ids as number, bigint or digit string (one id type)', () => {
    alibaba.POST('/v2/alibaba/order/cancel', {
      body: { webSite: '1688', orderId: 2500000000000000001n },
    });
    alibaba.POST('/v2/alibaba/order/cancel', { body: { webSite: '1688', orderId: 42 } });
    // What create returns (a string) is passed back as it is; sent as a JSON number.
    alibaba.POST('/v2/alibaba/order/cancel', { body: { webSite: '1688', orderId: '42' } });
    // @ts-expect-error an id is not a boolean
    alibaba.POST('/v2/alibaba/order/cancel', { body: { webSite: '1688', orderId: true } });
    expectTypeOf<Schemas['AlibabaCancelOrderRequest']['orderId']>().toEqualTypeOf<
      string | number | bigint
    >();
  });

  it('unwrap returns the data type of the operation', async () => {
    const page = await alibaba.unwrap(
      alibaba.POST('/v2/alibaba/product/keywords/query', { body: { keyword: 'x' } }),
    );
    // openapi-fetch's result type rebuilds the nested `{...} & { [key: string]: unknown }`
    // item type in flattened form, which toEqualTypeOf tells apart: assignability both ways.
    type Page = Schemas['AlibabaBasePageVOAlibabaProductListInfoV2VO'];
    expectTypeOf(page).toExtend<Page>();
    expectTypeOf<Page>().toExtend<typeof page>();
    expectTypeOf(page.totalRecords).toEqualTypeOf<number | undefined>();

    const pay = await alibaba.unwrap(
      alibaba.GET('/alibaba/order/pay/url', { params: { query: { orderId: '1' } } }),
    );
    expectTypeOf(pay).toEqualTypeOf<Schemas['AlibabaGetPayUrlData']>();
    expectTypeOf(pay.payUrl).toEqualTypeOf<string | null | undefined>();

    const cancelled = await alibaba.unwrap(
      alibaba.POST('/v2/alibaba/order/cancel', { body: { webSite: '1688', orderId: 1 } }),
    );
    expectTypeOf(cancelled).toEqualTypeOf<boolean>();
  });

  it('types paginate items', () => {
    expectTypeOf(
      alibaba.paginate('POST', '/v2/alibaba/product/keywords/query', { body: { keyword: 'x' } }),
    ).toEqualTypeOf<AsyncGenerator<Schemas['AlibabaProductListInfoV2VO'], void, undefined>>();
    // @ts-expect-error keyword is a string
    alibaba.paginate('POST', '/v2/alibaba/product/keywords/query', { body: { keyword: 1 } });
  });

  it('types the escape hatch loosely', async () => {
    const envelope = await alibaba.request('GET', '/alibaba/anything', { query: { a: 1 } });
    expectTypeOf(envelope).toEqualTypeOf<PandaPonEnvelope<unknown>>();
    // @ts-expect-error not an HTTP method
    alibaba.request('FETCH', '/alibaba/anything');
  });

  it('exports the callback (webhook) types', () => {
    expectTypeOf<webhooks>().toHaveProperty('1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
    expectTypeOf<
      Schemas['AlibabaOrderPriceModifyMessage']['messageType']
    >().toEqualTypeOf<'1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY'>();
  });
});
