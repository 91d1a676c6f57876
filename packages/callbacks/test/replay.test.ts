import { describe, expect, it, vi } from 'vitest';
import {
  type CallbackDedupeStore,
  type CallbackSkip,
  createCallbackHandler,
  createMemoryDedupeStore,
  type PandaPonCallback,
} from '../src/index.js';
import { envelope, signedRequest } from './helpers.js';
import { transports } from './transports.js';

const SECRET = 'test-access-secret-9f8e7d';
const HOUR = 60 * 60 * 1000;
const noop = () => {};

/** A handler that runs onMessage before answering, so counts are final when the answer is. */
function counting(extra: Partial<Parameters<typeof createCallbackHandler>[0]> = {}) {
  const seen: PandaPonCallback[] = [];
  const skipped: CallbackSkip[] = [];
  const handler = createCallbackHandler({
    accessSecret: SECRET,
    awaitProcessing: true,
    onMessage: (message) => {
      seen.push(message);
    },
    onSkipped: (skip) => {
      skipped.push(skip);
    },
    ...extra,
  });
  return { handler, seen, skipped };
}

describe.each(transports)('replays over %s', (_name, send) => {
  it('processes a replayed valid callback once by default, acknowledging every copy', async () => {
    const onMessage = vi.fn();
    const handler = createCallbackHandler({ accessSecret: SECRET, onMessage });
    const body = envelope();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await send(handler, signedRequest(body))).status);
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    // Give any wrongly scheduled second call the chance to run.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe('de-duplication (on by default)', () => {
  it('lets only one of many concurrent copies through', async () => {
    const { handler, seen, skipped } = counting();
    const body = envelope();
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => handler(signedRequest(body))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(25).fill(200));
    expect(seen).toHaveLength(1);
    await vi.waitFor(() => expect(skipped).toHaveLength(24));
    expect(skipped[0]?.reason).toBe('duplicate');
  });

  it('remembers a body for 24 hours by default, covering the 2.5 h redelivery window', async () => {
    let now = Date.UTC(2026, 0, 1);
    const store = createMemoryDedupeStore({ now: () => now });
    const { handler, seen } = counting({ dedupe: { store } });
    const body = envelope();
    await handler(signedRequest(body));
    // The platform's last redelivery: 5 retries, 30 minutes apart.
    now += 5 * 30 * 60 * 1000 + 60_000;
    await handler(signedRequest(body));
    now += 20 * HOUR;
    await handler(signedRequest(body));
    expect(seen).toHaveLength(1);
    now += 4 * HOUR;
    await handler(signedRequest(body));
    expect(seen).toHaveLength(2);
  });

  it('treats different bytes as different messages (no merging of equal-looking events)', async () => {
    const { handler, seen } = counting();
    await handler(signedRequest(envelope({ timestamp: '1' })));
    await handler(signedRequest(envelope({ timestamp: '2' })));
    expect(seen).toHaveLength(2);
  });

  it('processes the redelivery of a body whose processing failed', async () => {
    let fail = true;
    const seen: unknown[] = [];
    const handler = createCallbackHandler({
      accessSecret: SECRET,
      awaitProcessing: true,
      onError: noop,
      onMessage(message) {
        if (fail) {
          fail = false;
          throw new Error('transient');
        }
        seen.push(message);
      },
    });
    const body = envelope();
    expect((await handler(signedRequest(body))).status).toBe(500);
    expect((await handler(signedRequest(body))).status).toBe(200);
    expect((await handler(signedRequest(body))).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('uses a shared store through claim(key, ttlMs) / release(key)', async () => {
    // Two instances of a deployment, one store (what Redis SET NX PX gives).
    const claims: [string, number][] = [];
    const keys = new Set<string>();
    const store: CallbackDedupeStore = {
      async claim(key, ttlMs) {
        claims.push([key, ttlMs]);
        if (keys.has(key)) return false;
        keys.add(key);
        return true;
      },
      async release(key) {
        keys.delete(key);
      },
    };
    const a = counting({ dedupe: { store, ttlMs: 3 * HOUR } });
    const b = counting({ dedupe: { store, ttlMs: 3 * HOUR } });
    const body = envelope();
    await a.handler(signedRequest(body));
    await b.handler(signedRequest(body));
    expect(a.seen.length + b.seen.length).toBe(1);
    expect(claims).toHaveLength(2);
    expect(claims[0]?.[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(claims[0]?.[1]).toBe(3 * HOUR);
    // The key is a digest of the body, not the signature.
    expect(claims[0]?.[0]).not.toContain(signedRequest(body).headers.get('authorization'));
  });

  it('answers 500 without calling onMessage when the store fails, so the platform redelivers', async () => {
    const onError = vi.fn();
    const { handler, seen } = counting({
      onError,
      dedupe: {
        store: {
          claim: () => Promise.reject(new Error('redis down')),
          release: () => Promise.resolve(),
        },
      },
    });
    const response = await handler(signedRequest(envelope()));
    expect(response.status).toBe(500);
    expect(seen).toEqual([]);
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error('redis down'));
  });

  it('can be switched off with dedupe: false', async () => {
    const { handler, seen } = counting({ dedupe: false });
    const body = envelope();
    await handler(signedRequest(body));
    await handler(signedRequest(body));
    expect(seen).toHaveLength(2);
  });
});

describe('maxAgeMs (freshness of the message timestamp)', () => {
  const pushedAt = 1_732_200_000_000;

  it('acknowledges a stale message without calling onMessage, and reports its age', async () => {
    const { handler, seen, skipped } = counting({
      maxAgeMs: 3 * HOUR,
      now: () => pushedAt + 3 * HOUR + 1,
    });
    const response = await handler(signedRequest(envelope({ timestamp: String(pushedAt) })));
    expect(response.status).toBe(200);
    expect(seen).toEqual([]);
    await vi.waitFor(() => expect(skipped).toHaveLength(1));
    expect(skipped[0]).toMatchObject({ reason: 'stale', ageMs: 3 * HOUR + 1 });
  });

  it('processes a message within maxAgeMs, as a string or a number timestamp', async () => {
    const { handler, seen } = counting({ maxAgeMs: 3 * HOUR, now: () => pushedAt + 3 * HOUR });
    await handler(signedRequest(envelope({ timestamp: String(pushedAt) })));
    await handler(signedRequest(envelope({ timestamp: pushedAt + 1 })));
    // A push time slightly in the future (clock differences) is fresh.
    await handler(signedRequest(envelope({ timestamp: String(pushedAt + 4 * HOUR) })));
    expect(seen).toHaveLength(3);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['an ISO date', '2024-11-21T14:40:00Z'],
    ['a fraction', 1732200000000.5],
    ['negative', -5],
  ])(
    'treats a timestamp that is %s as undated: acknowledged, not processed',
    async (_label, timestamp) => {
      const { handler, seen, skipped } = counting({ maxAgeMs: HOUR, now: () => pushedAt });
      const response = await handler(signedRequest(envelope({ timestamp })));
      expect(response.status).toBe(200);
      expect(seen).toEqual([]);
      await vi.waitFor(() => expect(skipped[0]?.reason).toBe('undated'));
    },
  );

  it('is off by default: old messages are processed', async () => {
    const { handler, seen } = counting({ now: () => pushedAt + 1_000 * HOUR });
    await handler(signedRequest(envelope({ timestamp: String(pushedAt) })));
    expect(seen).toHaveLength(1);
  });
});
