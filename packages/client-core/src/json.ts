/**
 * JSON that keeps 64-bit integers exact.
 *
 * 1688 order ids (and other Java `long` ids on PandaPon) are 19-digit JSON numbers, beyond
 * JavaScript's 2^53 safe range: `JSON.parse` silently rounds them, and an order cancelled with
 * a rounded id is "not found". So integers that do not fit a double are parsed as `bigint`,
 * and `bigint` values are written back as plain JSON numbers.
 */

// A string value can only start with this marker if parseJson or stringifyJson put it there:
// the random part is fresh per process and never leaves it.
const TAG = `pandapon-int64-${Math.random().toString(36).slice(2)}:`;
const MARKER = `\u0000${TAG}`;
// The marker as JSON.stringify writes it inside a string (NUL escaped), and as a pattern.
const MARKER_IN_JSON = `\\u0000${TAG}`;
const MARKED_NUMBER = new RegExp(`"\\\\u0000${TAG}(-?\\d+)"`, 'g');

/** 16 digits in a row: the only way a JSON text can hold an integer beyond 2^53 - 1. */
const MAYBE_UNSAFE = /\d{16}/;

/**
 * The tokens parseJson looks at: a whole string literal (so digits inside strings are
 * skipped, escaped quotes included), or a number literal.
 */
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** `JSON.parse`, except integers beyond ±(2^53 − 1) become `bigint` instead of being rounded. */
export function parseJson(text: string): unknown {
  if (!MAYBE_UNSAFE.test(text)) return JSON.parse(text);
  // Every unsafe integer literal outside strings becomes a marked string, which JSON.parse hands
  // to the reviver as text.
  let marked = false;
  const markedText = text.replace(STRING_OR_NUMBER, (token) => {
    if (!/^-?\d{16,}$/.test(token) || Number.isSafeInteger(Number(token))) return token;
    marked = true;
    return `"${MARKER_IN_JSON}${token}"`;
  });
  return marked
    ? JSON.parse(markedText, (_key, value: unknown) =>
        typeof value === 'string' && value.startsWith(MARKER)
          ? BigInt(value.slice(MARKER.length))
          : value,
      )
    : JSON.parse(text);
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
