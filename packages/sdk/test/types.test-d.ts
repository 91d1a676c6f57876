/**
 * Type-level tests: checked by `tsc` (the typecheck script) and by vitest's typecheck mode.
 * Every `@ts-expect-error` below must stay an error, or the build fails.
 */
import type { AlibabaClient, components as AlibabaComponents } from '@pandapon/alibaba';
import type { FoundationsClient } from '@pandapon/foundations';
import type { LogisticsClient } from '@pandapon/logistics';
import type { TaobaoClient } from '@pandapon/taobao';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createPandaPon,
  type PandaPon,
  type PandaPonApiError,
  type PandaPonError,
  type PlatformClientOptions,
  unwrap,
} from '../src/index.js';

const pandapon = createPandaPon({ accessKey: 'k', accessSecret: 's', userId: 'u' });

describe('PandaPon types', () => {
  it('exposes the four typed platform clients, read-only', () => {
    expectTypeOf(pandapon).toEqualTypeOf<PandaPon>();
    expectTypeOf(pandapon.taobao).toEqualTypeOf<TaobaoClient>();
    expectTypeOf(pandapon.alibaba).toEqualTypeOf<AlibabaClient>();
    expectTypeOf(pandapon.foundations).toEqualTypeOf<FoundationsClient>();
    expectTypeOf(pandapon.logistics).toEqualTypeOf<LogisticsClient>();
    const another = createPandaPon({ accessKey: 'k', accessSecret: 's', userId: 'v' });
    // @ts-expect-error read-only
    pandapon.taobao = another.taobao;
  });

  it('takes the platform client options', () => {
    expectTypeOf(createPandaPon).parameter(0).toEqualTypeOf<PlatformClientOptions | undefined>();
    // Credentials may come from the environment instead (checked when the client is built).
    createPandaPon({ accessKey: 'k', accessSecret: 's' });
    // @ts-expect-error timeoutMs is a number
    createPandaPon({ accessKey: 'k', accessSecret: 's', userId: 'u', timeoutMs: '5s' });
    expectTypeOf(pandapon.setClockOffset).toEqualTypeOf<(ms: number) => void>();
  });

  it('each client keeps its own paths', () => {
    pandapon.taobao.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } });
    // @ts-expect-error a 1688 path on the Taobao client
    pandapon.taobao.POST('/alibaba/order/create', { body: {} });
    // @ts-expect-error a Taobao path on the 1688 client
    pandapon.alibaba.GET('/v2/taobao/product/get', { params: { query: { itemId: 'x' } } });
    // @ts-expect-error wrong body field type
    pandapon.foundations.POST('/open/address/addOrUpdate', { body: { phone: 1 } });
    // @ts-expect-error missing required query parameter
    pandapon.alibaba.GET('/v2/alibaba/order/pay/url', { params: { query: {} } });
  });

  it('unwrap returns the operation data; the errors are re-exported', async () => {
    const pay = await unwrap(
      pandapon.alibaba.GET('/v2/alibaba/order/pay/url', { params: { query: { orderId: '1' } } }),
    );
    // `{ orderId } & { [key: string]: unknown }` comes back flattened: assignable both ways.
    type PayUrl = AlibabaComponents['schemas']['AlibabaGetPayUrlV2Data'];
    expectTypeOf(pay).toExtend<PayUrl>();
    expectTypeOf<PayUrl>().toExtend<typeof pay>();
    expectTypeOf(pay.orderId).toEqualTypeOf<string | null | undefined>();
    expectTypeOf<PandaPonApiError>().toExtend<PandaPonError>();
    expectTypeOf<PandaPonApiError['code']>().not.toBeAny();
  });
});

describe('platform types re-exported as namespaces', () => {
  it('names each operation type under its platform', async () => {
    const { createPandaPon: create } = await import('../src/index.js');
    const sdk = create({ accessKey: 'k', accessSecret: 's', userId: 'u' });
    const params: import('../src/index.js').Alibaba.CancelOrderV2Params = {
      webSite: '1688',
      orderId: '2019601741959504495',
    };
    expectTypeOf(await sdk.alibaba.cancelOrderV2(params)).toEqualTypeOf<
      import('../src/index.js').Alibaba.CancelOrderV2Data
    >();
    expectTypeOf(await sdk.taobao.getProductV2({ itemId: 'x' })).toEqualTypeOf<
      import('../src/index.js').Taobao.GetProductV2Data
    >();
  });
});
