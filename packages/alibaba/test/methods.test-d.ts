/**
 * Type-level tests of the generated methods (vitest typecheck and tsc): every
 * `@ts-expect-error` must stay an error. Misspelt keys are errors in params, nested params and
 * options; required fields and types are checked; ids take every form; only paged operations
 * have `paginate`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CancelOrderV2Data,
  type CancelOrderV2Params,
  createAlibabaClient,
  type Page,
  type SearchProductsByKeywordV2Data,
  type SearchProductsByKeywordV2Item,
  type WithResponse,
} from '../src/index.js';

const alibaba = createAlibabaClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });

describe('alibaba methods: params', () => {
  it('are one exact object: a misspelt key is an error', () => {
    alibaba.searchProductsByKeywordV2({ keyword: 'x' });
    // @ts-expect-error misspelt `keyword`
    alibaba.searchProductsByKeywordV2({ keywrod: 'x' });
    alibaba.cancelOrderV2({ webSite: '1688', orderId: 1, cancelReason: 'buyerCancel' });
    // @ts-expect-error misspelt `cancelReason`
    alibaba.cancelOrderV2({ webSite: '1688', orderId: 1, cancelReson: 'buyerCancel' });
  });

  it('are exact in nested objects too', () => {
    alibaba.previewOrderV2({ addressParam: { mobile: '138' } });
    // @ts-expect-error misspelt nested `mobile`
    alibaba.previewOrderV2({ addressParam: { mobil: '138' } });
    // @ts-expect-error misspelt key inside an array item
    alibaba.previewOrderV2({ cargoParamList: [{ quantiy: 1 }] });
  });

  it('check required fields and types', () => {
    // @ts-expect-error orderId is required
    alibaba.cancelOrderV2({ webSite: '1688' });
    // @ts-expect-error params are required when a field is
    alibaba.cancelOrderV2();
    // @ts-expect-error webSite is a string
    alibaba.cancelOrderV2({ webSite: 1688, orderId: 1 });
    // @ts-expect-error pageSize is a number
    alibaba.searchProductsByKeywordV2({ pageSize: '20' });
  });

  it('take an integer id as a number, a bigint or a digit string', () => {
    alibaba.cancelOrderV2({ webSite: '1688', orderId: 1 });
    alibaba.cancelOrderV2({ webSite: '1688', orderId: 2019601741959504495n });
    alibaba.cancelOrderV2({ webSite: '1688', orderId: '2019601741959504495' });
    // @ts-expect-error an id is not an object
    alibaba.cancelOrderV2({ webSite: '1688', orderId: { id: 1 } });
  });

  it('are the named params type', () => {
    expectTypeOf(alibaba.cancelOrderV2).parameter(0).toEqualTypeOf<CancelOrderV2Params>();
  });
});

describe('alibaba methods: options', () => {
  it('are exact: other SDKs option names are errors', () => {
    const params = { webSite: '1688', orderId: 1 } as const;
    alibaba.cancelOrderV2(params, { timeoutMs: 50, retry: false, headers: { 'x-a': '1' } });
    alibaba.cancelOrderV2(params, { signal: new AbortController().signal });
    // @ts-expect-error `timeout` is `timeoutMs` here
    alibaba.cancelOrderV2(params, { timeout: 50 });
    // @ts-expect-error `maxRetries` is `retry: { maxRetries }` here
    alibaba.cancelOrderV2(params, { maxRetries: 0 });
    // @ts-expect-error retry is boolean or { maxRetries }
    alibaba.cancelOrderV2(params, { retry: 'always' });
  });
});

describe('alibaba methods: results', () => {
  it('resolve to the named data type; withResponse adds the response', async () => {
    const params = { webSite: '1688', orderId: 1 };
    expectTypeOf(await alibaba.cancelOrderV2(params)).toEqualTypeOf<CancelOrderV2Data>();
    expectTypeOf(await alibaba.cancelOrderV2(params).withResponse()).toEqualTypeOf<
      WithResponse<CancelOrderV2Data>
    >();
    const raw = await alibaba.cancelOrderV2(params).withResponse();
    expectTypeOf(raw.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(raw.response).toEqualTypeOf<Response>();
  });
});

describe('alibaba methods: pagination', () => {
  it('exists on paged operations, typed by their item and page', async () => {
    const paginator = alibaba.searchProductsByKeywordV2.paginate({ keyword: 'x' }, { maxPages: 2 });
    for await (const item of paginator) {
      expectTypeOf(item).toEqualTypeOf<SearchProductsByKeywordV2Item>();
    }
    for await (const page of paginator.pages()) {
      expectTypeOf(page).toEqualTypeOf<
        Page<SearchProductsByKeywordV2Data, SearchProductsByKeywordV2Item>
      >();
      expectTypeOf(page.total).toEqualTypeOf<number | undefined>();
    }
    // @ts-expect-error the page number is set per page
    alibaba.searchProductsByKeywordV2.paginate({ beginPage: 2 });
    // @ts-expect-error paginate options are exact too
    alibaba.searchProductsByKeywordV2.paginate({}, { maxPage: 2 });
  });

  it('is absent on operations that do not page', () => {
    // @ts-expect-error cancelOrderV2 does not page
    alibaba.cancelOrderV2.paginate;
  });
});
