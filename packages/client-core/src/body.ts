/**
 * Reads a response body as text without ever holding more than `limit` bytes of it: counted as
 * the stream arrives (and checked against a declared Content-Length first), so a huge or endless
 * body is cut off instead of filling the memory.
 */

/** Thrown (and turned into PandaPonResponseTooLargeError) when a body passes the limit. */
export class BodyTooLarge {
  constructor(readonly limit: number) {}
}

export async function readLimited(
  body: ReadableStream<Uint8Array> | null | undefined,
  contentLength: string | null,
  limit: number,
): Promise<string> {
  if (!body) return '';
  if (contentLength !== null && Number(contentLength) > limit) {
    await body.cancel().catch(() => {});
    throw new BodyTooLarge(limit);
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
}
