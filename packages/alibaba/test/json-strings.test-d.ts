/**
 * 1688 search `sort` (a JSON object in a string) and `filter` (a comma list of flags): the methods
 * take the structured value, exactly typed, or a ready string.
 */
import { describe, it } from 'vitest';
import { createAlibabaClient } from '../src/index.js';

const alibaba = createAlibabaClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });

describe('JSON-string fields of the 1688 search methods', () => {
  it('sort: a typed object or a ready string', () => {
    alibaba.searchProductsByKeywordV2({ keyword: 'phone case', sort: { price: 'desc' } });
    alibaba.searchProductsByKeyword({ keyword: 'phone case', sort: '{"price":"asc"}' });
    alibaba.searchSellerOffersV2({ sort: { price: 'asc' } });
    // @ts-expect-error only asc or desc
    alibaba.searchProductsByKeywordV2({ keyword: 'x', sort: { price: 'down' } });
    // @ts-expect-error misspelt key
    alibaba.searchProductsByKeywordV2({ keyword: 'x', sort: { prices: 'asc' } });
  });

  it('filter: the documented flags or a ready string', () => {
    alibaba.searchProductsByKeywordV2({ keyword: 'x', filter: ['shipInToday', 'ksCiphertext'] });
    alibaba.searchProductsByImageV2({ imageBase64: 'aGk=', filter: 'shipInToday' });
    // @ts-expect-error not a documented flag (a ready string is the way for undocumented ones)
    alibaba.searchProductsByKeywordV2({ keyword: 'x', filter: ['shipToday'] });
  });
});
