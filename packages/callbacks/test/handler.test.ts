import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type CallbackContext,
  type CallbackRejection,
  createCallbackHandler,
  isCallbackOfType,
  isKnownCallback,
  type PandaPonCallback,
  type TaobaoOrderPriceModifyBody,
} from '../src/index.js';
import { deferred, envelope, hmacHex, SECRET, signedRequest } from './helpers.js';
import { transports } from './transports.js';

/** A handler whose onMessage calls are captured; `next()` resolves with the next one. */
function recordingHandler(extra: Partial<Parameters<typeof createCallbackHandler>[0]> = {}) {
  const messages: [PandaPonCallback, CallbackContext][] = [];
  const waiters: ((entry: [PandaPonCallback, CallbackContext]) => void)[] = [];
  const onRejected = vi.fn<(rejection: CallbackRejection, request: Request) => void>();
  const handler = createCallbackHandler({
    accessSecret: SECRET,
    onMessage(message, ctx) {
      messages.push([message, ctx]);
      waiters.shift()?.([message, ctx]);
    },
    onRejected,
    ...extra,
  });
  const next = () =>
    new Promise<[PandaPonCallback, CallbackContext]>((resolve) => {
      const already = messages.shift();
      if (already) resolve(already);
      else waiters.push(resolve);
    });
  return { handler, messages, next, onRejected };
}

describe.each(transports)('callback handler over %s', (_name, send) => {
  it('acknowledges a validly signed callback with 200 and delivers the typed message', async () => {
    const { handler, next } = recordingHandler();
    const response = await send(handler, signedRequest(envelope()));
    expect(response.status).toBe(200);
    const [message, ctx] = await next();
    expect(message).toEqual({
      messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
      messageBody: { salesOrderId: '4012345678901', subOrders: [{ quantity: 2 }] },
      messagePlatform: 0,
      timestamp: '1732200000000',
    });
    expect(new TextDecoder().decode(ctx.rawBody)).toBe(envelope());
    expect(ctx.headers.get('content-type')).toBe('application/json');
    expect(ctx.headers.has('authorization')).toBe(false);
    expect(isKnownCallback(message)).toBe(true);
    if (isCallbackOfType(message, 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY')) {
      expectTypeOf(message.messageBody).toEqualTypeOf<TaobaoOrderPriceModifyBody>();
      expect(message.messageBody.salesOrderId).toBe('4012345678901');
    } else {
      expect.unreachable('the message should narrow to the Taobao price-modify type');
    }
  });

  it('rejects a tampered body with 401 without calling onMessage', async () => {
    const { handler, messages, onRejected } = recordingHandler();
    const signature = hmacHex(envelope());
    const tampered = envelope({ messageBody: { salesOrderId: '4012345678902' } });
    const response = await send(handler, signedRequest(tampered, { authorization: signature }));
    expect(response.status).toBe(401);
    expect(messages).toEqual([]);
    await vi.waitFor(() =>
      expect(onRejected).toHaveBeenCalledWith(
        { status: 401, reason: 'invalid-signature' },
        expect.any(Request),
      ),
    );
  });

  it('rejects a tampered Authorization header with 401', async () => {
    const { handler, messages } = recordingHandler();
    const signature = hmacHex(envelope());
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    const response = await send(handler, signedRequest(envelope(), { authorization: flipped }));
    expect(response.status).toBe(401);
    expect(messages).toEqual([]);
  });

  it('rejects a request without Authorization with 401 (reason: missing-signature)', async () => {
    const { handler, messages, onRejected } = recordingHandler();
    const response = await send(handler, signedRequest(envelope(), { authorization: null }));
    expect(response.status).toBe(401);
    expect(messages).toEqual([]);
    await vi.waitFor(() =>
      expect(onRejected.mock.calls[0]?.[0]).toEqual({ status: 401, reason: 'missing-signature' }),
    );
  });

  it('rejects a body signed with another secret with 401', async () => {
    const { handler, messages } = recordingHandler();
    const response = await send(handler, signedRequest(envelope(), { secret: 'other-secret' }));
    expect(response.status).toBe(401);
    expect(messages).toEqual([]);
  });

  it('delivers an unknown messageType as an UnknownCallback', async () => {
    const { handler, next } = recordingHandler();
    const body = envelope({
      messageType: 'ORDER_SOMETHING_NEW',
      messageBody: [1, 2],
      timestamp: 5,
    });
    const response = await send(handler, signedRequest(body));
    expect(response.status).toBe(200);
    const [message] = await next();
    expect(message).toEqual({
      messageType: 'ORDER_SOMETHING_NEW',
      messageBody: [1, 2],
      messagePlatform: 0,
      timestamp: 5,
    });
    expect(isKnownCallback(message)).toBe(false);
  });

  it('parses a messageBody sent as a JSON string', async () => {
    const { handler, next } = recordingHandler();
    const body = envelope({
      messageType: '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
      messageBody: JSON.stringify({ baseInfo: { id: 99 } }),
      messagePlatform: 1,
    });
    expect((await send(handler, signedRequest(body))).status).toBe(200);
    const [message] = await next();
    expect(message.messageBody).toEqual({ baseInfo: { id: 99 } });
    expect(message.messagePlatform).toBe(1);
  });

  it('answers 400 to malformed JSON with a valid signature, without calling onMessage', async () => {
    const { handler, messages, onRejected } = recordingHandler();
    const response = await send(handler, signedRequest('{"messageType": "ORDER_CREATE",'));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not valid JSON/);
    expect(messages).toEqual([]);
    await vi.waitFor(() =>
      expect(onRejected.mock.calls[0]?.[0]).toMatchObject({
        status: 400,
        reason: 'malformed-body',
      }),
    );
  });

  it('answers 400 to a signed envelope of the wrong shape', async () => {
    const { handler } = recordingHandler();
    const response = await send(handler, signedRequest(JSON.stringify({ messageBody: {} })));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/messageType must be a non-empty string/);
  });

  it('answers 405 to GET', async () => {
    const { handler, messages } = recordingHandler();
    const response = await send(
      handler,
      new Request('https://receiver.example/pandapon/callback', { method: 'GET' }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(messages).toEqual([]);
  });

  it('answers 413 to a body over maxBodyBytes, before checking the signature', async () => {
    const { handler, messages, onRejected } = recordingHandler({ maxBodyBytes: 256 });
    const body = envelope({ messageBody: { note: 'x'.repeat(300) } });
    const response = await send(handler, signedRequest(body));
    expect(response.status).toBe(413);
    expect(messages).toEqual([]);
    await vi.waitFor(() =>
      expect(onRejected.mock.calls[0]?.[0]).toEqual({ status: 413, reason: 'body-too-large' }),
    );
  });

  it('acknowledges before a slow onMessage finishes', async () => {
    const started = deferred();
    const release = deferred();
    const finished = deferred<PandaPonCallback>();
    let completed = false;
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      async onMessage(message) {
        started.resolve();
        await release.promise;
        completed = true;
        finished.resolve(message);
      },
    });
    // Were the answer to wait for onMessage, this would never resolve: only we release it.
    const response = await send(handler, signedRequest(envelope()));
    expect(response.status).toBe(200);
    expect(completed).toBe(false);
    await started.promise;
    expect(completed).toBe(false);
    release.resolve();
    expect((await finished.promise).messageType).toBe('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
  });

  it('still answers 200 when onMessage throws, and reports the error to onError', async () => {
    const failure = new Error('database down');
    const reported = deferred<[unknown, string]>();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      onMessage() {
        throw failure;
      },
      onError(error, ctx) {
        reported.resolve([error, ctx.message.messageType]);
      },
    });
    const response = await send(handler, signedRequest(envelope()));
    expect(response.status).toBe(200);
    expect(await reported.promise).toEqual([failure, 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY']);
  });

  it('verifies the documented vector (secret "s3cr3t")', async () => {
    const body =
      '{"messageType":"TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"salesOrderId":"88"},"messagePlatform":0,"timestamp":"1732200000000"}';
    const authorization = 'bdc937570147eae482936df81f62a19c20d1f9d01967692b7a46f34fdd6f91bd';
    const { handler, next } = recordingHandler({ accessSecret: 's3cr3t' });
    const response = await send(handler, signedRequest(body, { authorization }));
    expect(response.status).toBe(200);
    const [message] = await next();
    expect(message.messageBody).toEqual({ salesOrderId: '88' });
  });
});
