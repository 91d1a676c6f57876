import { parseJson } from '@pandapon/json';
import { toBytes } from './bytes.js';
import {
  isJsonObject,
  isKnownMessageType,
  type PandaPonCallback,
  type UnknownCallback,
} from './messages.js';

/**
 * The body is not a valid PandaPon callback envelope. The message names what is wrong and which
 * field, never the body's content (it carries order data).
 */
export class CallbackParseError extends Error {
  override readonly name = 'CallbackParseError';
  /** The envelope field at fault, when one is. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses and validates a callback's raw body. Does NOT check the signature: verify it first
 * (createCallbackHandler does both, in the right order).
 *
 * Rules: the body is a JSON object; `messageType` a non-empty string; `messageBody` present; a
 * string `messageBody` is parsed as JSON (one doc page says it is sent that way); for the known
 * message types the body must be a JSON object. `messagePlatform` (integer) and `timestamp`
 * (string or number) are optional and null counts as absent. Other envelope fields are ignored.
 */
export function parseCallback(rawBody: string | Uint8Array | ArrayBuffer): PandaPonCallback {
  const envelope = parseJsonField(decode(rawBody), 'the request body');
  if (!isJsonObject(envelope)) {
    throw new CallbackParseError(
      `Invalid PandaPon callback: the body must be a JSON object, got ${describe(envelope)}.`,
    );
  }

  const { messageType, messagePlatform, timestamp } = envelope;
  if (typeof messageType !== 'string' || messageType.length === 0) {
    throw new CallbackParseError(
      `Invalid PandaPon callback: messageType must be a non-empty string, got ${describe(messageType)}.`,
      'messageType',
    );
  }

  if (!('messageBody' in envelope) || envelope.messageBody === undefined) {
    throw new CallbackParseError(
      'Invalid PandaPon callback: messageBody is missing.',
      'messageBody',
    );
  }
  let messageBody: unknown = envelope.messageBody;
  if (typeof messageBody === 'string') {
    messageBody = parseJsonField(messageBody, 'messageBody (sent as a string)', 'messageBody');
  }
  if (isKnownMessageType(messageType) && !isJsonObject(messageBody)) {
    throw new CallbackParseError(
      `Invalid PandaPon callback: messageBody of ${messageType} must be a JSON object, got ${describe(messageBody)}.`,
      'messageBody',
    );
  }

  const message: { -readonly [K in keyof UnknownCallback]: UnknownCallback[K] } = {
    messageType,
    messageBody,
  };
  if (messagePlatform !== undefined && messagePlatform !== null) {
    if (!Number.isInteger(messagePlatform)) {
      throw new CallbackParseError(
        `Invalid PandaPon callback: messagePlatform must be an integer (0 = Taobao, 1 = 1688), got ${describe(messagePlatform)}.`,
        'messagePlatform',
      );
    }
    message.messagePlatform = messagePlatform as number;
  }
  if (timestamp !== undefined && timestamp !== null) {
    if (typeof timestamp !== 'string' && typeof timestamp !== 'number') {
      throw new CallbackParseError(
        `Invalid PandaPon callback: timestamp must be a string or a number, got ${describe(timestamp)}.`,
        'timestamp',
      );
    }
    message.timestamp = timestamp;
  }
  // Safe: a known messageType was checked above to carry an object body.
  return message as PandaPonCallback;
}

function decode(rawBody: string | Uint8Array | ArrayBuffer): string {
  if (typeof rawBody === 'string') return rawBody;
  try {
    return utf8.decode(toBytes(rawBody));
  } catch {
    throw new CallbackParseError('Invalid PandaPon callback: the body is not valid UTF-8.');
  }
}

function parseJsonField(text: string, what: string, field?: string): unknown {
  if (text.trim().length === 0) {
    throw new CallbackParseError(`Invalid PandaPon callback: ${what} is empty.`, field);
  }
  try {
    // 1688 order ids in message bodies exceed 2^53: parsed exactly, as bigint.
    return parseJson(text);
  } catch (error) {
    // JSON.parse's own message may quote the input; keep only its position hint.
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
    const where = position === undefined ? '' : ` (at position ${position})`;
    throw new CallbackParseError(
      `Invalid PandaPon callback: ${what} is not valid JSON${where}.`,
      field,
    );
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : 'a string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
