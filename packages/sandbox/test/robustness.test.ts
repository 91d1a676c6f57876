/**
 * Faults the sandbox must survive (issue 10, items 12–14): an oversized body, requests that make
 * a handler throw, and a forged Host header. The sandbox runs inside this test process, so a
 * crash of the sandbox fails this file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNonce, sign } from '@pandapon/signing';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CODES, type Sandbox } from '../src/index.js';
import { ACCESS_KEY, ACCESS_SECRET, admin, call, startTestSandbox, USER_ID } from './helpers.js';

const started: Sandbox[] = [];
afterEach(async () => {
  for (const sandbox of started.splice(0)) await sandbox.close();
});

async function sandboxWith(options: Parameters<typeof startTestSandbox>[0] = {}) {
  const sandbox = await startTestSandbox(options);
  started.push(sandbox);
  return sandbox;
}

/** POSTs `bytes` bytes in 64 KiB chunks and resolves with the status the sandbox answered. */
function postBytes(sandbox: Sandbox, path: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': bytes },
    });
    request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    // The sandbox stops reading and closes once it has answered: later writes may fail.
    request.on('error', (error) => {
      if (!request.writableEnded) return;
      reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const writeMore = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', writeMore);
          return;
        }
      }
      request.end();
    };
    writeMore();
  });
}

describe('oversized bodies (item 12)', () => {
  it('answers 413 and keeps serving, for API and admin paths alike', async () => {
    const sandbox = await sandboxWith();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      expect(await postBytes(sandbox, '/alibaba/order/create', 2 * 1024 * 1024)).toBe(413);
      expect(await postBytes(sandbox, '/__sandbox/faults', 2 * 1024 * 1024)).toBe(413);
      // Give a crash in a 'finish' or 'close' handler the chance to happen.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const after = await call(sandbox, 'GET', '/v2/taobao/product/get', {
        query: { itemId: '1' },
      });
      expect(after.json.code).toBe(SANDBOX_CODES.OK);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});

describe('every request is answered (item 13)', () => {
  it('answers malformed percent-encoding in admin paths with a 4xx', async () => {
    const sandbox = await sandboxWith();
    for (const path of ['/__sandbox/pay/%E0%A4%A', '/__sandbox/faults/%', '/__sandbox/%zz']) {
      const response = await fetch(`${sandbox.url}${path}`, {
        signal: AbortSignal.timeout(5_000),
      });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      const json = (await response.json()) as { code: number };
      expect(json.code, path).not.toBe(SANDBOX_CODES.OK);
    }
  });

  it('refuses a clock skew the clock cannot represent, from options and from the admin endpoint', async () => {
    await expect(sandboxWith({ faults: [{ kind: 'clockSkew', ms: 1e16 }] })).rejects.toThrow(
      /clockSkew fault ms/,
    );
    const sandbox = await sandboxWith();
    const refused = await admin(sandbox, 'POST', '/__sandbox/faults', {
      kind: 'clockSkew',
      ms: 1e16,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.msg).toMatch(/clockSkew fault ms/);
    // The largest allowed skew still yields an answer with a valid Date header.
    const skew = 10 * 365 * 24 * 3_600_000;
    sandbox.faults.add({ kind: 'clockSkew', ms: skew });
    const answered = await call(sandbox, 'GET', '/v2/taobao/product/get', {
      query: { itemId: '1' },
    });
    expect(answered.json.code).toBe(SANDBOX_CODES.TIMESTAMP_OUT_OF_WINDOW);
    expect(Number.isNaN(Date.parse(answered.headers.get('date') ?? ''))).toBe(false);
  });
});

describe('internal errors are answered (item 13)', () => {
  it('answers 500 with code 50000 when a flow throws, and keeps serving', async () => {
    // A state file whose directory is a file: the first write of the state throws.
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-robustness-'));
    try {
      writeFileSync(join(dir, 'blocker'), 'not a directory');
      const sandbox = await sandboxWith({ stateFile: join(dir, 'blocker', 'state.json') });
      const body = {
        name: 'Li Lei',
        province: 'Zhejiang',
        city: 'Hangzhou',
        district: 'Yuhang',
        address: '1 Wenyi West Road',
        phone: '13800000000',
      };
      const response = await call(sandbox, 'POST', '/open/address/addOrUpdate', { body });
      expect(response.status).toBe(500);
      expect(response.json.code).toBe(SANDBOX_CODES.INTERNAL_ERROR);
      const after = await call(sandbox, 'GET', '/v2/taobao/product/get', {
        query: { itemId: '1' },
      });
      expect(after.json.code).toBe(SANDBOX_CODES.OK);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A signed GET over node:http (fetch does not let a caller set `Host`). */
function getWithHost(sandbox: Sandbox, pathAndQuery: string, host: string): Promise<unknown> {
  const timestamp = String(Date.now());
  const nonceStr = createNonce();
  const signature = sign({
    accessKey: ACCESS_KEY,
    accessSecret: ACCESS_SECRET,
    timestamp,
    nonceStr,
  });
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${sandbox.url}${pathAndQuery}`, {
      headers: {
        host,
        'access-key': ACCESS_KEY,
        timestamp,
        'nonce-str': nonceStr,
        'user-id': USER_ID,
        signature,
      },
      timeout: 10_000,
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve(JSON.parse(text)));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
    request.end();
  });
}

describe('pay URLs (item 14)', () => {
  const orderBody = {
    flow: 'general',
    addressParam: {
      fullName: 'Li Lei',
      mobile: '13800000000',
      phone: '010-12345678',
      provinceText: 'Zhejiang',
      cityText: 'Hangzhou',
      townText: 'Wuchang',
      address: '1 Wenyi West Road',
    },
    cargoParamList: [
      { offerId: 706627393257, specId: 'b266e0726506185beaf205cbae88a289', quantity: 1 },
    ],
  };

  it('point at the sandbox, never at the Host header the caller sent', async () => {
    const sandbox = await sandboxWith();
    const created = await call(sandbox, 'POST', '/alibaba/order/create', { body: orderBody });
    const orderId = (created.json.data as { orderId: string }).orderId;
    const answer = (await getWithHost(
      sandbox,
      `/alibaba/order/pay/url?orderId=${orderId}`,
      'attacker.example',
    )) as { code: number; data: { payUrl: string } };
    expect(answer.code).toBe(SANDBOX_CODES.OK);
    expect(answer.data.payUrl).toBe(`${sandbox.url}/__sandbox/pay/${orderId}`);
  });

  it('use the publicUrl option when given', async () => {
    const sandbox = await sandboxWith({ publicUrl: 'https://sandbox.test.example/' });
    const created = await call(sandbox, 'POST', '/alibaba/order/create', { body: orderBody });
    const orderId = (created.json.data as { orderId: string }).orderId;
    const answer = await call(sandbox, 'GET', '/alibaba/order/pay/url', { query: { orderId } });
    expect((answer.json.data as { payUrl: string }).payUrl).toBe(
      `https://sandbox.test.example/__sandbox/pay/${orderId}`,
    );
    await expect(sandboxWith({ publicUrl: 'ftp://x' })).rejects.toThrow(/publicUrl/);
  });
});
