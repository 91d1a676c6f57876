/** Test plumbing: a real sandbox on 127.0.0.1 and taobao clients pointed at it (see startSandboxHarness). */
import {
  type SandboxHarness as Harness,
  type SentRequest,
  startSandboxHarness,
} from '@pandapon/sandbox';
import {
  createTaobaoClient,
  type PlatformClientOptions,
  type TaobaoClient,
} from '../../src/index.js';

export type { SentRequest };
export type SandboxHarness = Harness<TaobaoClient, PlatformClientOptions>;

export const startHarness = (): Promise<SandboxHarness> =>
  startSandboxHarness(createTaobaoClient, { userId: 'taobao-test-user' });
