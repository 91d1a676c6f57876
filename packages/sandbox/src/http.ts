import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the sandbox reads (the platform's bodies are small JSON documents). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1
    ? (chunks[0] as Buffer).toString('utf8')
    : Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes a JSON answer with a `Date` header from the sandbox clock: clients correct their clock
 * skew from it, so under an injected skew it must show the skewed time.
 */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: string,
  clockMs: number,
  extraHeaders: Record<string, string> = {},
): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(body),
    date: new Date(clockMs).toUTCString(),
    ...extraHeaders,
  });
  response.end(body);
}
