/**
 * Type-level tests: checked by `tsc` (the typecheck script) and by vitest's typecheck mode.
 * Every `@ts-expect-error` below must stay an error, or the build fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createLogisticsClient,
  type LogisticsClient,
  type LogisticsMethods,
  type PandaPonEnvelope,
  type PlatformClient,
  type paths,
  type webhooks,
} from '../src/index.js';

const logistics = createLogisticsClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });
const receiverAddress = { country: 'US' };
const item = {
  itemId: '1',
  skuId: '2',
  quantity: 1,
  freightInfo: { serviceId: '1' },
  currency: 'CNY',
  price: '9.90',
};

describe('LogisticsClient types', () => {
  it('is a platform client over the warehouse-logistics paths', () => {
    expectTypeOf(logistics).toEqualTypeOf<LogisticsClient>();
    expectTypeOf<LogisticsClient>().toEqualTypeOf<PlatformClient<paths> & LogisticsMethods>();
  });

  it('rejects unknown paths and methods', () => {
    // @ts-expect-error not a logistics path
    logistics.POST('/open/pp/logistics/nope', { body: {} });
    // @ts-expect-error the preview is POST
    logistics.GET('/open/pp/logistics/orderRenderFreight');
  });

  it('keeps the signing query pair out of the caller’s hands', () => {
    logistics.POST('/open/pp/logistics/orderRenderFreight', { body: { renderItems: [item] } });
    logistics.POST('/open/pp/logistics/orderRenderFreight', {
      body: {},
      // @ts-expect-error timestamp and sign are added by the client, not typed as parameters
      params: { query: { timestamp: '1', sign: 'x' } },
    });
  });

  it('checks request bodies', () => {
    const body = {
      itemId: '1',
      skuId: '2',
      receiverAddress,
      quantity: 1,
      currency: 'CNY',
      price: '9.9',
    };
    logistics.POST('/v2/open/pp/logistics/itemLogisticsPrice', { body });
    const { receiverAddress: _, ...withoutAddress } = body;
    // @ts-expect-error receiverAddress is required
    logistics.POST('/v2/open/pp/logistics/itemLogisticsPrice', { body: withoutAddress });
    // @ts-expect-error price is a decimal string
    logistics.POST('/v2/open/pp/logistics/itemLogisticsPrice', { body: { ...body, price: 9.9 } });
    const noFreightInfo = [{ itemId: '1', skuId: '2', quantity: 1, currency: 'CNY', price: '1' }];
    const render = '/v2/open/pp/logistics/orderRenderFreight';
    // @ts-expect-error a render item needs its freightInfo
    logistics.POST(render, { body: { renderItems: noFreightInfo } });
  });

  it('unwrap returns the (undocumented) data type', async () => {
    const preview = await logistics.unwrap(
      logistics.POST('/v2/open/pp/logistics/orderRenderFreight', { body: {} }),
    );
    expectTypeOf(preview).toEqualTypeOf<unknown>();
    const envelope = await logistics.request('POST', '/open/pp/logistics/orderRenderFreight');
    expectTypeOf(envelope).toEqualTypeOf<PandaPonEnvelope<unknown>>();
  });

  it('has no callbacks', () => {
    expectTypeOf<webhooks>().toEqualTypeOf<Record<string, never>>();
  });
});
