/**
 * The wrapper around every PandaPon JSON response. Success is `code === 200`; any other code is
 * a failure, usually sent with HTTP status 200.
 */
export interface PandaPonEnvelope<Data = unknown> {
  requestId?: string | null;
  code: number;
  developId?: string | number | null;
  msg?: string | null;
  data?: Data;
}

/** Loose shape check: an object with a numeric (or numeric-string) `code`. */
export function isEnvelope(value: unknown): value is PandaPonEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { code } = value as { code?: unknown };
  return typeof code === 'number'
    ? Number.isFinite(code)
    : typeof code === 'string' && /^-?\d+$/.test(code);
}

/** The envelope's message, or '' when it has none. */
export function envelopeMessage(envelope: PandaPonEnvelope): string {
  return typeof envelope.msg === 'string' ? envelope.msg : '';
}
