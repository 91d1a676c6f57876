/** What a log line shows instead of a secret value. */
export const REDACTED = '[REDACTED]';

/** Headers whose values are credentials; logged as REDACTED. */
const SECRET_HEADERS = /^(?:signature|authorization|proxy-authorization|cookie|set-cookie)$/;

/** Query parameters that carry a signature (warehouse-logistics endpoints add `sign`). */
const SECRET_QUERY_PARAMS = /([?&](?:sign|signature)=)[^&#]*/gi;

/**
 * Headers as a plain object for a log line: credentials redacted, the access key masked (first and
 * last four characters: enough to tell two keys apart, not enough to use one), and any value that
 * contains one of `secrets` (the access secret, this request's signature) redacted too, whatever
 * the header is called.
 */
export function redactHeaders(
  headers: Headers,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    let shown = value;
    if (SECRET_HEADERS.test(name) || scrub(value, secrets) !== value) shown = REDACTED;
    else if (name === 'access-key') {
      shown = value.length > 8 ? `${value.slice(0, 4)}…${value.slice(-4)}` : REDACTED;
    }
    out[name] = shown;
  });
  return out;
}

/** The URL for a log line, with signature query parameters redacted. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`);
}

/**
 * Replaces every occurrence of each secret in `text` (e.g. a server echoing our headers), in any
 * letter case: a hex signature echoed in lower case is still the signature.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    const lower = out.toLowerCase();
    const needle = secret.toLowerCase();
    // Same length in either case for the ASCII that secrets and signatures are made of; where
    // lower-casing changes lengths, fall back to exact matching rather than cut at wrong places.
    if (lower.length !== out.length || needle.length !== secret.length) {
      out = out.split(secret).join(REDACTED);
      continue;
    }
    let result = '';
    let from = 0;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
      result += out.slice(from, at) + REDACTED;
      from = at + needle.length;
    }
    out = from === 0 ? out : result + out.slice(from);
  }
  return out;
}
