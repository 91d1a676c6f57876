/**
 * The `@pandapon/sandbox/testing` entry: startSandboxHarness hands a client factory the sandbox's
 * URL and the default test credentials, and records what each client sends.
 */
import { sign } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../src/index.js';
import { type HarnessClientOptions, startSandboxHarness } from '../src/testing.js';
import { repoSpecs } from './helpers.js';

/** The smallest client: one signed GET through the fetch it is given. */
function createTinyClient(options: HarnessClientOptions) {
  return {
    options,
    async getProduct(itemId: string): Promise<{ code: number }> {
      const timestamp = String(Date.now());
      const nonceStr = `n${Math.random().toString(36).slice(2)}`;
      const headers = {
        'access-key': options.accessKey,
        timestamp,
        'nonce-str': nonceStr,
        'user-id': options.userId,
        signature: sign({ ...options, timestamp, nonceStr }),
      };
      const url = `${options.baseUrl}/v2/taobao/product/get?itemId=${itemId}`;
      const response = await options.fetch(new Request(url, { headers }));
      return (await response.json()) as { code: number };
    },
  };
}

describe('startSandboxHarness', () => {
  it('points clients at a loopback sandbox with the test credentials and records their requests', async () => {
    const log: string[] = [];
    const harness = await startSandboxHarness(createTinyClient, {
      userId: 'harness-user',
      specs: await repoSpecs(),
      log: (line) => log.push(line),
    });
    try {
      const { client, sent } = harness.client();
      expect(client.options).toMatchObject({
        ...SANDBOX_DEFAULT_CREDENTIALS,
        userId: 'harness-user',
        baseUrl: harness.sandbox.url,
      });
      expect(harness.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await client.getProduct('42')).code).toBe(200);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.url.searchParams.get('itemId')).toBe('42');
      expect(sent[0]?.headers.get('user-id')).toBe('harness-user');
      expect(harness.sandboxLog).toEqual([
        expect.stringMatching(/^GET \/v2\/taobao\/product\/get -> 200 /),
      ]);
      expect(log).toEqual(harness.sandboxLog);
      // Overrides replace defaults for one client only.
      const other = harness.client({ userId: 'someone-else' });
      expect(other.client.options.userId).toBe('someone-else');
    } finally {
      await harness.close();
    }
  });
});
