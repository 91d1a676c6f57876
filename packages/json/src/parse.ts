/**
 * JSON parsing that keeps integers beyond 2^53 exact.
 *
 * 1688 order ids (and other Java `long` ids on PandaPon) are 19-digit JSON numbers, beyond
 * JavaScript's safe integer range: `JSON.parse` silently rounds them, and an order cancelled
 * with a rounded id is "not found". Node 20's `JSON.parse` cannot hand a reviver the source
 * text, so texts that may hold such a number are parsed here, in one pass over the text with an
 * explicit stack (no recursion: nesting depth cannot overflow the call stack, and no step looks
 * back, so the time is linear in the length, for valid and invalid input alike).
 */

/** How an integer beyond ±(2^53 − 1) comes back. */
export type BigIntegerMode = 'bigint' | 'string';

export interface ParseOptions {
  /**
   * `'bigint'` (default): as a `bigint`. `'string'`: as its exact digits (a string), for code
   * that passes ids on as text or stores them as JSON again.
   */
  bigIntegers?: BigIntegerMode;
}

/** 16 digits in a row: the only way a JSON text can hold an integer beyond 2^53 − 1. */
const MAYBE_UNSAFE = /\d{16}/;

/**
 * `JSON.parse`, except integers beyond ±(2^53 − 1) become `bigint` (or their digit string).
 * Same results and the same SyntaxError (as to when, not the wording) as `JSON.parse` otherwise.
 */
export function parseJson(text: string, options?: ParseOptions): unknown {
  if (typeof text !== 'string') throw new TypeError('parseJson: text must be a string');
  const mode = options?.bigIntegers ?? 'bigint';
  if (mode !== 'bigint' && mode !== 'string') {
    throw new TypeError("parseJson: options.bigIntegers must be 'bigint' or 'string'");
  }
  // The native parser is several times faster; it is exact whenever no 16-digit run exists.
  if (!MAYBE_UNSAFE.test(text)) return JSON.parse(text);
  return new Parser(text, mode).parse();
}

interface Frame {
  container: unknown[] | Record<string, unknown>;
  /** The pending key, for an object. */
  key: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class Parser {
  readonly #text: string;
  readonly #mode: BigIntegerMode;
  #at = 0;

  constructor(text: string, mode: BigIntegerMode) {
    this.#text = text;
    this.#mode = mode;
  }

  parse(): unknown {
    const stack: Frame[] = [];
    for (;;) {
      this.#skipSpace();
      let value: unknown;
      let complete = true;
      const code = this.#text.charCodeAt(this.#at);
      if (code === 0x7b /* { */) {
        this.#at++;
        this.#skipSpace();
        if (this.#text.charCodeAt(this.#at) === 0x7d /* } */) {
          this.#at++;
          value = {};
        } else {
          stack.push({ container: {}, key: this.#key() });
          complete = false;
        }
      } else if (code === 0x5b /* [ */) {
        this.#at++;
        this.#skipSpace();
        if (this.#text.charCodeAt(this.#at) === 0x5d /* ] */) {
          this.#at++;
          value = [];
        } else {
          stack.push({ container: [], key: undefined });
          complete = false;
        }
      } else {
        value = this.#scalar(code);
      }
      if (!complete) continue;

      // A value is complete: add it to the open containers, closing those that end here.
      for (;;) {
        const frame = stack.at(-1);
        if (!frame) {
          this.#skipSpace();
          if (this.#at !== this.#text.length) this.#fail();
          return value;
        }
        add(frame, value);
        this.#skipSpace();
        const next = this.#text.charCodeAt(this.#at);
        if (next === 0x2c /* , */) {
          this.#at++;
          if (!Array.isArray(frame.container)) {
            this.#skipSpace();
            frame.key = this.#key();
          }
          break;
        }
        const close = Array.isArray(frame.container) ? 0x5d : 0x7d;
        if (next !== close) this.#fail();
        this.#at++;
        stack.pop();
        value = frame.container;
      }
    }
  }

  /** A string, number, true, false or null starting at the cursor. */
  #scalar(code: number): unknown {
    if (code === QUOTE) return this.#string();
    if (code === 0x2d /* - */ || (code >= 0x30 && code <= 0x39)) return this.#number();
    for (const [word, value] of LITERALS) {
      if (this.#text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return value;
      }
    }
    return this.#fail();
  }

  /** An object key and its colon; leaves the cursor at the value. */
  #key(): string {
    if (this.#text.charCodeAt(this.#at) !== QUOTE) this.#fail();
    const key = this.#string();
    this.#skipSpace();
    if (this.#text.charCodeAt(this.#at) !== 0x3a /* : */) this.#fail();
    this.#at++;
    return key;
  }

  /**
   * A string literal. Its end is found in one scan; a literal with escapes is then decoded by
   * JSON.parse itself (native, linear, and exactly JSON's escape rules), instead of being built
   * piece by piece.
   */
  #string(): string {
    const text = this.#text;
    const open = this.#at;
    let at = open + 1;
    let escaped = false;
    for (;;) {
      if (at >= text.length) this.#fail(at);
      const code = text.charCodeAt(at);
      if (code === QUOTE) break;
      if (code < 0x20) this.#fail(at);
      if (code === BACKSLASH) {
        escaped = true;
        at += 2;
      } else at++;
    }
    this.#at = at + 1;
    if (!escaped) return text.slice(open + 1, at);
    try {
      return JSON.parse(text.slice(open, at + 1)) as string;
    } catch {
      // JSON.parse's own message may quote the text.
      return this.#fail(open);
    }
  }

  #number(): number | bigint | string {
    const text = this.#text;
    const start = this.#at;
    let at = start;
    if (text.charCodeAt(at) === 0x2d) at++;
    const intStart = at;
    at = this.#digits(at);
    // One digit at least, and no leading zero before more digits.
    if (at === intStart || (text.charCodeAt(intStart) === 0x30 && at - intStart > 1)) {
      this.#fail(at);
    }
    let integer = true;
    if (text.charCodeAt(at) === 0x2e /* . */) {
      integer = false;
      const fraction = at + 1;
      at = this.#digits(fraction);
      if (at === fraction) this.#fail(at);
    }
    const e = text.charCodeAt(at);
    if (e === 0x65 || e === 0x45 /* e E */) {
      integer = false;
      at++;
      const sign = text.charCodeAt(at);
      if (sign === 0x2b || sign === 0x2d) at++;
      const exponent = at;
      at = this.#digits(exponent);
      if (at === exponent) this.#fail(at);
    }
    this.#at = at;
    const token = text.slice(start, at);
    const value = Number(token);
    if (!integer || at - intStart < 16 || Number.isSafeInteger(value)) return value;
    return this.#mode === 'bigint' ? BigInt(token) : token;
  }

  #digits(from: number): number {
    let at = from;
    for (let code = this.#text.charCodeAt(at); code >= 0x30 && code <= 0x39; ) {
      code = this.#text.charCodeAt(++at);
    }
    return at;
  }

  #skipSpace(): void {
    const text = this.#text;
    let at = this.#at;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      at++;
    }
    this.#at = at;
  }

  /** A SyntaxError like JSON.parse's: the position only, never the text (it may hold secrets). */
  #fail(at = this.#at): never {
    throw new SyntaxError(
      at >= this.#text.length
        ? 'Unexpected end of JSON input'
        : `Unexpected token in JSON at position ${at}`,
    );
  }
}

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/**
 * Adds `value` under the frame's pending key or at the end of its array. A `__proto__` key
 * becomes an own property, as with JSON.parse, never the object's prototype.
 */
function add(frame: Frame, value: unknown): void {
  const { container, key } = frame;
  if (Array.isArray(container)) container.push(value);
  else if (key === '__proto__') {
    Object.defineProperty(container, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else container[key as string] = value;
}
