// The README gives other-language users the signing rule with test vectors; a wrong digit there
// would send them chasing a bug in their own code. Recompute every vector it prints.
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generatedDir, MERGED_NAME, packageDir } from '../src/platforms.js';

const readme = await readFile(join(packageDir, 'README.md'), 'utf8');

it('prints request-signing vectors that the MD5 rule reproduces', () => {
  const row = /^\| `([^`]+)` \| `(\d+)` \| `([^`]+)` \| `([^`]+)` \| `([0-9A-F]{32})` \|$/gm;
  const vectors = [...readme.matchAll(row)];
  expect(vectors).toHaveLength(2);
  for (const [, accessKey, timestamp, nonceStr, accessSecret, signature] of vectors) {
    const digest = createHash('md5')
      .update(`${accessKey}${timestamp}${nonceStr}${accessSecret}`, 'utf8')
      .digest('hex')
      .toUpperCase();
    expect(digest).toBe(signature);
  }
});

it('prints a callback vector that the HMAC-SHA256 rule reproduces', () => {
  const match = /secret `([^`]+)`, body\n`([^`]+)`\n→ `([0-9a-f]{64})`/.exec(readme);
  expect(match).not.toBeNull();
  const [, secret, body, authorization] = match as RegExpExecArray;
  expect(
    createHmac('sha256', secret as string)
      .update(body as string, 'utf8')
      .digest('hex'),
  ).toBe(authorization);
});

it('documents every x-pandapon-* extension the published document uses', async () => {
  const merged = await readFile(join(generatedDir, `${MERGED_NAME}.json`), 'utf8');
  const used = new Set([...merged.matchAll(/"(x-pandapon-[a-z-]+)":/g)].map((m) => m[1]));
  expect(used.size).toBeGreaterThan(0);
  const documented = new Set(
    [...readme.matchAll(/^\| `(x-pandapon-[a-z-]+)` \|/gm)].map((m) => m[1]),
  );
  expect([...used].filter((name) => !documented.has(name))).toEqual([]);
});
