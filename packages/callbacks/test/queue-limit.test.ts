// The queue of acknowledged messages waiting for onMessage is bounded (maxQueuedMessages): past
// it, a message is answered 503 without being taken on, so the platform delivers it again later
// instead of the receiver's memory growing without limit while onMessage is slow or stuck.
import { describe, expect, it, vi } from 'vitest';
import { type CallbackRejection, createCallbackHandler } from '../src/index.js';
import { deferred, envelope, SECRET, signedRequest } from './helpers.js';

const message = (n: number) => envelope({ timestamp: String(1_732_200_000_000 + n) });

describe('maxQueuedMessages', () => {
  it('answers 503 past the limit, without marking the message seen; its redelivery is taken on later', async () => {
    const gate = deferred();
    const processed: string[] = [];
    const rejections: CallbackRejection[] = [];
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      maxQueuedMessages: 2,
      processingConcurrency: 1,
      onRejected: (rejection) => {
        rejections.push(rejection);
      },
      async onMessage(callback) {
        await gate.promise;
        processed.push(String(callback.timestamp));
      },
    });
    expect((await handler(signedRequest(message(1)))).status).toBe(200);
    expect((await handler(signedRequest(message(2)))).status).toBe(200);
    const refused = await handler(signedRequest(message(3)));
    expect(refused.status).toBe(503);
    expect(await refused.text()).toMatch(/deliver again/);
    await vi.waitFor(() => expect(rejections).toEqual([{ status: 503, reason: 'queue-full' }]));

    gate.resolve();
    await vi.waitFor(() => expect(processed).toHaveLength(2));
    // Not a duplicate: the refused body was never claimed.
    expect((await handler(signedRequest(message(3)))).status).toBe(200);
    await vi.waitFor(() => expect(processed).toHaveLength(3));
    expect(processed).toEqual(['1732200000001', '1732200000002', '1732200000003']);
  });

  it('frees a place when onMessage fails, too', async () => {
    const failures: unknown[] = [];
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      maxQueuedMessages: 1,
      onError: (error) => {
        failures.push(error);
      },
      onMessage() {
        throw new Error('processing failed');
      },
    });
    expect((await handler(signedRequest(message(1)))).status).toBe(200);
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect((await handler(signedRequest(message(2)))).status).toBe(200);
    await vi.waitFor(() => expect(failures).toHaveLength(2));
  });

  it('does not apply with awaitProcessing (each request waits for its own onMessage)', async () => {
    let running = 0;
    let most = 0;
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      maxQueuedMessages: 1,
      awaitProcessing: true,
      async onMessage() {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      },
    });
    const statuses = await Promise.all(
      [1, 2, 3].map(async (n) => (await handler(signedRequest(message(n)))).status),
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(most).toBeGreaterThan(1);
  });

  it('is a whole number from 1 to 1,000,000', () => {
    for (const maxQueuedMessages of [0, -1, 1.5, 1_000_001, Number.NaN]) {
      expect(() =>
        createCallbackHandler({ accessSecret: SECRET, onMessage() {}, maxQueuedMessages }),
      ).toThrow(/maxQueuedMessages must be an integer from 1 to 1000000/);
    }
  });
});
