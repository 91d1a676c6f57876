// Where signing runs (signing-stage.ts): in fetch with no middleware of the caller's, first in
// the chain with some, following use/eject both ways.
import { sign } from '@pandapon/signing';
import { describe, expect, it } from 'vitest';
import { ACCESS_SECRET, makeClient } from './helpers/client.js';

function recorder() {
  const sent: Request[] = [];
  const fetch = async (request: Request) => {
    sent.push(request);
    return Response.json({ code: 200, data: null });
  };
  return { sent, fetch };
}

const valid = (request: Request) =>
  request.headers.get('signature') ===
  sign({
    accessKey: request.headers.get('access-key') ?? '',
    timestamp: request.headers.get('timestamp') ?? '',
    nonceStr: request.headers.get('nonce-str') ?? '',
    accessSecret: ACCESS_SECRET,
  });

describe('the signing stage', () => {
  it('signs once per attempt whether the caller has middleware, had it, or passes it per call', async () => {
    const { sent, fetch } = recorder();
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

    expect(sent).toHaveLength(4);
    expect(signerCalls).toBe(4);
    expect(sent.every(valid)).toBe(true);
    // The watcher saw the signed request both times it was in the chain, and only then.
    expect(seen).toEqual([sent[1]?.headers.get('signature'), sent[3]?.headers.get('signature')]);
  });

  it('rejects something that is not middleware at use(), like openapi-fetch', () => {
    const { client } = makeClient('http://127.0.0.1:1');
    expect(() => client.use({} as never)).toThrow(/Middleware must be an object/);
  });
});
