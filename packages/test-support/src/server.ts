/**
 * Real HTTP on 127.0.0.1 with a port the OS picks, for tests that need a peer across a socket:
 * `listenOnLoopback` serves any request listener (a product's own, a fault script), and
 * `startRecordingServer` records every request and answers through a replaceable handler.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops listening and cuts every connection, idle keep-alive ones and requests still waiting
   * for an answer included, so a test never waits for a client's socket to time out.
   */
  close(): Promise<void>;
}

/** Serves `listener` on 127.0.0.1, on a free port. */
export async function listenOnLoopback(listener: RequestListener): Promise<LoopbackServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  bytes: Buffer;
  /** The body decoded as UTF-8. */
  body: string;
}

/** Answers one request; it is called once the whole body is in (and recorded). */
export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface RecordingServer extends LoopbackServer {
  /** Every request so far, in the order their bodies completed. */
  readonly requests: RecordedRequest[];
  /** Replaces the handler for the requests that follow. */
  handle(handler: Handler): void;
}

// A request no handler was given for gets an empty 200.
const emptyAnswer: Handler = (_request, response) => {
  response.end();
};

/**
 * A server that records each request, then answers with the current handler. A handler that
 * throws (or rejects) answers 599 with the error, so the test sees it instead of a hung call.
 */
export async function startRecordingServer(
  handler: Handler = emptyAnswer,
): Promise<RecordingServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = await listenOnLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bytes,
        body: bytes.toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve()
        .then(() => current(recorded, res))
        .catch((error: unknown) => {
          if (!res.headersSent) res.statusCode = 599;
          res.end(String(error));
        });
    });
  });
  return {
    ...server,
    requests,
    handle(next) {
      current = next;
    },
  };
}

/** A port nothing listens on: bind one, then let it go. */
export async function unusedPort(): Promise<number> {
  const server = await listenOnLoopback(() => {});
  await server.close();
  return server.port;
}

/** Writes `body` as JSON with `status` (and any extra headers) and ends the response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}
