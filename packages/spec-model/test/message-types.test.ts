import { describe, expect, it } from 'vitest';
import { specIndexFromTexts } from '../src/load.js';
import { evidencedMessageTypes } from '../src/message-types.js';
import { callbackMessageTypes } from '../src/spec-index.js';

function common(entries?: string): string {
  const extension =
    entries === undefined ? '' : `\n          x-pandapon-message-types:\n${entries}`;
  return `
components:
  schemas:
    CallbackEnvelope:
      type: object
      properties:
        messageType:
          type: string${extension}
`;
}

const WHITE_LABEL = `            - { value: ORDER_CREATE, evidence: [white-label] }
            - { value: ORDER_REFUND, evidence: [white-label, independent-client] }`;

function shop(hookType: string): string {
  return `
openapi: 3.1.0
paths: {}
webhooks:
  priceChanged:
    post:
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: './common.yaml#/components/schemas/CallbackEnvelope'
                - properties: { messageType: { const: ${hookType} } }
  alsoEnvelope:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: './common.yaml#/components/schemas/CallbackEnvelope' }
`;
}

describe('evidencedMessageTypes', () => {
  it("lists the envelope's x-pandapon-message-types, found through the webhooks' refs, each once", () => {
    const index = specIndexFromTexts({
      'common.yaml': common(WHITE_LABEL),
      'shop.yaml': shop('PRICE'),
    });
    expect(index.problems).toEqual([]);
    expect(callbackMessageTypes(index)).toEqual(['PRICE']);
    expect(evidencedMessageTypes(index)).toEqual([
      { value: 'ORDER_CREATE', evidence: ['white-label'] },
      { value: 'ORDER_REFUND', evidence: ['white-label', 'independent-client'] },
    ]);
  });

  it('refuses a type a webhook declares (it has a page: the extension must not repeat it)', () => {
    const index = specIndexFromTexts({
      'common.yaml': common(WHITE_LABEL),
      'shop.yaml': shop('ORDER_CREATE'),
    });
    expect(() => evidencedMessageTypes(index)).toThrow(
      /common\.yaml \(messageType of webhook priceChanged\): ORDER_CREATE is declared by a webhook/,
    );
  });

  it('refuses an entry without its evidence, naming the file', () => {
    const index = specIndexFromTexts({
      'common.yaml': common('            - { value: ORDER_CREATE }'),
      'shop.yaml': shop('PRICE'),
    });
    expect(() => evidencedMessageTypes(index)).toThrow(
      /\/specs\/common\.yaml .*each x-pandapon-message-types entry must be \{ value: <message type>, evidence: \[<source>, \.\.\.\] \}, got \{"value":"ORDER_CREATE"\}/,
    );
  });

  it('is empty when no envelope lists any', () => {
    const index = specIndexFromTexts({
      'common.yaml': common(),
      'shop.yaml': shop('PRICE'),
    });
    expect(evidencedMessageTypes(index)).toEqual([]);
  });
});
