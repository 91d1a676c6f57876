/**
 * Issue 10 item 3: redirects are never followed, so credentials and bodies never reach another
 * origin; a 3xx surfaces as PandaPonRedirectError and is not retried.
 */
import { describe, expect, it } from 'vitest';
import { PandaPonHttpError, PandaPonRedirectError } from '../src/index.js';
import { makeClient } from './helpers/client.js';
import { useServer } from './helpers/server.js';

describe('redirects', () => {
  const gateway = useServer();
  const elsewhere = useServer();

  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} on order create reaches nobody else and throws a typed error`, async () => {
      gateway.handle((_req, res) => {
        res.writeHead(status, { location: `${elsewhere.baseUrl}/steal?sign=abc` });
        res.end('moved');
      });
      const { client } = makeClient(gateway.baseUrl, { fetch: undefined });
      const error = await client
        .POST('/open/order', { body: { itemId: '1', quantity: 1 } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PandaPonRedirectError);
      expect(error).toBeInstanceOf(PandaPonHttpError);
      expect(error).toMatchObject({
        status,
        method: 'POST',
        path: '/open/order',
        location: `${elsewhere.baseUrl}/steal`,
      });
      expect(String((error as Error).message)).not.toContain('sign=');
      expect(gateway.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    });
  }

  it('is not retried, not even for a read, and a per-call redirect option cannot undo it', async () => {
    gateway.handle((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.baseUrl}/x` });
      res.end();
    });
    const { client } = makeClient(gateway.baseUrl);
    const error = await client
      .GET('/open/product/get', { params: { query: { itemId: '1' } }, redirect: 'follow' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonRedirectError);
    expect(gateway.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('also when a custom fetch passes only the Request on, ignoring its init', async () => {
    gateway.handle((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.baseUrl}/x` });
      res.end();
    });
    const { client } = makeClient(gateway.baseUrl, { fetch: (request) => fetch(request) });
    await expect(client.request('POST', '/open/order', { body: {} })).rejects.toBeInstanceOf(
      PandaPonRedirectError,
    );
    expect(elsewhere.requests).toHaveLength(0);
  });
});
