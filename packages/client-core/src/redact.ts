/** What a log line shows instead of a secret value. */
export const REDACTED = '[REDACTED]';

/** Headers whose values are credentials; logged as REDACTED. */
const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'signature',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** Query parameters that carry a signature (warehouse-logistics endpoints add `sign`). */
const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set(['sign', 'signature']);

/** `58c0…cf03`: enough to tell two keys apart in a log, not enough to use one. */
export function maskAccessKey(value: string): string {
  return value.length > 8 ? `${value.slice(0, 4)}…${value.slice(-4)}` : REDACTED;
}

/**
 * Headers as a plain object for a log line: credentials redacted, the access key masked, and
 * any value that contains one of `secrets` (the access secret, this request's signature)
 * redacted too, whatever the header is called.
 */
export function redactHeaders(
  headers: Headers,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (SECRET_HEADERS.has(name) || containsAny(value, secrets)) out[name] = REDACTED;
    else if (name === 'access-key') out[name] = maskAccessKey(value);
    else out[name] = value;
  });
  return out;
}

/** The URL for a log line, with signature query parameters redacted. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
  }
  // URLSearchParams percent-encodes the brackets; put them back for a readable log line.
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** Replaces every occurrence of each secret in `text` (e.g. a server echoing our headers). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}

function containsAny(value: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret !== '' && value.includes(secret));
}
