/**
 * A test harness for code built on the PandaPon clients: a sandbox on loopback, clients pointed
 * at it with the default test credentials, and a record of every request exactly as it left the
 * client (signed, after every middleware) before it crossed real HTTP.
 */
import { SANDBOX_DEFAULT_CREDENTIALS } from './credentials.js';
import { startSandbox } from './server.js';
import type { Sandbox, SandboxOptions } from './types.js';

/** A request as the client sent it. */
export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** What the harness passes to the client factory (overrides may add or replace any option). */
export interface HarnessClientOptions {
  accessKey: string;
  accessSecret: string;
  userId: string;
  baseUrl: string;
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
  retry: { sleep: () => Promise<void> };
}

export interface SandboxHarness<Client, Options> {
  sandbox: Sandbox;
  /** One line per request the sandbox handled: `GET /path -> <code> (<ms> ms)`. */
  sandboxLog: string[];
  /** A new client on the sandbox; `sent` collects what it sends. */
  client(overrides?: Partial<Options>): { client: Client; sent: SentRequest[] };
  close(): Promise<void>;
}

// Backoff waits are irrelevant to what such tests check; skipping them keeps suites fast.
const noWait = (): Promise<void> => Promise.resolve();

/**
 * Starts a sandbox (random port unless `options.port` says otherwise) for clients made by
 * `createClient`, e.g. `startSandboxHarness(createTaobaoClient, { userId: 'test-user' })`.
 */
export async function startSandboxHarness<Client, Options extends object>(
  createClient: (options: Options) => Client,
  { userId, ...options }: SandboxOptions & { userId: string },
): Promise<SandboxHarness<Client, Options>> {
  const sandboxLog: string[] = [];
  const sandbox = await startSandbox({
    port: 0,
    ...options,
    log: (line) => {
      sandboxLog.push(line);
      options.log?.(line);
    },
  });
  return {
    sandbox,
    sandboxLog,
    client(overrides = {}) {
      const sent: SentRequest[] = [];
      const defaults: HarnessClientOptions = {
        ...SANDBOX_DEFAULT_CREDENTIALS,
        userId,
        baseUrl: sandbox.url,
        retry: { sleep: noWait },
        fetch: async (request, init) => {
          sent.push({
            method: request.method,
            url: new URL(request.url),
            headers: new Headers(request.headers),
            body: await request.clone().text(),
          });
          return fetch(request, init);
        },
      };
      // The factory's own option type is the caller's; the defaults fit any PandaPon client.
      const client = createClient({ ...defaults, ...overrides } as unknown as Options);
      return { client, sent };
    },
    close: () => sandbox.close(),
  };
}
