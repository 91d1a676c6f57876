import { inspect } from 'node:util';
import { verifyCallbackSignature } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import { signCallbackBody } from '../src/index.js';
import { hmacHex } from './helpers.js';

// The README's callback vector.
const VECTOR_BODY =
  '{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"88"},"messagePlatform":0,"timestamp":"1732200000000"}';
const VECTOR_AUTHORIZATION = 'bdc937570147eae482936df81f62a19c20d1f9d01967692b7a46f34fdd6f91bd';

describe('signCallbackBody', () => {
  it('reproduces the documented vector', async () => {
    expect(await signCallbackBody(VECTOR_BODY, 's3cr3t')).toBe(VECTOR_AUTHORIZATION);
  });

  it('signs bytes exactly as given, matching node:crypto and @pandapon/signing', async () => {
    const bytes = new TextEncoder().encode('{"note":"价格"}\n');
    const signature = await signCallbackBody(bytes, 'k');
    expect(signature).toBe(hmacHex(bytes, 'k'));
    expect(await signCallbackBody(bytes.slice().buffer, 'k')).toBe(signature);
    expect(await verifyCallbackSignature(bytes, signature, 'k')).toBe(true);
    expect(await signCallbackBody('', 'k')).toBe(hmacHex('', 'k'));
  });

  it('rejects bad input with a TypeError that does not echo the secret', async () => {
    await expect(signCallbackBody({} as never, 'very-secret')).rejects.toThrow(
      /rawBody must be a string/,
    );
    const error = await signCallbackBody('x', '').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(inspect(error)).toMatch(/accessSecret must be a non-empty string/);
  });
});
