import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, call, MINIMAL_1688_ADDRESS, startTestSandbox } from './helpers.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function stateFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'pandapon-sandbox-'));
  directories.push(directory);
  return join(directory, 'nested', 'state.json');
}

describe('stateFile persistence', () => {
  it('survives a restart: orders, carts, addresses, refunds and the id sequence', async () => {
    const file = stateFile();
    const first = await startTestSandbox({ stateFile: file });
    let orderId: string;
    try {
      await call(first, 'POST', '/open/cart/add', {
        body: { mpId: '1', mpSkuId: '2', price: 100, quantity: 1 },
      });
      await call(first, 'POST', '/open/address/addOrUpdate', {
        body: { name: 'Li Lei', city: 'Hangzhou' },
      });
      const created = await call(first, 'POST', '/alibaba/order/create', {
        body: {
          flow: 'general',
          addressParam: MINIMAL_1688_ADDRESS,
          cargoParamList: [{ offerId: 1, specId: 's', quantity: 1 }],
        },
      });
      orderId = (created.json.data as { orderId: string }).orderId;
      await fetch(`${first.url}/__sandbox/pay/${orderId}`);
      const refund = await call(first, 'POST', '/alibaba/refund/detail/create', {
        rawBody: `{"orderId":${orderId},"disputeRequest":"refund","applyPayment":1,"applyCarriage":0,"applyReasonId":1,"description":"d","goodsStatus":"g"}`,
      });
      expect(refund.json.code).toBe(200);
    } finally {
      await first.close();
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { version: number; sequence: number };
    expect(saved.version).toBe(1);

    const second = await startTestSandbox({ stateFile: file });
    try {
      expect(second.state.orders.map((order) => [order.orderId, order.status])).toEqual([
        [orderId, 'waitsellersend'],
      ]);
      expect(second.state.cartLines).toHaveLength(1);
      expect(second.state.refunds).toMatchObject([{ orderId }]);
      const detail = await call(second, 'POST', '/alibaba/order/detail', {
        body: { webSite: '1688', orderId },
      });
      expect(detail.json.code).toBe(200);
      const addresses = await admin(second, 'GET', '/__sandbox/addresses');
      expect(addresses.json.data).toMatchObject([{ name: 'Li Lei', city: 'Hangzhou' }]);
      // Ids continue from where the first run stopped.
      const added = await call(second, 'POST', '/open/address/addOrUpdate', {
        body: { name: 'New' },
      });
      expect(added.json.data).toBe(saved.sequence + 1);
    } finally {
      await second.close();
    }
    expect(
      (JSON.parse(readFileSync(file, 'utf8')) as { addresses: unknown[] }).addresses,
    ).toHaveLength(2);
  });

  it('writes the reset state too', async () => {
    const file = stateFile();
    const sandbox = await startTestSandbox({ stateFile: file });
    try {
      await call(sandbox, 'POST', '/open/address/addOrUpdate', { body: { name: 'x' } });
      sandbox.resetState();
    } finally {
      await sandbox.close();
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ addresses: [], sequence: 0 });
  });

  it('refuses a file that is not sandbox state, without overwriting it', async () => {
    const file = stateFile();
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '{"hello":"world"}');
    await expect(startTestSandbox({ stateFile: file })).rejects.toThrow(/not a sandbox state file/);
    writeFileSync(file, 'not json');
    await expect(startTestSandbox({ stateFile: file })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});
