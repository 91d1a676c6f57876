import { requireFiniteNumber } from './checks.js';
import { requireHeaderValue, resolveOptions, type SigningOptions } from './options.js';

const LOGISTICS_PATH = /^\/(?:v2\/)?open\/pp\/logistics\//;
// The same family anywhere in a URL's path: the base URL may add a prefix
// (`https://gw.example/pandapon/open/pp/logistics/...`). Path parameters cannot fake it, since
// openapi-fetch percent-encodes their slashes.
const LOGISTICS_SEGMENT = /\/(?:v2\/)?open\/pp\/logistics\//;

/**
 * True for warehouse-logistics operation paths (/open/pp/logistics/*, /v2/open/pp/logistics/*),
 * given as the API path (the OpenAPI template, without the base URL's own path).
 */
export function isLogisticsPath(pathname: string): boolean {
  return typeof pathname === 'string' && LOGISTICS_PATH.test(pathname);
}

/**
 * Whether a request takes the logistics query signature. The caller's `querySignature` decides
 * when given: client-core passes each operation's flag, generated from the spec's security
 * schemes. Without it (the middleware used on its own, or an operation no spec lists), the path
 * decides: the operation's path when known (openapi-fetch passes it to middleware as
 * `schemaPath`), else the URL's, which may start with the base URL's own path.
 */
function takesQuerySignature(
  url: URL,
  schemaPath: string | undefined,
  querySignature: boolean | undefined,
): boolean {
  if (typeof querySignature === 'boolean') return querySignature;
  return typeof schemaPath === 'string'
    ? isLogisticsPath(schemaPath)
    : LOGISTICS_SEGMENT.test(url.pathname);
}

/** What the caller knows about the request being signed. */
export interface SignRequestContext {
  /**
   * Whether the operation takes the warehouse-logistics `timestamp` + `sign` query pair (the
   * generated operation tables carry it as `querySignature`). Omitted: decided by the path.
   */
  querySignature?: boolean;
}

/**
 * An openapi-fetch middleware (structurally: it is declared without importing openapi-fetch's
 * types, so this package's types work with any openapi-fetch version, or none).
 */
export interface SigningMiddleware {
  /**
   * Signs every request openapi-fetch sends, and again on every retry (fresh nonce and time):
   * sets the headers on openapi-fetch's own Request, or on a copy where the URL changes
   * (logistics paths).
   */
  onRequest(
    params: { request: Request; schemaPath?: string } & SignRequestContext,
  ): Promise<Request>;
  /** Sets the server-minus-local clock offset, e.g. after a timestamp rejection. */
  setClockOffset(ms: number): void;
  readonly clockOffsetMs: number;
  /**
   * Returns a new Request carrying the system headers (and, on logistics paths, the `timestamp`
   * and `sign` query parameters). Consumes the given request's body.
   */
  signRequest(request: Request, context?: SignRequestContext): Promise<Request>;
}

/**
 * Signs PandaPon requests: sets `access-key`, `timestamp`, `nonce-str`, `user-id` and
 * `signature` on each one. Throws a TypeError naming the field on bad options, and refuses to
 * run in a web page unless `dangerouslyAllowBrowser` is set.
 */
export function createSigningMiddleware(options: SigningOptions): SigningMiddleware {
  // The secret lives only in this closure: never on the returned object, so neither
  // JSON.stringify nor util.inspect of the middleware can reveal it.
  const { accessKey, accessSecret, userId, timestampUnit, signer, nonce, now, clock } =
    resolveOptions(options);

  /**
   * Signs `request` itself when `inPlace` (openapi-fetch builds a Request per call that nobody
   * else holds; its headers are mutable, guard "request"), else a copy. Copying costs more than
   * the rest of signing together (packages/bench/src/signing-middleware.ts), so it happens only where needed: for signRequest,
   * whose caller keeps the original, and where the URL must change (a Request's URL is fixed).
   */
  async function signed(
    request: Request,
    inPlace: boolean,
    schemaPath: string | undefined,
    querySignature: boolean | undefined,
  ): Promise<Request> {
    if (!(request instanceof Request)) {
      throw new TypeError('signRequest: request must be a Request');
    }
    const epochMs = requireFiniteNumber(now(), 'now()') + clock.offsetMs;
    const timestamp = String(Math.floor(timestampUnit === 's' ? epochMs / 1000 : epochMs));
    const nonceStr = requireHeaderValue(nonce(), 'nonce() result');
    const signature = requireHeaderValue(
      await signer({ accessKey, accessSecret, timestamp, nonceStr }),
      'signer() result',
    );

    const url = new URL(request.url);
    const logistics = takesQuerySignature(url, schemaPath, querySignature);
    if (logistics) {
      // The logistics pages list `timestamp` and `sign` as required query parameters but give
      // no rule for `sign`. We send the same timestamp and the same signature as the headers:
      // that signature is the platform's only documented signing rule and already covers this
      // timestamp; the headers are sent too, so either can be checked. Existing values are
      // replaced so a retry never carries a stale pair.
      url.searchParams.set('timestamp', timestamp);
      url.searchParams.set('sign', signature);
    }
    const target = logistics || !inPlace ? await copyRequest(request, url) : request;
    const { headers } = target;
    headers.set('access-key', accessKey);
    headers.set('timestamp', timestamp);
    headers.set('nonce-str', nonceStr);
    headers.set('user-id', userId);
    headers.set('signature', signature);
    return target;
  }

  return {
    onRequest: ({ request, schemaPath, querySignature }) =>
      signed(request, true, schemaPath, querySignature),
    signRequest: (request, context) => signed(request, false, undefined, context?.querySignature),
    setClockOffset(ms: number) {
      clock.setOffset(ms);
    },
    get clockOffsetMs() {
      return clock.offsetMs;
    },
  };
}

/** What a Request keeps besides its URL, headers and body (all of them settable in RequestInit). */
const COPIED_FIELDS = [
  'method',
  'signal',
  'credentials',
  'cache',
  'redirect',
  'referrer',
  'referrerPolicy',
  'integrity',
  'keepalive',
  'mode',
] as const;

/**
 * A new Request like `request` but at `url`, with a copy of its headers (the caller's request
 * keeps its URL and headers, though its body is read). The body is buffered rather than handed
 * on as a stream: a stream body needs `duplex: 'half'`, which not every runtime accepts; Firefox
 * has no Request.body; and `new Request(request)` pipes the body through an identity stream,
 * which measured about twice as slow in Node 20 (a one-off measurement, not a standing bench case). PandaPon request bodies are small JSON or
 * form data.
 */
async function copyRequest(request: Request, url: URL): Promise<Request> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody ? await request.arrayBuffer() : undefined;
  const init: Record<string, unknown> = {
    headers: request.headers,
    body: body?.byteLength ? body : undefined,
  };
  for (const field of COPIED_FIELDS) init[field] = request[field];
  const copy = new Request(url, init);
  // openapi-fetch copies non-standard init options (e.g. Next.js `next`) onto its Request as own
  // properties; carry them over for middleware further down the chain. String keys only, and
  // never over existing ones: some runtimes keep a Request's internals in own symbol keys.
  for (const key of Object.keys(request)) {
    if (!(key in copy)) Reflect.set(copy, key, Reflect.get(request, key));
  }
  return copy;
}
