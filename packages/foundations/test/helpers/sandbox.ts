/** Test plumbing: a real sandbox on 127.0.0.1 and foundations clients pointed at it (see startSandboxHarness). */
import {
  type SandboxHarness as Harness,
  type SentRequest,
  startSandboxHarness,
} from '@pandapon/sandbox';
import {
  createFoundationsClient,
  type FoundationsClient,
  type PlatformClientOptions,
} from '../../src/index.js';

export type { SentRequest };
export type SandboxHarness = Harness<FoundationsClient, PlatformClientOptions>;

export const startHarness = (): Promise<SandboxHarness> =>
  startSandboxHarness(createFoundationsClient, { userId: 'foundations-test-user' });
