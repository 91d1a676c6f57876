/** A 1688 order's address and goods, shared by the suites that place orders in the sandbox. */
export const addressParam = {
  fullName: 'Zhang San',
  mobile: '13800000000',
  phone: '0571-88888888',
  postCode: '310000',
  provinceText: '浙江省',
  cityText: '杭州市',
  areaText: '余杭区',
  townText: '五常街道',
  address: '文一西路 969 号',
};
export const cargoParamList = [
  { offerId: 706627393257, specId: 'b266e0726506185beaf205cbae88530d', quantity: 2 },
];
