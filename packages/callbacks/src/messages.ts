// The messages PandaPon pushes to the developer's callback URL.
//
// Body shapes: specs/taobao.yaml and specs/alibaba.yaml (their `webhooks`) are the source of truth
// for the fields of each message. The doc pages we have stop part-way through those schemas, so the
// bodies here stay open objects: every field is reachable as `unknown`, and the few fields the docs'
// examples show are typed. Generated types can replace these without changing the envelope.

import {
  SPEC_MESSAGE_TYPES,
  WHITE_LABEL_MESSAGE_TYPES,
  type WhiteLabelMessageType,
} from './generated/message-types.js';

/** Values of `messagePlatform`: which marketplace the message is about. */
export const MessagePlatform = {
  Taobao: 0,
  Alibaba1688: 1,
} as const;

/**
 * Message types named by the docs: those the specs' webhooks declare, then those named only by
 * the white-label site's message list (the same platform under another brand; not a PandaPon
 * page), which the specs list in `x-pandapon-message-types`. Both generated. The set is open:
 * others arrive as {@link UnknownCallback}.
 */
export const KNOWN_MESSAGE_TYPES = [...SPEC_MESSAGE_TYPES, ...WHITE_LABEL_MESSAGE_TYPES] as const;

export type KnownMessageType = (typeof KNOWN_MESSAGE_TYPES)[number];

/** An open JSON object: any field may be present. */
export type OpenObject = { readonly [field: string]: unknown };

/** Body of TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY (doc page doc-en/api-263477629). */
export interface TaobaoOrderPriceModifyBody extends OpenObject {
  /** The Taobao order number. */
  readonly salesOrderId?: string;
  /** Sub-orders (lines) with their prices; fields per specs/taobao.yaml. */
  readonly subOrders?: readonly OpenObject[];
}

/**
 * Body of 1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY (doc page doc-en/api-263477659): the 1688 order
 * (baseInfo, productItems, tradeTerms, ...), fields per specs/alibaba.yaml.
 */
export interface AlibabaOrderPriceModifyBody extends OpenObject {
  readonly baseInfo?: OpenObject;
  readonly productItems?: readonly OpenObject[] | null;
}

/**
 * Bodies of the white-label message types: no page documents them, so each is an open object.
 */
type WhiteLabelMessageBodies = { [Type in WhiteLabelMessageType]: OpenObject };

/** The body type of each known message type. */
export interface KnownMessageBodies extends WhiteLabelMessageBodies {
  TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY: TaobaoOrderPriceModifyBody;
  '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY': AlibabaOrderPriceModifyBody;
}

interface CallbackEnvelope<Type extends string, Body> {
  readonly messageType: Type;
  /** Always parsed: a body the platform sent as a JSON string arrives here as its JSON value. */
  readonly messageBody: Body;
  /** 0 = Taobao, 1 = 1688 (see {@link MessagePlatform}); absent when the platform sent none/null. */
  readonly messagePlatform?: number;
  /** Push time exactly as sent (the docs show millisecond strings); absent when none/null. */
  readonly timestamp?: string | number;
}

/** A message of a type the docs name. */
export type KnownCallback = {
  [Type in KnownMessageType]: CallbackEnvelope<Type, KnownMessageBodies[Type]>;
}[KnownMessageType];

/** A message of a type this package does not know yet: kept and delivered, never dropped. */
export type UnknownCallback = CallbackEnvelope<string, unknown>;

/**
 * Any message. Because `UnknownCallback['messageType']` is `string`, comparing `messageType`
 * alone cannot narrow the body; use {@link isKnownCallback} or {@link isCallbackOfType} first.
 */
export type PandaPonCallback = KnownCallback | UnknownCallback;

/** The known message of one type. */
export type CallbackOfType<Type extends KnownMessageType> = Extract<
  KnownCallback,
  { messageType: Type }
>;

const knownTypes: ReadonlySet<string> = new Set(KNOWN_MESSAGE_TYPES);

export function isKnownMessageType(messageType: string): messageType is KnownMessageType {
  return knownTypes.has(messageType);
}

export function isJsonObject(value: unknown): value is OpenObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when the message is of a documented type (its body then is an object).
 * In the false branch TypeScript narrows to {@link UnknownCallback}.
 */
export function isKnownCallback(message: PandaPonCallback): message is KnownCallback {
  return isKnownMessageType(message.messageType) && isJsonObject(message.messageBody);
}

/** Narrows a message to one known type, e.g. `isCallbackOfType(msg, 'ORDER_CREATE')`. */
export function isCallbackOfType<Type extends KnownMessageType>(
  message: PandaPonCallback,
  messageType: Type,
): message is CallbackOfType<Type> {
  return message.messageType === messageType && isJsonObject(message.messageBody);
}
