// A string value can only start with this marker if stringifyJson put it there: the random part
// is fresh per process and never leaves it.
const TAG = `pandapon-int64-${Math.random().toString(36).slice(2)}:`;
const MARKER = `\u0000${TAG}`;
// The marked value as JSON.stringify writes it (NUL escaped, in quotes).
const MARKED_NUMBER = new RegExp(`"\\\\u0000${TAG}(-?\\d+)"`, 'g');

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
