import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AlibabaOrderPriceModifyBody,
  CallbackParseError,
  isCallbackOfType,
  isKnownCallback,
  isKnownMessageType,
  KNOWN_MESSAGE_TYPES,
  MessagePlatform,
  type OpenObject,
  type PandaPonCallback,
  parseCallback,
  type UnknownCallback,
} from '../src/index.js';

const taobao = {
  messageType: 'TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  messageBody: { salesOrderId: '88' },
  messagePlatform: 0,
  timestamp: '1732200000000',
};

function parseError(body: string | Uint8Array): CallbackParseError {
  try {
    parseCallback(body);
  } catch (error) {
    if (error instanceof CallbackParseError) return error;
    throw error;
  }
  throw new Error('expected parseCallback to throw');
}

describe('parseCallback', () => {
  it('accepts string, Uint8Array and ArrayBuffer bodies alike', () => {
    const text = JSON.stringify(taobao);
    const bytes = new TextEncoder().encode(text);
    expect(parseCallback(text)).toEqual(taobao);
    expect(parseCallback(bytes)).toEqual(taobao);
    expect(parseCallback(bytes.slice().buffer)).toEqual(taobao);
  });

  it('parses a messageBody sent as a JSON string', () => {
    const message = parseCallback(
      JSON.stringify({ ...taobao, messageBody: JSON.stringify({ salesOrderId: '88' }) }),
    );
    expect(message.messageBody).toEqual({ salesOrderId: '88' });
  });

  it('treats null messagePlatform / timestamp as absent and ignores extra envelope fields', () => {
    const message = parseCallback(
      JSON.stringify({ ...taobao, messagePlatform: null, timestamp: null, traceId: 'x' }),
    );
    expect(message).toEqual({ messageType: taobao.messageType, messageBody: taobao.messageBody });
    expect('messagePlatform' in message).toBe(false);
  });

  it('keeps unknown message types, with any JSON body', () => {
    expect(parseCallback('{"messageType":"NEW_KIND","messageBody":null}')).toEqual({
      messageType: 'NEW_KIND',
      messageBody: null,
    });
    expect(parseCallback('{"messageType":"NEW_KIND","messageBody":"[1]"}').messageBody).toEqual([
      1,
    ]);
  });

  it.each([
    ['not JSON', '{"messageType":', undefined, /the request body is not valid JSON/],
    ['empty', '', undefined, /the request body is empty/],
    ['an array', '[]', undefined, /must be a JSON object, got an array/],
    ['no messageType', '{"messageBody":{}}', 'messageType', /messageType .* got nothing/],
    ['numeric messageType', '{"messageType":3,"messageBody":{}}', 'messageType', /got a number/],
    ['empty messageType', '{"messageType":"","messageBody":{}}', 'messageType', /empty string/],
    ['no messageBody', '{"messageType":"ORDER_CREATE"}', 'messageBody', /messageBody is missing/],
    [
      'a messageBody string that is not JSON',
      '{"messageType":"ORDER_CREATE","messageBody":"oops"}',
      'messageBody',
      /messageBody \(sent as a string\) is not valid JSON/,
    ],
    [
      'a known type with an array body',
      '{"messageType":"ORDER_CREATE","messageBody":[]}',
      'messageBody',
      /messageBody of ORDER_CREATE must be a JSON object, got an array/,
    ],
    [
      'a fractional messagePlatform',
      '{"messageType":"ORDER_CREATE","messageBody":{},"messagePlatform":0.5}',
      'messagePlatform',
      /messagePlatform must be an integer/,
    ],
    [
      'a boolean timestamp',
      '{"messageType":"ORDER_CREATE","messageBody":{},"timestamp":true}',
      'timestamp',
      /timestamp must be a string or a number, got a boolean/,
    ],
  ])('rejects %s with a CallbackParseError naming the field', (_case, body, field, message) => {
    const error = parseError(body);
    expect(error.name).toBe('CallbackParseError');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('rejects invalid UTF-8', () => {
    expect(parseError(new Uint8Array([0x7b, 0xff, 0x7d])).message).toMatch(/not valid UTF-8/);
  });

  it('does not echo body content in its messages', () => {
    const error = parseError('{"messageType":"ORDER_CREATE","messageBody":"private-order-data"}');
    expect(error.message).not.toContain('private-order-data');
    const syntax = parseError('{"customerName":"Jane Roe" oops}');
    expect(syntax.message).not.toContain('Jane Roe');
  });
});

describe('message narrowing', () => {
  it('lists the documented message types', () => {
    expect(KNOWN_MESSAGE_TYPES).toContain('1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
    expect(isKnownMessageType('ORDER_PAY_SUCCESS')).toBe(true);
    expect(isKnownMessageType('order_pay_success')).toBe(false);
    expect(MessagePlatform).toEqual({ Taobao: 0, Alibaba1688: 1 });
  });

  it('narrows known and unknown callbacks for TypeScript', () => {
    const message: PandaPonCallback = parseCallback(
      '{"messageType":"1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"baseInfo":{"id":1}}}',
    );
    if (isKnownCallback(message)) {
      expectTypeOf(message.messageBody).toExtend<OpenObject>();
      if (message.messageType === '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY') {
        expectTypeOf(message.messageBody).toEqualTypeOf<AlibabaOrderPriceModifyBody>();
        expect(message.messageBody.baseInfo).toEqual({ id: 1 });
      }
    } else {
      expectTypeOf(message).toEqualTypeOf<UnknownCallback>();
      expect.unreachable('a documented type with an object body is known');
    }
    expect(isCallbackOfType(message, 'ORDER_CREATE')).toBe(false);
  });

  it('does not call a hand-built known type with a non-object body known', () => {
    const odd: PandaPonCallback = { messageType: 'ORDER_CREATE', messageBody: 'text' };
    expect(isKnownCallback(odd)).toBe(false);
    expect(isCallbackOfType(odd, 'ORDER_CREATE')).toBe(false);
  });
});

describe('parseCallback keeps 64-bit ids exact', () => {
  it('parses a 19-digit 1688 order id as bigint, in the body and in a string body', () => {
    const orderId = '2542285634920880794';
    const direct = parseCallback(
      `{"messageType":"1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY","messageBody":{"orderId":${orderId}},"messagePlatform":1}`,
    );
    expect((direct.messageBody as { orderId: unknown }).orderId).toBe(BigInt(orderId));
    const stringBody = parseCallback(
      JSON.stringify({
        messageType: '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
        messageBody: `{"orderId":${orderId}}`,
        messagePlatform: 1,
      }),
    );
    expect((stringBody.messageBody as { orderId: unknown }).orderId).toBe(BigInt(orderId));
  });
});
