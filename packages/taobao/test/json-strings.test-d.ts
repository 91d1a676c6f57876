/**
 * Fields that carry a JSON document (or a comma list) inside a string (`x-pandapon-json-string`):
 * the methods and the path client take the structured value, exactly typed, or a ready string.
 */
import { describe, it } from 'vitest';
import { createTaobaoClient } from '../src/index.js';

const taobao = createTaobaoClient({ accessKey: 'k', accessSecret: 's', userId: 'u' });
const line = { itemId: '600126245031041190', skuId: '5016042822039', quantity: '2', price: '1' };
const receiver = { name: 'Ann', mobile_phone: '15068763421', city: '杭州市', address: 'x' };

describe('JSON-string fields of the Taobao methods', () => {
  it('createOrder: orderLineList and receiver, structured or ready', () => {
    taobao.createOrder({ orderLineList: [line], receiver, purchaseAmount: 400 });
    taobao.createOrder({ orderLineList: '[]', receiver: '{}', purchaseAmount: 400 });
    // @ts-expect-error misspelt key inside a line
    taobao.createOrder({ orderLineList: [{ itemID: '1' }], receiver, purchaseAmount: 400 });
    const order = { orderLineList: [line], purchaseAmount: 400 };
    // @ts-expect-error misspelt key inside the receiver
    taobao.createOrder({ ...order, receiver: { mobilePhone: '1' } });
    // @ts-expect-error the example sends quantities as strings
    taobao.createOrder({ orderLineList: [{ quantity: 2 }], receiver, purchaseAmount: 400 });
    // @ts-expect-error an object where a list is expected
    taobao.createOrder({ orderLineList: line, receiver, purchaseAmount: 400 });
  });

  it('batchCheckProducts params, getImLink pageParamMap, addCartItem properties', () => {
    taobao.batchCheckProducts({ params: [{ itemId: '652874751412', skuIds: ['1'] }] });
    taobao.batchCheckProducts({ params: '[{"itemId":"652874751412"}]' });
    // @ts-expect-error skuIds is a list
    taobao.batchCheckProducts({ params: [{ itemId: '1', skuIds: '1' }] });
    // @ts-expect-error misspelt key
    taobao.batchCheckProducts({ params: [{ itemid: '1' }] });

    const im = { loginName: 'l', password: 'p', pageName: 'item' };
    taobao.getImLink({ ...im, pageParamMap: { sourceType: 'item', bizId: '700187748440' } });
    taobao.getImLink({ ...im, pageParamMap: '{"sourceType":"item"}' });
    // @ts-expect-error misspelt key
    taobao.getImLink({ ...im, pageParamMap: { sourcetype: 'item' } });

    const cart = { mpId: '652874751412', mpSkuId: '4860968496626' };
    const sku = { valueId: 28324, valueName: '黄色', propId: 1627207n, propName: '颜色分类' };
    taobao.addCartItem({ ...cart, properties: [sku] });
    taobao.addCartItem({ ...cart, properties: '[]' });
    // @ts-expect-error ids inside the document go as given: numbers or bigints, not strings
    taobao.addCartItem({ ...cart, properties: [{ valueId: '28324' }] });
    // @ts-expect-error misspelt key
    taobao.addCartItem({ ...cart, properties: [{ valueID: 1 }] });
  });

  it('the path client: the same structured values in the body, the same errors', () => {
    const body = { orderLineList: [line], receiver, purchaseAmount: 400 };
    taobao.POST('/open/order', { body });
    taobao.POST('/open/order', { body: { ...body, orderLineList: '[]', receiver: '{}' } });
    // @ts-expect-error misspelt key inside a line
    taobao.POST('/open/order', { body: { ...body, orderLineList: [{ itemID: '1' }] } });
    // @ts-expect-error misspelt key inside the receiver
    taobao.POST('/open/order', { body: { ...body, receiver: { mobilePhone: '1' } } });
    const cart = { mpId: '652874751412', mpSkuId: '4860968496626' };
    taobao.POST('/open/cart/add', { body: { ...cart, properties: [{ valueId: 1n }] } });
    // @ts-expect-error ids inside the document go as given: numbers or bigints, not strings
    taobao.POST('/open/cart/add', { body: { ...cart, properties: [{ valueId: '1' }] } });
  });
});
