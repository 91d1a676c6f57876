import { stringifyJson } from '@pandapon/json';
import { createClock, createSigningMiddleware } from '@pandapon/signing';
import createClient from 'openapi-fetch';
import type { Invoke } from './attempt.js';
import { withEnvironment } from './environment.js';
import { HTTP_METHODS } from './generated/http-methods.js';
import {
  type PlatformClientOptions,
  type PlatformMeta,
  resolveOptions,
  validateMeta,
} from './options.js';
import { type PaginateOptions, paginate } from './paginate.js';
import { sleep } from './retry.js';
import { createSigningStage } from './signing-stage.js';
import { createTransport, type Execute } from './transport.js';
import type { PlatformClient, RawRequestInit } from './types.js';
import { envelopeOrThrow, unwrap } from './unwrap.js';

const METHODS: readonly string[] = HTTP_METHODS.map((method) => method.toUpperCase());

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
  given: PlatformClientOptions | undefined,
  meta: PlatformMeta,
): PlatformClient<Paths> {
  const options = withEnvironment(given);
  const resolved = resolveOptions(options);
  validateMeta(meta);
  const { accessKey, accessSecret, userId, timestampUnit, signer } = options;
  // One clock per client unless the caller shares one (createPandaPon shares one among four).
  const clock = options.clock ?? createClock(options.clockOffsetMs ?? 0);
  const signing = createSigningMiddleware({
    accessKey,
    accessSecret,
    userId,
    timestampUnit,
    clock,
    signer,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser,
  });
  const stage = createSigningStage(signing);

  const inner = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    headers: resolved.headers,
    bodySerializer: stringifyJson,
    // Also on the Request itself, for a custom fetch that ignores its init.
    redirect: 'manual',
  });
  // openapi-fetch's own `request` runs the whole pipeline for any method and path; the typed
  // facade is ours, so it is called untyped here.
  const innerRequest = inner.request as unknown as Invoke;

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
    stage,
    clock,
    isClockSkewError: options.isClockSkewError,
    onClockOffsetChange: options.onClockOffsetChange,
    secret: accessSecret,
  });

  const client: Record<string, unknown> = {
    use: stage.use,
    eject: stage.eject,
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
    setClockOffset: (ms: number) => clock.setOffset(ms),
    get clockOffsetMs(): number {
      return clock.offsetMs;
    },
  };
  for (const method of METHODS) {
    client[method] = (path: string, init?: Record<string, unknown>) => execute(method, path, init);
  }
  return client as unknown as PlatformClient<Paths>;
}
