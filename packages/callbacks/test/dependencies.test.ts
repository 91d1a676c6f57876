import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCallback } from '../src/index.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
};

describe('what @pandapon/callbacks depends on (issue 15)', () => {
  it('needs only the callback HMAC (signing) and big-integer JSON (json), not the API client', () => {
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual([
      '@pandapon/json',
      '@pandapon/signing',
    ]);
  });

  it('parses deeply nested bodies with big integers without overflowing the stack', () => {
    // @pandapon/json's parser keeps an explicit stack; a recursive one would throw here.
    const depth = 50_000;
    const body = `{"messageType":"X","messageBody":{"orderId":4012345678901234567,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const message = parseCallback(body);
    expect((message.messageBody as { orderId: unknown }).orderId).toBe(4012345678901234567n);
  });
});
