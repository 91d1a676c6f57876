import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyCallbackSignature } from '../src/index.js';
import { CALLBACK_VECTOR } from './fixtures/vectors.js';

const { accessSecret, body, authorization } = CALLBACK_VECTOR;

describe('verifyCallbackSignature', () => {
  it('accepts the vector: hex HMAC-SHA256 of the raw body keyed with the secret', async () => {
    expect(await verifyCallbackSignature(body, authorization, accessSecret)).toBe(true);
    expect(createHmac('sha256', accessSecret).update(body).digest('hex')).toBe(authorization);
  });

  it('accepts the body as a Uint8Array, a Node Buffer or an ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode(body);
    expect(await verifyCallbackSignature(bytes, authorization, accessSecret)).toBe(true);
    expect(await verifyCallbackSignature(Buffer.from(body), authorization, accessSecret)).toBe(
      true,
    );
    expect(await verifyCallbackSignature(bytes.buffer, authorization, accessSecret)).toBe(true);
  });

  it('accepts upper-case hex and surrounding whitespace', async () => {
    expect(await verifyCallbackSignature(body, authorization.toUpperCase(), accessSecret)).toBe(
      true,
    );
    expect(await verifyCallbackSignature(body, ` ${authorization}\t`, accessSecret)).toBe(true);
  });

  it('hashes a non-ASCII body as its UTF-8 bytes', async () => {
    const unicodeBody = '{"msg":"价格已修改 ✓"}';
    const mac = createHmac('sha256', accessSecret)
      .update(Buffer.from(unicodeBody, 'utf8'))
      .digest('hex');
    expect(await verifyCallbackSignature(unicodeBody, mac, accessSecret)).toBe(true);
  });

  it('rejects a tampered body (even whitespace: it is the raw bytes that are signed)', async () => {
    expect(
      await verifyCallbackSignature(body.replace('"88"', '"89"'), authorization, accessSecret),
    ).toBe(false);
    expect(await verifyCallbackSignature(`${body} `, authorization, accessSecret)).toBe(false);
    const reserialised = JSON.stringify(JSON.parse(body), null, 1);
    expect(await verifyCallbackSignature(reserialised, authorization, accessSecret)).toBe(false);
  });

  it('rejects a tampered header, in the first, a middle and the last digit', async () => {
    for (const index of [0, 31, 63]) {
      const digit = authorization[index] === '0' ? '1' : '0';
      const tampered = authorization.slice(0, index) + digit + authorization.slice(index + 1);
      expect(await verifyCallbackSignature(body, tampered, accessSecret), `digit ${index}`).toBe(
        false,
      );
    }
  });

  it('rejects the wrong secret', async () => {
    expect(await verifyCallbackSignature(body, authorization, 's3cr3T')).toBe(false);
    expect(await verifyCallbackSignature(body, authorization, `${accessSecret} `)).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['non-hex of the right length', `${authorization.slice(0, 62)}zz`],
    ['hex with a 0x prefix', `0x${authorization.slice(2)}`],
    ['one digit short', authorization.slice(1)],
    ['one digit long', `${authorization}0`],
    ['twice as long', authorization + authorization],
    ['a SHA-256 digest prefixed with a scheme', `HMAC-SHA256 ${authorization}`],
    ['base64 of the same MAC', Buffer.from(authorization, 'hex').toString('base64')],
  ])('resolves false, without throwing, for a header that is %s', async (_label, header) => {
    await expect(verifyCallbackSignature(body, header, accessSecret)).resolves.toBe(false);
  });

  it('resolves false for an empty secret, even with a matching MAC of the empty key', async () => {
    const emptyKeyMac = createHmac('sha256', '').update(body).digest('hex');
    await expect(verifyCallbackSignature(body, emptyKeyMac, '')).resolves.toBe(false);
  });

  it('resolves false for arguments of the wrong types', async () => {
    const verify = verifyCallbackSignature as (...args: unknown[]) => Promise<boolean>;
    await expect(verify({ body }, authorization, accessSecret)).resolves.toBe(false);
    await expect(verify(null, authorization, accessSecret)).resolves.toBe(false);
    await expect(verify(body, 12345, accessSecret)).resolves.toBe(false);
    await expect(verify(body, [authorization], accessSecret)).resolves.toBe(false);
    await expect(verify(body, authorization, undefined)).resolves.toBe(false);
    await expect(verify(body, authorization, Buffer.from(accessSecret))).resolves.toBe(false);
  });

  it('verifies an empty body like any other', async () => {
    const mac = createHmac('sha256', accessSecret).update('').digest('hex');
    expect(await verifyCallbackSignature('', mac, accessSecret)).toBe(true);
    expect(await verifyCallbackSignature(new Uint8Array(0), mac, accessSecret)).toBe(true);
  });
});
