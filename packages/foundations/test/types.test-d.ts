/**
 * Type-level tests: checked by `tsc` (the typecheck script) and by vitest's typecheck mode.
 * Every `@ts-expect-error` below must stay an error, or the build fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type components,
  createFoundationsClient,
  type FoundationsClient,
  type FoundationsMethods,
  type PlatformClient,
  type paths,
  type webhooks,
} from '../src/index.js';

const foundations = createFoundationsClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });

describe('FoundationsClient types', () => {
  it('is a platform client over the foundations paths', () => {
    expectTypeOf(foundations).toEqualTypeOf<FoundationsClient>();
    expectTypeOf<FoundationsClient>().toEqualTypeOf<PlatformClient<paths> & FoundationsMethods>();
  });

  it('rejects unknown paths and methods', () => {
    foundations.POST('/open/address/addOrUpdate', { body: { name: 'a' } });
    // @ts-expect-error there is no address list call
    foundations.GET('/open/address/list');
    // @ts-expect-error the upsert is POST
    foundations.GET('/v2/open/address/addOrUpdate');
    // @ts-expect-error a 1688 path
    foundations.POST('/alibaba/order/create', { body: {} });
  });

  it('checks request bodies', () => {
    foundations.POST('/v2/open/address/addOrUpdate', { body: { id: 3, city: 'x' } });
    // @ts-expect-error the body is required
    foundations.POST('/v2/open/address/addOrUpdate', {});
    // @ts-expect-error phone is a string
    foundations.POST('/v2/open/address/addOrUpdate', { body: { phone: 13800000000 } });
    // An integer id takes the three forms (sent as a JSON number); other types do not.
    foundations.POST('/open/address/addOrUpdate', { body: { id: '3' } });
    // @ts-expect-error id is an integer id, not a boolean
    foundations.POST('/open/address/addOrUpdate', { body: { id: true } });
    // @ts-expect-error no query parameters on this operation
    foundations.POST('/open/address/addOrUpdate', { body: {}, params: { query: { id: 3 } } });
  });

  it('unwrap returns the data type of the operation (undocumented: unknown)', async () => {
    const saved = await foundations.unwrap(
      foundations.POST('/open/address/addOrUpdate', { body: { name: 'a' } }),
    );
    expectTypeOf(saved).toEqualTypeOf<unknown>();
    expectTypeOf<components['schemas']['AddressAddOrUpdateRequest']['id']>().toEqualTypeOf<
      string | number | bigint | undefined
    >();
  });

  it('has no callbacks', () => {
    expectTypeOf<webhooks>().toEqualTypeOf<Record<string, never>>();
  });
});
