import type { SigningMiddleware } from '@pandapon/signing';
import type { Middleware } from 'openapi-fetch';

/**
 * The one place that decides where a request is signed.
 *
 * Signing must happen after openapi-fetch has built the request and before any middleware of
 * the caller's sees it (their `onRequest` must see the signed request, e.g. to log it). Running
 * the signing middleware through openapi-fetch's middleware machinery costs more per call than
 * the signing itself (packages/bench/src/client-overhead.ts), so:
 * - with no middleware of the caller's, the transport signs in its fetch (`chain` is undefined);
 * - with some, the chain for that call is [signing, ...the caller's], passed per call.
 * Nothing is registered on openapi-fetch's client, so the choice follows `use`/`eject` both ways.
 */
export interface SigningStage {
  /** Adds middleware of the caller's (after signing, in order). */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
  /**
   * The middleware chain for an attempt starting now, given the call's own middleware
   * (openapi-fetch's per-call `init.middleware`) and the operation's query-signature flag:
   * undefined when signing runs in fetch.
   */
  chain(callMiddleware: unknown, querySignature: boolean | undefined): Middleware[] | undefined;
}

/** openapi-fetch's own check, so a mistake surfaces at `use`, not on the next call. */
function checkMiddleware(middleware: unknown): void {
  if (
    typeof middleware !== 'object' ||
    middleware === null ||
    !('onRequest' in middleware || 'onResponse' in middleware || 'onError' in middleware)
  ) {
    throw new Error(
      'Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`',
    );
  }
}

export function createSigningStage(signing: SigningMiddleware): SigningStage {
  const callers: Middleware[] = [];
  return {
    use(...middleware) {
      for (const m of middleware) {
        if (!m) continue; // openapi-fetch skips empty entries too
        checkMiddleware(m);
        callers.push(m);
      }
    },
    eject(...middleware) {
      for (const m of middleware) {
        const index = callers.indexOf(m);
        if (index !== -1) callers.splice(index, 1);
      }
    },
    chain(callMiddleware, querySignature) {
      const own = Array.isArray(callMiddleware) ? (callMiddleware as Middleware[]) : [];
      if (!callers.length && !own.length) return undefined;
      const first: Middleware = {
        onRequest: ({ request, schemaPath }) =>
          signing.onRequest({ request, schemaPath, querySignature }),
      };
      return [first, ...callers, ...own];
    },
  };
}
