import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PandaPonError } from '../src/index.js';
import { sleep as defaultSleep } from '../src/retry.js';
import { makeClient } from './helpers/client.js';
import { ok, sendJson, useServer } from './helpers/server.js';

const getProduct = { params: { query: { itemId: '1' } } } as const;

/** A way to force garbage collection without starting node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe("the caller's AbortSignal", () => {
  const server = useServer();

  it('an already aborted signal sends nothing', async () => {
    const { client } = makeClient(server.baseUrl);
    const error = await client
      .GET('/open/product/get', { ...getProduct, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });

  it('aborting mid-request surfaces the AbortError and is not retried', async () => {
    const controller = new AbortController();
    server.handle(() => {
      // Hold the request; the caller gives up.
      controller.abort();
    });
    const { client, delays } = makeClient(server.baseUrl, { maxRetries: 5 });
    const error = await client
      .GET('/open/product/get', { ...getProduct, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(PandaPonError);
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('keeps a custom abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    server.handle(() => controller.abort(reason));
    const { client } = makeClient(server.baseUrl);
    await expect(
      client.GET('/open/product/get', { ...getProduct, signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it('aborting during the backoff wait stops the retries', async () => {
    server.handle((_req, res) => sendJson(res, 503, { error: 'busy' }));
    const controller = new AbortController();
    const { client } = makeClient(server.baseUrl, {
      maxRetries: 5,
      retry: {
        // The real, abortable timer with a long delay; abort while it runs.
        baseDelayMs: 60_000,
        maxDelayMs: 60_000,
        sleep: (ms, signal) => {
          const waiting = defaultSleep(Math.max(ms, 60_000), signal);
          controller.abort();
          return waiting;
        },
      },
    });
    const error = await client
      .GET('/open/product/get', { ...getProduct, signal: controller.signal })
      .catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });

  it('really cancels the HTTP request, even after a garbage collection', async () => {
    // Regression: in Node 20's undici a Request built from another Request stops following its
    // signal once an intermediate controller is collected, so an abort (or a timeout) would
    // leave the request running. The server must see the connection go away.
    let requestArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      requestArrived = resolve;
    });
    let connectionClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      connectionClosed = resolve;
    });
    server.handle((_req, res) => {
      res.on('close', connectionClosed);
      requestArrived();
    });
    const controller = new AbortController();
    const { client } = makeClient(server.baseUrl, { timeoutMs: 0 });
    const call = client
      .GET('/open/product/get', { ...getProduct, signal: controller.signal })
      .catch((e: unknown) => e);
    await arrived;
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
    collectGarbage();
    controller.abort();
    expect(((await call) as DOMException).name).toBe('AbortError');
    await closed;
  });

  it('rejects something that is not a signal before sending', async () => {
    const { client } = makeClient(server.baseUrl);
    await expect(
      client.GET('/open/product/get', { ...getProduct, signal: { aborted: 'no' } as never }),
    ).rejects.toThrow('`init.signal`');
    expect(server.requests).toHaveLength(0);
  });

  it('leaves no listeners behind on a long-lived caller signal', async () => {
    server.handle((_req, res) => sendJson(res, 200, ok(null)));
    const { client } = makeClient(server.baseUrl);
    const shared = new AbortController();
    for (let i = 0; i < 30; i++) {
      await client.GET('/open/product/get', { ...getProduct, signal: shared.signal });
    }
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });
});
