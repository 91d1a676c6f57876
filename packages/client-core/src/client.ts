import { createSigningMiddleware } from '@pandapon/signing';
import createClient, { type Middleware } from 'openapi-fetch';
import { HTTP_METHODS } from './generated/http-methods.js';
import { stringifyJson } from './json.js';
import {
  type PlatformClientOptions,
  type PlatformMeta,
  resolveOptions,
  validateMeta,
} from './options.js';
import { type PaginateOptions, paginate } from './paginate.js';
import { sleep } from './retry.js';
import { createTransport, type Execute, type Invoke } from './transport.js';
import type { PlatformClient, RawRequestInit } from './types.js';
import { envelopeOrThrow, unwrap } from './unwrap.js';

const METHODS: readonly string[] = HTTP_METHODS.map((method) => method.toUpperCase());

/** The generated flag of `method schemaPath`; undefined for an operation the table lacks. */
function querySignatureOf(meta: PlatformMeta, method: string, schemaPath: string) {
  const operation = meta.operations[`${method.toUpperCase()} ${schemaPath}`];
  return operation ? operation.querySignature === true : undefined;
}

/**
 * Creates a platform client. The platform packages call this with their generated `paths`
 * type and operation table:
 *
 * ```ts
 * export const createTaobaoClient = (options: PlatformClientOptions) =>
 *   createPlatformClient<paths>(options, { platform: 'taobao', operations });
 * ```
 *
 * Options are validated here (TypeError naming the field) so mistakes surface before any call.
 * The access secret lives only in closures, never on the returned object.
 */
export function createPlatformClient<Paths extends {}>(
  options: PlatformClientOptions,
  meta: PlatformMeta,
): PlatformClient<Paths> {
  const resolved = resolveOptions(options);
  validateMeta(meta);
  const { accessKey, accessSecret, userId, timestampUnit, clockOffsetMs, signer } = options;
  const signing = createSigningMiddleware({
    accessKey,
    accessSecret,
    userId,
    timestampUnit,
    clockOffsetMs,
    signer,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser,
  });

  const inner = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    headers: resolved.headers,
    bodySerializer: stringifyJson,
    // Also on the Request itself, for a custom fetch that ignores its init.
    redirect: 'manual',
  });
  // Requests are signed in the transport's fetch, after openapi-fetch has built them: running
  // the signing middleware through openapi-fetch's middleware machinery costs more per call than
  // the signing itself (bench/). Once the caller adds middleware, whose onRequest must see the
  // signed request, the signing middleware goes first in the chain instead, for good.
  let signsInFetch = true;
  const use = (...middleware: Middleware[]) => {
    if (signsInFetch) {
      // openapi-fetch gives middleware the operation's path template, so the operation's
      // generated flag can decide the logistics query pair here too.
      inner.use({
        onRequest: ({ request, schemaPath }) =>
          signing.onRequest({
            request,
            schemaPath,
            querySignature: querySignatureOf(meta, request.method, schemaPath),
          }),
      });
    }
    signsInFetch = false;
    inner.use(...middleware);
  };
  // openapi-fetch's own `request` runs the whole pipeline for any method and path; the typed
  // facade is ours, so it is called untyped here.
  const innerRequest = inner.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => ReturnType<Invoke>;

  const execute: Execute = createTransport({
    invoke: (method, path, init) => innerRequest(method, path, init),
    options: resolved,
    meta,
    // Resolved per call, not at creation, so a runtime or test that swaps globalThis.fetch later
    // is honoured.
    fetch: options.fetch ?? ((request, init) => globalThis.fetch(request, init)),
    sleep: options.retry?.sleep ?? sleep,
    logger: options.logger,
    signing,
    signsInFetch: () => signsInFetch,
    isClockSkewError: options.isClockSkewError,
    onClockOffsetChange: options.onClockOffsetChange,
    secret: accessSecret,
  });

  const client: Record<string, unknown> = {
    use,
    eject: inner.eject,
    unwrap,
    async request(method: unknown, path: unknown, init: RawRequestInit = {}) {
      const upper = typeof method === 'string' ? method.toUpperCase() : '';
      if (!METHODS.includes(upper)) {
        throw new TypeError(`PandaPon request: \`method\` must be one of ${METHODS.join(', ')}.`);
      }
      if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
        throw new TypeError(
          'PandaPon request: `path` must start with "/" and have no query string (use `query`).',
        );
      }
      if (typeof init !== 'object' || init === null) {
        throw new TypeError('PandaPon request: `init` must be an object.');
      }
      const { query, ...fetchInit } = init as Record<string, unknown>;
      if (query !== undefined) fetchInit.params = { query };
      return envelopeOrThrow(await execute(upper, path, fetchInit));
    },
    paginate: (
      method: string,
      path: string,
      init?: Record<string, unknown>,
      paginateOptions?: PaginateOptions,
    ) => paginate(execute, meta, method, path, init, paginateOptions),
    setClockOffset: signing.setClockOffset,
    get clockOffsetMs(): number {
      return signing.clockOffsetMs;
    },
  };
  for (const method of METHODS) {
    client[method] = (path: string, init?: Record<string, unknown>) => execute(method, path, init);
  }
  return client as unknown as PlatformClient<Paths>;
}
