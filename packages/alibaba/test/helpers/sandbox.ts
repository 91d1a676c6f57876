/** Test plumbing: a real sandbox on 127.0.0.1 and alibaba clients pointed at it (see startSandboxHarness). */
import {
  type SandboxHarness as Harness,
  type SentRequest,
  startSandboxHarness,
} from '@pandapon/sandbox';
import {
  type AlibabaClient,
  createAlibabaClient,
  type PlatformClientOptions,
} from '../../src/index.js';

export type { SentRequest };
export type SandboxHarness = Harness<AlibabaClient, PlatformClientOptions>;

export const startHarness = (): Promise<SandboxHarness> =>
  startSandboxHarness(createAlibabaClient, { userId: 'alibaba-test-user' });
