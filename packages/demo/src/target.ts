/**
 * Where the demo runs: the live PandaPon API when real credentials are in the environment,
 * otherwise an embedded sandbox on loopback.
 */

import { SANDBOX_DEFAULT_CREDENTIALS, type Sandbox, startSandbox } from '@pandapon/sandbox';
import type { PlatformClientOptions } from '@pandapon/sdk';

export interface Target {
  kind: 'sandbox' | 'live';
  client: PlatformClientOptions;
  /** Orders are real money on the live API: only placed when PANDAPON_DEMO_WRITES=1. */
  writesAllowed: boolean;
  sandbox?: Sandbox;
  close(): Promise<void>;
}

export const LIVE_ENV = ['PANDAPON_ACCESS_KEY', 'PANDAPON_ACCESS_SECRET', 'PANDAPON_USER_ID'];

export async function chooseTarget(env: NodeJS.ProcessEnv, callbackUrl: string): Promise<Target> {
  const present = LIVE_ENV.filter((name) => env[name]);
  if (present.length === LIVE_ENV.length) {
    return {
      kind: 'live',
      client: {
        accessKey: env.PANDAPON_ACCESS_KEY as string,
        accessSecret: env.PANDAPON_ACCESS_SECRET as string,
        userId: env.PANDAPON_USER_ID as string,
        ...(env.PANDAPON_BASE_URL ? { baseUrl: env.PANDAPON_BASE_URL } : {}),
      },
      writesAllowed: env.PANDAPON_DEMO_WRITES === '1',
      close: async () => {},
    };
  }
  if (present.length > 0) {
    const missing = LIVE_ENV.filter((name) => !env[name]);
    throw new Error(
      `Live mode needs all of ${LIVE_ENV.join(', ')}; missing ${missing.join(', ')}. Unset them all to use the sandbox.`,
    );
  }
  // Callbacks retried after 2 s instead of the platform's 30 min, so the demo never waits long.
  const sandbox = await startSandbox({ port: 0, callbackUrl, callbackRetryIntervalMs: 2_000 });
  return {
    kind: 'sandbox',
    client: { ...SANDBOX_DEFAULT_CREDENTIALS, userId: 'demo-user-1', baseUrl: sandbox.url },
    writesAllowed: true,
    sandbox,
    close: () => sandbox.close(),
  };
}
