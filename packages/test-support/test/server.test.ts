import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOnLoopback, sendJson, startRecordingServer, unusedPort } from '../src/index.js';

describe('startRecordingServer', () => {
  it('records method, url, headers and the raw bytes of the body', async () => {
    const server = await startRecordingServer((_request, response) =>
      sendJson(response, 201, { ok: 1 }),
    );
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // Not valid UTF-8 on purpose: the bytes must arrive unchanged.
      const bytes = Buffer.from([0x7b, 0xff, 0x00, 0xe4, 0xb8, 0xad, 0x7d]);
      const response = await fetch(`${server.url}/path?q=1`, {
        method: 'POST',
        headers: { 'x-test': 'yes' },
        body: bytes,
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(await response.json()).toEqual({ ok: 1 });
      expect(server.requests).toHaveLength(1);
      const [recorded] = server.requests;
      expect(recorded?.method).toBe('POST');
      expect(recorded?.url).toBe('/path?q=1');
      expect(recorded?.headers['x-test']).toBe('yes');
      expect(recorded?.bytes.equals(bytes)).toBe(true);
      expect(recorded?.body).toBe(bytes.toString('utf8'));
    } finally {
      await server.close();
    }
  });

  it('answers with the handler set last, and with 599 when a handler throws', async () => {
    const server = await startRecordingServer();
    try {
      expect((await fetch(server.url)).status).toBe(200);
      server.handle(() => {
        throw new Error('handler bug');
      });
      const failed = await fetch(server.url);
      expect(failed.status).toBe(599);
      expect(await failed.text()).toBe('Error: handler bug');
      server.handle(async () => Promise.reject(new Error('async bug')));
      expect((await fetch(server.url)).status).toBe(599);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('closes at once with an idle keep-alive connection and a request never answered', async () => {
    const server = await startRecordingServer((request, response) => {
      if (request.url === '/hang') return; // never answered
      response.end('ok');
    });
    const agent = new Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        httpRequest(`${server.url}${path}`, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve('answered'));
        })
          .on('error', (error) => reject(error))
          .end();
      });
    try {
      expect(await get('/idle')).toBe('answered'); // leaves a kept-alive socket open
      const hanging = get('/hang').catch((error: NodeJS.ErrnoException) => error.code);
      await waitUntil(() => server.requests.length === 2);
      // Without cutting connections, close() would wait on the unanswered request for ever.
      const started = Date.now();
      await server.close();
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(await hanging).toBe('ECONNRESET');
    } finally {
      agent.destroy();
    }
  });
});

describe('listenOnLoopback', () => {
  it('serves the listener given and stops accepting connections after close', async () => {
    const server = await listenOnLoopback((_request, response) => response.end('mine'));
    expect(await (await fetch(server.url)).text()).toBe('mine');
    await server.close();
    await expect(refused(server.port)).resolves.toBe('ECONNREFUSED');
  });
});

describe('unusedPort', () => {
  it('gives a port nothing listens on', async () => {
    expect(await refused(await unusedPort())).toBe('ECONNREFUSED');
  });
});

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)));
  });
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
