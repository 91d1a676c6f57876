import { createNonce, sign } from '@pandapon/signing';
import { bundleSpecs } from '../scripts/bundle-specs.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js';
import type { SpecDocuments } from '../src/spec/types.js';

export const ACCESS_KEY = 'test-access-key';
export const ACCESS_SECRET = 'test-access-secret-0123456789';
export const USER_ID = '2100007341207';

/** The fewest fields a 1688 order's `addressParam` needs (values the checks do not care about). */
export const MINIMAL_1688_ADDRESS = {
  fullName: 'a',
  mobile: '1',
  phone: '1',
  cityText: 'c',
  provinceText: 'p',
  townText: 't',
  address: 'x',
};

let specs: Promise<SpecDocuments> | undefined;

/** The repository's specs, bundled once per test file. */
export function repoSpecs(): Promise<SpecDocuments> {
  specs ??= bundleSpecs();
  return specs;
}

/** A sandbox on 127.0.0.1 with a random port, the repo's specs and the test credentials. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    specs: await repoSpecs(),
    credentials: { accessKey: ACCESS_KEY, accessSecret: ACCESS_SECRET },
    ...options,
  });
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text, sent as is (overrides `body`). */
  rawBody?: string;
  query?: Record<string, string>;
  accessKey?: string;
  accessSecret?: string;
  userId?: string;
  timestamp?: string;
  nonce?: string;
  /** Replaces the computed signature. */
  signature?: string;
  /** System headers to leave out. */
  omit?: string[];
  /** Adds the warehouse-logistics query pair (timestamp + sign) from the header values. */
  logisticsQuery?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { code: number; msg: string; requestId: string; data: unknown };
}

/** A request signed the way the platform wants it, through plain fetch. */
export async function call(
  sandbox: Pick<Sandbox, 'url'>,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const accessKey = options.accessKey ?? ACCESS_KEY;
  const timestamp = options.timestamp ?? String(Date.now());
  const nonceStr = options.nonce ?? createNonce();
  const signature =
    options.signature ??
    sign({ accessKey, accessSecret: options.accessSecret ?? ACCESS_SECRET, timestamp, nonceStr });
  const headers: Record<string, string> = {
    'access-key': accessKey,
    timestamp,
    'nonce-str': nonceStr,
    'user-id': options.userId ?? USER_ID,
    signature,
  };
  for (const name of options.omit ?? []) delete headers[name];
  const query = new URLSearchParams(options.query);
  if (options.logisticsQuery) {
    query.set('timestamp', timestamp);
    query.set('sign', signature);
  }
  const body =
    options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const search = query.size > 0 ? `?${query}` : '';
  const response = await fetch(`${sandbox.url}${path}${search}`, {
    method,
    headers,
    body,
    // Bounded: a request the sandbox never answers fails the test instead of hanging it.
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as CallResult['json'],
  };
}

/** An unsigned call to a sandbox-only endpoint. */
export async function admin(
  sandbox: Pick<Sandbox, 'url'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: CallResult['json'] }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    signal: AbortSignal.timeout(10_000),
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, json: (await response.json()) as CallResult['json'] };
}

/** The checks every answer passes, success or not. */
export function expectEnvelopeShape(json: CallResult['json']): void {
  if (!/^[0-9a-f]{32}$/.test(json.requestId)) throw new Error(`bad requestId ${json.requestId}`);
  if (!Number.isInteger(json.code)) throw new Error(`bad code ${String(json.code)}`);
  if (typeof json.msg !== 'string') throw new Error('msg is not a string');
  if (!('data' in json)) throw new Error('no data');
  if (typeof json.developId !== 'string') throw new Error('developId is not a string');
  if (json.code === 200 && json.msg !== '成功') throw new Error(`success msg is ${json.msg}`);
}
