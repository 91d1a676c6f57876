import {
  requireFiniteNumber,
  requireHeaderValue,
  resolveOptions,
  type SigningOptions,
} from './options.js';

// Marked pure so bundles that do not use it drop it.
/** The system headers PandaPon reads on every call, in the order the manual lists them. */
export const SYSTEM_HEADERS = /* @__PURE__ */ Object.freeze([
  'access-key',
  'timestamp',
  'nonce-str',
  'user-id',
  'signature',
] as const);

const LOGISTICS_PATH = /^\/(?:v2\/)?open\/pp\/logistics\//;

/** True for warehouse-logistics paths (/open/pp/logistics/*, /v2/open/pp/logistics/*). */
export function isLogisticsPath(pathname: string): boolean {
  return typeof pathname === 'string' && LOGISTICS_PATH.test(pathname);
}

/**
 * An openapi-fetch middleware (structurally: it is declared without importing openapi-fetch's
 * types, so this package's types work with any openapi-fetch version, or none).
 */
export interface SigningMiddleware {
  /** Signs every request openapi-fetch sends, and again on every retry (fresh nonce and time). */
  onRequest(params: { request: Request }): Promise<Request>;
  /** Sets the server-minus-local clock offset, e.g. after a timestamp rejection. */
  setClockOffset(ms: number): void;
  readonly clockOffsetMs: number;
  /**
   * Returns a new Request carrying the system headers (and, on logistics paths, the `timestamp`
   * and `sign` query parameters). Consumes the given request's body.
   */
  signRequest(request: Request): Promise<Request>;
}

/**
 * Signs PandaPon requests: sets `access-key`, `timestamp`, `nonce-str`, `user-id` and
 * `signature` on each one. Throws a TypeError naming the field on bad options, and refuses to
 * run in a web page unless `dangerouslyAllowBrowser` is set.
 */
export function createSigningMiddleware(options: SigningOptions): SigningMiddleware {
  // The secret lives only in this closure: never on the returned object, so neither
  // JSON.stringify nor util.inspect of the middleware can reveal it.
  const {
    accessKey,
    accessSecret,
    userId,
    timestampUnit,
    signer,
    nonce,
    now,
    clockOffsetMs: initialOffsetMs,
  } = resolveOptions(options);
  let clockOffsetMs = initialOffsetMs;

  async function signRequest(request: Request): Promise<Request> {
    if (!(request instanceof Request)) {
      throw new TypeError('signRequest: request must be a Request');
    }
    const epochMs = requireFiniteNumber(now(), 'now()') + clockOffsetMs;
    const timestamp = String(Math.floor(timestampUnit === 's' ? epochMs / 1000 : epochMs));
    const nonceStr = requireHeaderValue(nonce(), 'nonce() result');
    const signature = requireHeaderValue(
      await signer({ accessKey, accessSecret, timestamp, nonceStr }),
      'signer() result',
    );

    const url = new URL(request.url);
    if (isLogisticsPath(url.pathname)) {
      // The logistics pages list `timestamp` and `sign` as required query parameters but give
      // no rule for `sign`. We send the same timestamp and the same signature as the headers:
      // that signature is the platform's only documented signing rule and already covers this
      // timestamp; the headers are sent too, so either can be checked. Existing values are
      // replaced so a retry never carries a stale pair.
      url.searchParams.set('timestamp', timestamp);
      url.searchParams.set('sign', signature);
    }
    const signed = await copyRequest(request, url);
    signed.headers.set('access-key', accessKey);
    signed.headers.set('timestamp', timestamp);
    signed.headers.set('nonce-str', nonceStr);
    signed.headers.set('user-id', userId);
    signed.headers.set('signature', signature);
    return signed;
  }

  return {
    onRequest: ({ request }) => signRequest(request),
    signRequest,
    setClockOffset(ms: number) {
      clockOffsetMs = requireFiniteNumber(ms, 'setClockOffset: ms');
    },
    get clockOffsetMs() {
      return clockOffsetMs;
    },
  };
}

/**
 * A new Request like `request` but at `url` (a Request's URL is immutable; the caller's request
 * keeps its URL and headers, though its body is read). The body is buffered rather than handed on as a stream: a stream
 * body needs `duplex: 'half'`, which not every runtime accepts; Firefox has no Request.body; and
 * `new Request(request)` pipes the body through an identity stream, which measured about twice
 * as slow in Node (bench/). PandaPon request bodies are small JSON or form data.
 */
async function copyRequest(request: Request, url: URL): Promise<Request> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody ? await request.arrayBuffer() : undefined;
  const copy = new Request(url, {
    method: request.method,
    headers: request.headers,
    body: body?.byteLength ? body : undefined,
    signal: request.signal,
    credentials: request.credentials,
    cache: request.cache,
    redirect: request.redirect,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
    mode: request.mode,
  });
  // openapi-fetch copies non-standard init options (e.g. Next.js `next`) onto its Request as own
  // properties; carry them over for middleware further down the chain. String keys only, and
  // never over existing ones: some runtimes keep a Request's internals in own symbol keys.
  const source = request as unknown as Record<string, unknown>;
  const target = copy as unknown as Record<string, unknown>;
  for (const key of Object.keys(source)) if (!(key in target)) target[key] = source[key];
  return copy;
}
