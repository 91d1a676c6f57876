import { describe, expect, it, vi } from 'vitest';
import { type CallbackErrorContext, createCallbackHandler } from '../src/index.js';
import { deferred, envelope, SECRET, signedRequest } from './helpers.js';

const noop = () => {};

describe('the console Verify probe (empty POST body)', () => {
  it('answers 200 without calling onMessage when the empty body is signed', async () => {
    const onMessage = vi.fn();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      onMessage,
      awaitProcessing: true,
    });
    const response = await handler(signedRequest(''));
    expect(response.status).toBe(200);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 401 to an unsigned empty body by default', async () => {
    const onMessage = vi.fn();
    const handler = createCallbackHandler({ accessSecret: SECRET, onMessage });
    expect((await handler(signedRequest('', { authorization: null }))).status).toBe(401);
    expect((await handler(signedRequest('', { authorization: 'abc' }))).status).toBe(401);
  });

  it('answers 200 to an unsigned empty body with acknowledgeUnsignedProbes, still not calling onMessage', async () => {
    const onMessage = vi.fn();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      onMessage,
      acknowledgeUnsignedProbes: true,
      awaitProcessing: true,
    });
    expect((await handler(signedRequest('', { authorization: null }))).status).toBe(200);
    expect(onMessage).not.toHaveBeenCalled();
    // Only the empty body is a probe: an unsigned message is still refused.
    expect((await handler(signedRequest(envelope(), { authorization: null }))).status).toBe(401);
  });
});

describe('awaitProcessing', () => {
  it('answers only after onMessage completed', async () => {
    let completed = false;
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      awaitProcessing: true,
      async onMessage() {
        await Promise.resolve();
        completed = true;
      },
    });
    const response = await handler(signedRequest(envelope()));
    expect(response.status).toBe(200);
    expect(completed).toBe(true);
  });

  it('answers 500 when onMessage fails, so the platform redelivers, and reports to onError', async () => {
    const onError = vi.fn();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      awaitProcessing: true,
      onMessage: () => Promise.reject(new Error('boom')),
      onError,
    });
    const response = await handler(signedRequest(envelope()));
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error('boom'));
  });
});

describe('waitUntil', () => {
  it('hands the processing to the per-request runtime waitUntil, called as a method', async () => {
    const release = deferred();
    let completed = false;
    const keptByOption: Promise<unknown>[] = [];
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      async onMessage() {
        await release.promise;
        completed = true;
      },
      waitUntil: (promise) => keptByOption.push(promise),
    });
    // Like Cloudflare's ExecutionContext, whose waitUntil throws when called detached.
    class ExecutionContextLike {
      readonly kept: Promise<unknown>[] = [];
      waitUntil(promise: Promise<unknown>) {
        if (!(this instanceof ExecutionContextLike)) throw new TypeError('Illegal invocation');
        this.kept.push(promise);
      }
    }
    const runtime = new ExecutionContextLike();
    const response = await handler(signedRequest(envelope()), runtime);
    expect(response.status).toBe(200);
    expect(runtime.kept).toHaveLength(1);
    expect(keptByOption).toEqual([]);
    expect(completed).toBe(false);
    release.resolve();
    await runtime.kept[0];
    expect(completed).toBe(true);
  });

  it('falls back to the waitUntil option', async () => {
    const kept: Promise<unknown>[] = [];
    const onMessage = vi.fn();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      onMessage,
      waitUntil: (promise) => kept.push(promise),
    });
    await handler(signedRequest(envelope()));
    expect(kept).toHaveLength(1);
    await kept[0];
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('keeps ctx.waitUntil work inside the processing and reports its failure to onError', async () => {
    const onError = vi.fn<(error: unknown, ctx: CallbackErrorContext) => void>();
    const extra = deferred();
    let extraDone = false;
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      awaitProcessing: true,
      onMessage(_message, ctx) {
        ctx.waitUntil(extra.promise.then(() => (extraDone = true)));
        ctx.waitUntil(Promise.reject(new Error('side job failed')));
        extra.resolve();
      },
      onError,
    });
    const response = await handler(signedRequest(envelope()));
    // Background work failing does not fail the delivery.
    expect(response.status).toBe(200);
    expect(extraDone).toBe(true);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error('side job failed'));
    expect(onError.mock.calls[0]?.[1].message.messageType).toBe(
      'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
    );
  });
});

describe('onError and the default reporter', () => {
  it('logs onMessage failures with console.error when no onError is given', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(noop);
    try {
      const handler = createCallbackHandler({
        accessSecret: SECRET,
        awaitProcessing: true,
        onMessage: () => {
          throw new Error('unhandled by user');
        },
      });
      expect((await handler(signedRequest(envelope()))).status).toBe(500);
      expect(log).toHaveBeenCalledWith(
        expect.stringContaining('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY'),
        new Error('unhandled by user'),
      );
    } finally {
      log.mockRestore();
    }
  });

  it('survives an onError that throws', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(noop);
    try {
      const handler = createCallbackHandler({
        accessSecret: SECRET,
        awaitProcessing: true,
        onMessage: () => Promise.reject(new Error('first')),
        onError: () => {
          throw new Error('second');
        },
      });
      expect((await handler(signedRequest(envelope()))).status).toBe(500);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('onError'), new Error('second'));
    } finally {
      log.mockRestore();
    }
  });
});

describe('ctx.receivedAt', () => {
  it('comes from the now option', async () => {
    const received = deferred<Date>();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      now: () => 1_732_200_000_123,
      onMessage: (_message, ctx) => received.resolve(ctx.receivedAt),
    });
    await handler(signedRequest(envelope()));
    expect((await received.promise).toISOString()).toBe('2024-11-21T14:40:00.123Z');
  });
});

describe('option validation', () => {
  it.each([
    [{ accessSecret: '', onMessage: noop }, /accessSecret must be a non-empty string/],
    [{ accessSecret: 42, onMessage: noop }, /accessSecret must be a non-empty string/],
    [{ accessSecret: SECRET }, /onMessage must be a function/],
    [{ accessSecret: SECRET, onMessage: noop, onError: 'x' }, /onError must be a function/],
    [{ accessSecret: SECRET, onMessage: noop, maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ accessSecret: SECRET, onMessage: noop, maxBodyBytes: 1.5 }, /maxBodyBytes/],
    [{ accessSecret: SECRET, onMessage: noop, dedupe: true }, /dedupe must be false/],
    [{ accessSecret: SECRET, onMessage: noop, dedupe: { store: {} } }, /dedupe.store must have/],
    [{ accessSecret: SECRET, onMessage: noop, dedupe: { ttlMs: 0 } }, /dedupe.ttlMs/],
    [{ accessSecret: SECRET, onMessage: noop, dedupe: { ttlMs: '3h' } }, /dedupe.ttlMs/],
    [{ accessSecret: SECRET, onMessage: noop, dedupe: { ttl: 5 } }, /unknown dedupe option "ttl"/],
    [{ accessSecret: SECRET, onMessage: noop, maxAgeMs: -1 }, /maxAgeMs/],
    [{ accessSecret: SECRET, onMessage: noop, maxAgeMs: Number.NaN }, /maxAgeMs/],
    [{ accessSecret: SECRET, onMessage: noop, maxAgeMs: 1e300 }, /maxAgeMs/],
    [
      { accessSecret: SECRET, onMessage: noop, maxAgeMs: 7_200_000, dedupe: { ttlMs: 3_600_000 } },
      /maxAgeMs must not exceed dedupe.ttlMs/,
    ],
    [{ accessSecret: SECRET, onMessage: noop, processingConcurrency: 0 }, /processingConcurrency/],
    [{ accessSecret: SECRET, onMessage: noop, onSkipped: 1 }, /onSkipped must be a function/],
    [{ accessSecret: SECRET, onMessage: noop, maxBodySize: 10 }, /unknown option "maxBodySize"/],
    [
      { accessSecret: SECRET, onMessage: noop, acknowledgeUnsignedProbes: 'false' },
      /acknowledgeUnsignedProbes must be true or false, got string/,
    ],
    [
      { accessSecret: SECRET, onMessage: noop, acknowledgeUnsignedProbes: 1 },
      /acknowledgeUnsignedProbes must be true or false, got number/,
    ],
    [
      { accessSecret: SECRET, onMessage: noop, awaitProcessing: 'false' },
      /awaitProcessing must be true or false, got string/,
    ],
    [{ accessSecret: SECRET, onMessage: noop, awaitProcessing: null }, /awaitProcessing/],
  ])('rejects %o with a TypeError naming the field', (options, message) => {
    expect(() => createCallbackHandler(options as never)).toThrow(TypeError);
    expect(() => createCallbackHandler(options as never)).toThrow(message);
  });
});

describe('option snapshot', () => {
  it('keeps the options as they were at creation, nested dedupe settings included', async () => {
    const onMessage = vi.fn();
    const config: {
      accessSecret: string;
      onMessage: typeof onMessage;
      awaitProcessing: boolean;
      acknowledgeUnsignedProbes: boolean;
      maxBodyBytes: number;
      dedupe: { ttlMs: number };
    } = {
      accessSecret: SECRET,
      onMessage,
      awaitProcessing: true,
      acknowledgeUnsignedProbes: false,
      maxBodyBytes: 1_000,
      dedupe: { ttlMs: 60_000 },
    };
    const handler = createCallbackHandler(config);
    // A caller reusing its config object for another handler must not reconfigure this one.
    config.accessSecret = 'another-tenant-secret';
    config.acknowledgeUnsignedProbes = true;
    config.maxBodyBytes = 10;
    config.dedupe.ttlMs = 1;
    expect((await handler(signedRequest(envelope()))).status).toBe(200);
    expect((await handler(signedRequest('', { authorization: null }))).status).toBe(401);
    expect((await handler(signedRequest(envelope()))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('reads each option once (a getter is not consulted again per request)', async () => {
    let reads = 0;
    const options = {
      accessSecret: SECRET,
      onMessage: noop,
      get acknowledgeUnsignedProbes() {
        reads++;
        return false;
      },
    };
    const handler = createCallbackHandler(options);
    await handler(signedRequest('', { authorization: null }));
    await handler(signedRequest('', { authorization: null }));
    expect(reads).toBe(1);
  });
});
