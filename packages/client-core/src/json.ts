/**
 * JSON that keeps 64-bit integers exact.
 *
 * 1688 order ids (and other Java `long` ids on PandaPon) are 19-digit JSON numbers, beyond
 * JavaScript's 2^53 safe range: `JSON.parse` silently rounds them, and an order cancelled with
 * a rounded id is "not found". So integers that do not fit a double are parsed as `bigint`,
 * and `bigint` values are written back as plain JSON numbers.
 */

// A string value can only start with this marker if it was put there by markUnsafeIntegers:
// the random part is fresh per process and never leaves it.
const MARKER = `\u0000pandapon-int64-${Math.random().toString(36).slice(2)}:`;
const MARKER_IN_JSON = JSON.stringify(MARKER).slice(1, -1);
const MARKED_NUMBER = new RegExp(
  `"${MARKER_IN_JSON.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(-?\\d+)"`,
  'g',
);

/** 16 digits in a row: the only way a JSON text can hold an integer beyond 2^53 - 1. */
const MAYBE_UNSAFE = /\d{16}/;

/** `JSON.parse`, except integers beyond ±(2^53 − 1) become `bigint` instead of being rounded. */
export function parseJson(text: string): unknown {
  if (!MAYBE_UNSAFE.test(text)) return JSON.parse(text);
  const marked = markUnsafeIntegers(text);
  if (marked === text) return JSON.parse(text);
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARKER)
      ? BigInt(value.slice(MARKER.length))
      : value,
  );
}

/** `JSON.stringify`, except `bigint` values are written as JSON numbers (digits, unquoted). */
export function stringifyJson(value: unknown): string {
  let sawBigInt = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    sawBigInt = true;
    return MARKER + v.toString();
  });
  return sawBigInt ? text.replace(MARKED_NUMBER, '$1') : text;
}

/**
 * Wraps every unsafe integer literal outside strings in a marked string, so that JSON.parse
 * hands it to the reviver as text. A linear scan; only runs when a 16-digit run exists.
 */
function markUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      // Skip a string literal, honouring backslash escapes.
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22)
        i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
      continue;
    }
    if (ch === 0x2d /* - */ || (ch >= 0x30 && ch <= 0x39)) {
      const start = i;
      i++;
      while (i < text.length && isNumberChar(text.charCodeAt(i))) i++;
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedUpTo, start)}"${MARKER_IN_JSON}${token}"`;
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function isNumberChar(ch: number): boolean {
  // digits . e E + -
  return (
    (ch >= 0x30 && ch <= 0x39) ||
    ch === 0x2e ||
    ch === 0x65 ||
    ch === 0x45 ||
    ch === 0x2b ||
    ch === 0x2d
  );
}
