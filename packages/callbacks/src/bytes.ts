const utf8 = new TextEncoder();

/** A view of the body's bytes, without copying when it already is bytes. */
export function toBytes(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return utf8.encode(body);
  if (body instanceof Uint8Array) return body;
  return new Uint8Array(body);
}

/**
 * The same bytes over a plain ArrayBuffer, which Web APIs (fetch bodies, crypto.subtle) require;
 * copies only when the view sits on a SharedArrayBuffer.
 */
export function onArrayBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

/** Concatenates chunks into one array (one allocation, sized up front). */
export function concatBytes(chunks: readonly Uint8Array[], totalLength: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const bytes = new Uint8Array(totalLength);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export type BodyReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' };

/**
 * Reads a Fetch body stream to its end, giving up as soon as it exceeds `maxBytes` so an
 * oversized (or endless) body is never held in memory.
 */
export async function readBodyWithLimit(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<BodyReadResult> {
  if (body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Nobody will read the rest; cancelling lets the runtime stop receiving it.
      reader.cancel().catch(() => {});
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: concatBytes(chunks, total) };
}

/** The Content-Length header as a number, or undefined when absent or not a plain integer. */
export function declaredLength(headers: { get(name: string): string | null }): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
