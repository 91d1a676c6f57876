/** Test plumbing: a real sandbox on 127.0.0.1 and logistics clients pointed at it (see startSandboxHarness). */
import {
  type SandboxHarness as Harness,
  type SentRequest,
  startSandboxHarness,
} from '@pandapon/sandbox';
import {
  createLogisticsClient,
  type LogisticsClient,
  type PlatformClientOptions,
} from '../../src/index.js';

export type { SentRequest };
export type SandboxHarness = Harness<LogisticsClient, PlatformClientOptions>;

export const startHarness = (): Promise<SandboxHarness> =>
  startSandboxHarness(createLogisticsClient, { userId: 'logistics-test-user' });
