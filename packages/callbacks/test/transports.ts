import { type CallbackHandler, toNodeListener } from '../src/index.js';
import { startServer } from './helpers.js';

/** Delivers a request to a handler and returns its answer, body already read. */
export type Transport = (handler: CallbackHandler, request: Request) => Promise<Response>;

export const direct: Transport = async (handler, request) => {
  const response = await handler(request);
  return new Response(await response.text(), response);
};

/** Through a real node:http server on 127.0.0.1 via toNodeListener, with fetch as the client. */
export const overNodeHttp: Transport = async (handler, request) => {
  const server = await startServer(toNodeListener(handler));
  try {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await fetch(server.url, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
    });
    return new Response(await response.text(), response);
  } finally {
    await server.close();
  }
};

export const transports: [name: string, transport: Transport][] = [
  ['direct Request', direct],
  ['node:http via toNodeListener', overNodeHttp],
];
