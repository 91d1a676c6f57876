// Runs a Fetch API callback handler under node:http (and Express/Connect, which build on it).
// The request/response types are structural so that the published .d.ts does not require
// @types/node from users who only target Workers, Deno or Bun.

import { concatBytes, onArrayBuffer, toBytes } from './bytes.js';
import { type CallbackHandler, internalsOf } from './handler.js';

/** The parts of node:http's IncomingMessage (or Express's req) this adapter uses. */
export interface NodeIncomingRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Set by Express when a router rewrote `url`. */
  readonly originalUrl?: string | undefined;
  readonly headers: { readonly [name: string]: string | string[] | undefined };
  /** A TLSSocket (its `encrypted` is true) makes the URL https. */
  readonly socket?: object | null;
  readonly readableEnded?: boolean;
  /** Set by body parsers: a Buffer from express.raw() is used as the raw body. */
  readonly body?: unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

/** The parts of node:http's ServerResponse this adapter uses. */
export interface NodeServerResponse {
  statusCode: number;
  readonly headersSent?: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
  destroy?(): unknown;
}

export interface NodeListenerOptions {
  /** Overrides the limit; default: the handler's maxBodyBytes (1 MiB for other handlers). */
  maxBodyBytes?: number;
}

export type NodeListener = (req: NodeIncomingRequest, res: NodeServerResponse) => void;

const ONE_MIB = 1024 * 1024;

/**
 * Adapts a handler for `http.createServer(listener)` or Express (`app.post(path, listener)`).
 * The body is read as raw bytes (the signature covers them exactly), stopping as soon as it
 * exceeds the limit. Behind Express, mount it with `express.raw({ type: '*\/*' })` or before any
 * JSON body parser: a body already parsed into an object cannot be verified, and the listener
 * throws a TypeError saying so.
 */
export function toNodeListener(
  handler: CallbackHandler,
  options: NodeListenerOptions = {},
): NodeListener {
  if (typeof handler !== 'function') {
    throw new TypeError('toNodeListener: handler must be a function (from createCallbackHandler).');
  }
  const internals = internalsOf(handler);
  const maxBodyBytes = options.maxBodyBytes ?? internals?.maxBodyBytes ?? ONE_MIB;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new TypeError('toNodeListener: maxBodyBytes must be a non-negative integer.');
  }

  return function pandaponCallbackListener(req, res) {
    // Checked synchronously so Express reports the misconfiguration through its error handler.
    const parsedBody = bodyAlreadyRead(req);
    // From now until its answer is written, this request's acknowledgment goes before any
    // queued processing.
    const release = internals?.holdProcessing();
    void serve(req, res, parsedBody).finally(release);
  };

  async function serve(
    req: NodeIncomingRequest,
    res: NodeServerResponse,
    parsedBody: Uint8Array | undefined,
  ): Promise<void> {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const url = requestUrl(req);
      const headers = requestHeaders(req);
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const declared = Number(req.headers['content-length'] ?? Number.NaN);
        const read =
          parsedBody !== undefined
            ? { ok: true as const, bytes: parsedBody }
            : declared > maxBodyBytes
              ? { ok: false as const }
              : await readNodeBody(req, maxBodyBytes);
        if (!read.ok || read.bytes.byteLength > maxBodyBytes) {
          const request = new Request(url, { method, headers });
          const response =
            internals?.tooLarge(request) ?? new Response('Payload Too Large', { status: 413 });
          // The rest of the body is never read: closing the connection stops the client sending it.
          await writeResponse(res, response, { closeConnection: true });
          return;
        }
        body = onArrayBuffer(read.bytes);
        headers.delete('transfer-encoding');
        headers.set('content-length', String(body.byteLength));
      }
      const request = new Request(url, { method, headers, body });
      if (internals === undefined) {
        await writeResponse(res, await handler(request), { closeConnection: false });
        return;
      }
      // Processing is queued only once the acknowledgment is written to the socket, so a burst
      // of CPU-heavy onMessage calls cannot sit between a verified callback and its 200.
      let startProcessing: (() => void) | undefined;
      const response = await internals.answer(request, undefined, (start) => {
        startProcessing = start;
      });
      try {
        await writeResponse(res, response, { closeConnection: false });
      } finally {
        // Even if the client went away: the message is claimed, so its redelivery would be
        // skipped as a duplicate; processing it now keeps it from being lost.
        startProcessing?.();
      }
    } catch (error) {
      if (error instanceof ClientAbortedError) {
        res.destroy?.();
        return;
      }
      console.error('[@pandapon/callbacks] the callback handler failed:', error);
      if (res.headersSent === true) {
        res.destroy?.();
      } else {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(toBytes('Internal Server Error'));
      }
    }
  }
}

class ClientAbortedError extends Error {}

/** The raw bytes a body parser already read, or undefined when the stream is still unread. */
function bodyAlreadyRead(req: NodeIncomingRequest): Uint8Array | undefined {
  if (req.body instanceof Uint8Array) return req.body;
  if (req.readableEnded === true) {
    const what =
      typeof req.body === 'string'
        ? 'a string (express.text?)'
        : req.body === undefined
          ? 'nothing'
          : 'an object (express.json?)';
    throw new TypeError(
      `toNodeListener: the request body was already read by a body parser and req.body is ${what}, ` +
        'so the raw bytes the signature covers are gone. Mount the listener with ' +
        "express.raw({ type: '*/*', limit: '1mb' }) on its route, or before any body parser.",
    );
  }
  return undefined;
}

function requestUrl(req: NodeIncomingRequest): string {
  const socket = req.socket;
  const encrypted = typeof socket === 'object' && socket !== null && 'encrypted' in socket;
  const protocol = encrypted && socket.encrypted === true ? 'https' : 'http';
  const host = firstValue(req.headers.host) ?? 'localhost';
  const path = req.originalUrl ?? req.url ?? '/';
  try {
    return new URL(path, `${protocol}://${host}`).href;
  } catch {
    // A malformed Host header must not stop a signed callback from being verified.
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost').href;
  }
}

function requestHeaders(req: NodeIncomingRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (":path") are not headers in the Fetch sense.
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, item);
      } catch {
        // Node already rejects most invalid header bytes; skip whatever Headers still refuses.
      }
    }
  }
  return headers;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

type NodeBodyRead = { ok: true; bytes: Uint8Array } | { ok: false };

function readNodeBody(req: NodeIncomingRequest, maxBytes: number): Promise<NodeBodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? toBytes(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) {
        // Stop collecting; without a data listener the flowing stream discards the rest.
        cleanUp();
        resolve({ ok: false });
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      cleanUp();
      resolve({ ok: true, bytes: concatBytes(chunks, total) });
    };
    const onError = () => {
      cleanUp();
      reject(new ClientAbortedError());
    };
    // 'close' before 'end' means the client went away mid-body.
    const onClose = onError;
    function cleanUp() {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('close', onClose);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

async function writeResponse(
  res: NodeServerResponse,
  response: Response,
  { closeConnection }: { closeConnection: boolean },
): Promise<void> {
  const body = response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (closeConnection) res.setHeader('connection', 'close');
  res.end(body);
}
