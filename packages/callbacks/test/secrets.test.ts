import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  type CallbackErrorContext,
  type CallbackRejection,
  createCallbackHandler,
  createMemoryDedupeStore,
  toNodeListener,
} from '../src/index.js';
import { deferred, envelope, hmacHex, signedRequest } from './helpers.js';

const SECRET = 'sk-live-DO-NOT-LEAK-4b1d';

describe('the access secret and signatures never leak', () => {
  it('appear in no error, inspect output, JSON, response, hook argument or log line', async () => {
    const logged: unknown[][] = [];
    const log = vi.spyOn(console, 'error').mockImplementation((...args) => {
      logged.push(args);
    });
    try {
      const seen: unknown[] = [];
      const errorCtx = deferred<CallbackErrorContext>();
      const handler = createCallbackHandler({
        accessSecret: SECRET,
        dedupe: { store: createMemoryDedupeStore() },
        onMessage(message, ctx) {
          seen.push(message, ctx);
          throw new Error('processing failed');
        },
        onError(error, ctx) {
          seen.push(error);
          errorCtx.resolve(ctx);
        },
        onRejected(rejection: CallbackRejection, request: Request) {
          seen.push(rejection, request.url);
        },
      });
      const body = envelope();
      const signature = hmacHex(body, SECRET);
      const responses = [
        await handler(signedRequest(body, { secret: SECRET })),
        await handler(signedRequest(body, { secret: 'wrong' })),
        await handler(signedRequest('{broken', { secret: SECRET })),
        await handler(new Request('https://x.example/', { method: 'GET' })),
      ];
      seen.push(await errorCtx.promise);
      const texts = await Promise.all(responses.map((response) => response.text()));
      // A second, default-logging handler covers console output.
      const logging = createCallbackHandler({
        accessSecret: SECRET,
        awaitProcessing: true,
        onMessage: () => {
          throw new Error('default log path');
        },
      });
      await logging(signedRequest(body, { secret: SECRET }));

      const surfaces = [
        inspect(handler, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
        inspect(toNodeListener(handler), { showHidden: true, depth: Number.POSITIVE_INFINITY }),
        inspect(seen, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
        JSON.stringify(seen),
        ...texts,
        inspect(logged, { depth: Number.POSITIVE_INFINITY }),
      ];
      expect(logged.length).toBeGreaterThan(0);
      for (const surface of surfaces) {
        expect(surface).not.toContain(SECRET);
        expect(surface).not.toContain(signature);
      }
    } finally {
      log.mockRestore();
    }
  });

  it('are not echoed by option validation errors', () => {
    expect(() => createCallbackHandler({ accessSecret: SECRET, onMessage: 'x' as never })).toThrow(
      /^createCallbackHandler: onMessage must be a function\.$/,
    );
  });
});
