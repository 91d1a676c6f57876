/**
 * Taobao: look a product up, then place an order from typed order lines. `orderLineList` and
 * `receiver` travel as JSON inside strings; the method takes them structured (a misspelt key is
 * a compile error) and encodes them.
 */
import { createPandaPon, type Taobao } from '@pandapon/sdk';

const { taobao } = createPandaPon({});

const product = await taobao.getProductV2({ itemId: '652874751412' });
console.log(`product: ${JSON.stringify(product).slice(0, 60)}…`);

const order: Taobao.CreateOrderParams = {
  orderLineList: [
    {
      itemId: '652874751412',
      skuId: '4860968496626',
      orderLineNo: '1',
      quantity: '1',
      price: '39.90',
      currency: 'CNY',
    },
  ],
  receiver: {
    name: 'Li Lei',
    mobile_phone: '13800000000',
    country: '中国',
    state: '浙江省',
    city: '杭州市',
    district: '余杭区',
    address: '文一西路 969 号',
    zip: '310000',
  },
  purchaseAmount: 3990,
};
const { envelope, requestId } = await taobao.createOrder(order).withResponse();
console.log(`order placed: code ${envelope.code}, requestId ${requestId ?? 'none'}`);
