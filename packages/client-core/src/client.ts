import { createSigningMiddleware, type SigningOptions } from '@pandapon/signing';
import createClient from 'openapi-fetch';
import { isTimestampRejection } from './clock-skew.js';
import type { PandaPonEnvelope } from './envelope.js';
import { stringifyJson } from './json.js';
import {
  type PlatformClientOptions,
  type PlatformMeta,
  resolveOptions,
  validateMeta,
} from './options.js';
import { type PaginateOptions, paginate } from './paginate.js';
import { sleep } from './retry.js';
import { createTransport, type Execute, type FetchFn, type Invoke } from './transport.js';
import type { HttpMethod, PlatformClient, RawRequestInit } from './types.js';
import { envelopeOrThrow, unwrap } from './unwrap.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

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

  const signingOptions: SigningOptions = {
    accessKey: options.accessKey,
    accessSecret: options.accessSecret,
    userId: options.userId,
  };
  if (options.timestampUnit !== undefined) signingOptions.timestampUnit = options.timestampUnit;
  if (options.clockOffsetMs !== undefined) signingOptions.clockOffsetMs = options.clockOffsetMs;
  if (options.signer !== undefined) signingOptions.signer = options.signer;
  if (options.dangerouslyAllowBrowser !== undefined) {
    signingOptions.dangerouslyAllowBrowser = options.dangerouslyAllowBrowser;
  }
  const signing = createSigningMiddleware(signingOptions);

  const inner = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    headers: resolved.headers,
    bodySerializer: stringifyJson,
  });
  inner.use(signing);
  // openapi-fetch's own `request` runs the whole pipeline for any method and path; the typed
  // facade is ours, so it is called untyped here.
  const innerRequest = inner.request as unknown as (
    method: string,
    path: string,
    init: Record<string, unknown>,
  ) => ReturnType<Invoke>;
  const invoke: Invoke = (method, path, init) => innerRequest(method.toLowerCase(), path, init);

  const userFetch = options.fetch;
  // Resolved per call, not at creation, so a runtime or test that swaps globalThis.fetch later
  // is honoured.
  const defaultFetch: FetchFn = (request, init) => globalThis.fetch(request, init);

  const execute: Execute = createTransport({
    invoke,
    options: resolved,
    meta,
    fetch: userFetch ?? defaultFetch,
    sleep: options.retry?.sleep ?? sleep,
    logger: options.logger,
    clock: signing,
    isClockSkewError: options.isClockSkewError ?? isTimestampRejection,
    secrets: [options.accessSecret],
  });

  const typedMethods = Object.fromEntries(
    METHODS.map((method) => [
      method,
      (path: string, init?: Record<string, unknown>) => execute(method, path, init),
    ]),
  );

  async function rawRequest(
    method: string,
    path: string,
    init: RawRequestInit = {},
  ): Promise<PandaPonEnvelope<unknown>> {
    const upper = typeof method === 'string' ? method.toUpperCase() : '';
    if (!(METHODS as readonly string[]).includes(upper)) {
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
    const { query, body, headers, ...callOptions } = init;
    const fetchInit: Record<string, unknown> = { ...callOptions };
    if (query !== undefined) fetchInit.params = { query };
    if (body !== undefined) fetchInit.body = body;
    if (headers !== undefined) fetchInit.headers = headers;
    return envelopeOrThrow(await execute(upper, path, fetchInit));
  }

  const client = {
    ...typedMethods,
    use: inner.use,
    eject: inner.eject,
    unwrap,
    request: rawRequest,
    paginate: (
      method: HttpMethod | Uppercase<HttpMethod>,
      path: string,
      init?: Record<string, unknown>,
      paginateOptions?: PaginateOptions,
    ) => paginate(execute, meta, method, path, init, paginateOptions),
    setClockOffset(ms: number): void {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) {
        throw new TypeError('PandaPon client: `setClockOffset(ms)` needs a finite number.');
      }
      signing.setClockOffset(ms);
    },
    get clockOffsetMs(): number {
      return signing.clockOffsetMs;
    },
  };
  return client as unknown as PlatformClient<Paths>;
}
