// Where signing runs (signing-stage.ts): in fetch with no middleware of the caller's, first in
// the chain with some, following use/eject both ways.
import { sign } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import { expectedSignature, makeClient, recordingFetch } from './helpers/client.js';

describe('the signing stage', () => {
  it('signs once per attempt whether the caller has middleware, had it, or passes it per call', async () => {
    const { calls, fetch } = recordingFetch();
    let signerCalls = 0;
    const { client } = makeClient('http://127.0.0.1:1', {
      fetch,
      signer: (input) => {
        signerCalls++;
        return sign(input);
      },
    });
    const seen: (string | null)[] = [];
    const watcher = {
      onRequest({ request }: { request: Request }) {
        seen.push(request.headers.get('signature'));
      },
    };
    const call = (init: Record<string, unknown> = {}) =>
      client.POST('/open/order', { body: { itemId: '1', quantity: 1 }, ...init });

    await call();
    client.use(watcher);
    await call();
    client.eject(watcher);
    await call();
    await call({ middleware: [watcher] });

    const sent = calls.map(({ request }) => request);
    expect(sent).toHaveLength(4);
    expect(signerCalls).toBe(4);
    expect(sent.every((r) => r.headers.get('signature') === expectedSignature(r))).toBe(true);
    // The watcher saw the signed request both times it was in the chain, and only then.
    expect(seen).toEqual([sent[1]?.headers.get('signature'), sent[3]?.headers.get('signature')]);
  });

  it('rejects something that is not middleware at use(), like openapi-fetch', () => {
    const { client } = makeClient('http://127.0.0.1:1');
    expect(() => client.use({} as never)).toThrow(/Middleware must be an object/);
  });
});
