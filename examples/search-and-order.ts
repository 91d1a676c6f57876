/**
 * 1688: search by keyword, walk a few pages, preview an order, create it, get its pay URL and
 * cancel it. Credentials and base URL come from the PANDAPON_* environment variables.
 */
import { createPandaPon, PandaPonApiError } from '@pandapon/sdk';

const pandapon = createPandaPon({});
const { alibaba } = pandapon;

const page = await alibaba.searchProductsByKeywordV2({ keyword: 'phone case', pageSize: 5 });
console.log(`search: ${page.totalRecords ?? 0} results; first page has ${page.data?.length ?? 0}`);

let walked = 0;
for await (const offer of alibaba.searchProductsByKeywordV2.paginate(
  { keyword: 'phone case' },
  { pageSize: 10, maxPages: 2 },
)) {
  walked++;
  if (walked === 1) console.log(`first offer: ${offer.subject ?? '(no title)'}`);
}
console.log(`paginate: ${walked} offers over at most 2 pages`);

const offerId = String(page.data?.[0]?.offerId ?? '624985472342');
const addressParam = {
  fullName: 'Li Lei',
  mobile: '13800000000',
  postCode: '310000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '余杭区',
  address: '文一西路 969 号',
};
const cargoParamList = [{ offerMapId: offerId, specId: 'spec-1', quantity: 2 }];

const preview = await alibaba.previewOrderV2({ addressParam, cargoParamList });
console.log(`preview: ${JSON.stringify(preview).length} bytes of preview`);

const created = await alibaba.createOrderV2({ addressParam, cargoParamList });
// The create answer is not documented field by field: read the id defensively.
const orderId = String((created as { orderId?: unknown } | null)?.orderId ?? '');
console.log(`created order ${orderId}`);

const pay = await alibaba.getPayUrlV2({ orderId }).withResponse();
console.log(`pay URL answer (requestId ${pay.requestId ?? 'none'})`);

try {
  await alibaba.cancelOrderV2({ webSite: '1688', orderId, cancelReason: 'buyerCancel' });
  console.log(`cancelled order ${orderId}`);
} catch (error) {
  if (error instanceof PandaPonApiError) console.log(`cancel refused: ${error.code} ${error.msg}`);
  else throw error;
}
