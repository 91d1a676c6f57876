import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CallbackHandler,
  type CallbackRejection,
  createCallbackHandler,
  type PandaPonCallback,
  toNodeListener,
} from '../src/index.js';
import { deferred, envelope, hmacHex, SECRET, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends a chunked request (no Content-Length) with node:http, returning status and headers. */
function postChunked(
  url: string,
  chunks: (string | Uint8Array)[],
  headers: Record<string, string>,
): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
      );
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

function handlerReceiving(messages: PandaPonCallback[], maxBodyBytes?: number): CallbackHandler {
  return createCallbackHandler({
    accessSecret: SECRET,
    maxBodyBytes,
    awaitProcessing: true,
    onMessage: (message) => {
      messages.push(message);
    },
  });
}

describe('toNodeListener', () => {
  it('accepts a chunked body (no Content-Length) and preserves its bytes', async () => {
    const messages: PandaPonCallback[] = [];
    server = await startServer(toNodeListener(handlerReceiving(messages)));
    // Multi-byte characters split across chunks must survive: the signature covers the bytes.
    const body = envelope({ messageBody: { salesOrderId: '7', note: '价格修改 ✓' } });
    const bytes = Buffer.from(body);
    const noteAt = bytes.indexOf(Buffer.from('价'));
    const parts = [bytes.subarray(0, noteAt + 1), bytes.subarray(noteAt + 1)];
    const result = await postChunked(server.url, parts, { authorization: hmacHex(body) });
    expect(result.status).toBe(200);
    expect(messages.at(-1)?.messageBody).toEqual({ salesOrderId: '7', note: '价格修改 ✓' });
  });

  it('stops reading a chunked body past the limit: 413 and Connection: close, via the handler', async () => {
    const onRejected = vi.fn<(rejection: CallbackRejection, request: Request) => void>();
    const onMessage = vi.fn();
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      maxBodyBytes: 1024,
      onMessage,
      onRejected,
    });
    server = await startServer(toNodeListener(handler));
    const body = envelope({ messageBody: { note: 'x'.repeat(1500) } });
    const result = await postChunked(server.url, [body.slice(0, 600), body.slice(600)], {
      authorization: hmacHex(body),
    });
    expect(result.status).toBe(413);
    expect(result.connection).toBe('close');
    expect(onMessage).not.toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(onRejected.mock.calls[0]?.[0]).toEqual({ status: 413, reason: 'body-too-large' }),
    );
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const messages: PandaPonCallback[] = [];
    server = await startServer(toNodeListener(handlerReceiving(messages, 100)));
    const body = envelope();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: hmacHex(body) },
      body,
    });
    expect(response.status).toBe(413);
    expect(messages).toEqual([]);
  });

  it('uses a Buffer left in req.body by express.raw()', async () => {
    const messages: PandaPonCallback[] = [];
    const listener = toNodeListener(handlerReceiving(messages));
    // What express.raw() does: read the stream into a Buffer on req.body.
    server = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        Object.assign(req, { body: Buffer.concat(chunks) });
        listener(req, res);
      });
    });
    const body = envelope();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: hmacHex(body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(messages).toHaveLength(1);
  });

  it('throws a clear TypeError when a JSON body parser already consumed the body', async () => {
    const listener = toNodeListener(handlerReceiving([]));
    const thrown = deferred<unknown>();
    // What express.json() does: consume the stream and leave an object on req.body.
    server = await startServer((req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        text += chunk;
      });
      req.on('end', () => {
        Object.assign(req, { body: JSON.parse(text) });
        try {
          listener(req, res);
          thrown.resolve(undefined);
        } catch (error) {
          thrown.resolve(error);
          res.statusCode = 500;
          res.end();
        }
      });
    });
    const body = envelope();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { authorization: hmacHex(body), 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(500);
    const error = await thrown.promise;
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/already read by a body parser.*express\.raw/s);
  });

  it('answers 500 when the handler itself throws, and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      server = await startServer(toNodeListener(() => Promise.reject(new Error('handler bug'))));
      const response = await fetch(server.url, { method: 'POST', body: '{}' });
      expect(response.status).toBe(500);
      expect(log).toHaveBeenCalledWith(expect.any(String), new Error('handler bug'));
    } finally {
      log.mockRestore();
    }
  });

  it('gives the handler the original URL, method and headers', async () => {
    const seen = deferred<Request>();
    server = await startServer(
      toNodeListener(async (request) => {
        seen.resolve(request);
        return new Response('fine', { status: 202, headers: { 'x-reply': 'yes' } });
      }),
    );
    const response = await fetch(`${server.url}?a=1`, {
      method: 'PUT',
      headers: { 'x-custom': 'v' },
      body: 'abc',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-reply')).toBe('yes');
    expect(await response.text()).toBe('fine');
    const request = await seen.promise;
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(`http://127.0.0.1:${server.port}/pandapon/callback?a=1`);
    expect(request.headers.get('x-custom')).toBe('v');
    expect(await request.text()).toBe('abc');
  });

  it('rejects a handler that is not a function', () => {
    expect(() => toNodeListener('nope' as never)).toThrow(TypeError);
  });
});
