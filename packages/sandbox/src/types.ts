/**
 * The sandbox's public types: what `startSandbox` takes and what it resolves to. They live apart
 * from the server so the admin endpoints and the pipeline can name them without importing it.
 */
import type { CallbackDelivery } from './callback-dispatcher.js';
import type { SandboxCredential } from './credentials.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import type { SpecDocuments, SpecName } from './spec/types.js';
import type { SandboxState } from './state.js';

export interface SandboxOptions {
  /** TCP port; 0 (the default here) picks a free one. The CLI defaults to 4010. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. The admin endpoints are unauthenticated. */
  host?: string;
  /**
   * The origin put into URLs the sandbox hands out (pay pages), e.g. when it is reached through
   * a proxy or bound to 0.0.0.0. Default: the URL it listens on. Never taken from `Host`.
   */
  publicUrl?: string;
  /**
   * Accepted access keys. Default: PANDAPON_SANDBOX_ACCESS_KEY / PANDAPON_SANDBOX_ACCESS_SECRET
   * from `env`, else SANDBOX_DEFAULT_CREDENTIALS.
   */
  credentials?: SandboxCredential | readonly SandboxCredential[];
  /** Environment to read credentials from; default process.env. */
  env?: Record<string, string | undefined>;
  /** `developId` of every envelope. */
  developId?: string;
  /** JSON file to load state from at start and write after every change; default in memory. */
  stateFile?: string;
  /**
   * Refuse request bodies with keys the spec does not document (code 40002), so a misspelt field
   * fails here rather than being ignored. Objects the spec leaves open are exempt. Default true.
   */
  rejectUndocumentedFields?: boolean;
  /** false: answer every operation from its spec example only (no carts, orders...). Default true. */
  stateful?: boolean;
  /** Where to POST callback messages; none are sent without it. */
  callbackUrl?: string;
  /** Delay between callback retries; default 30 minutes, as the platform does. */
  callbackRetryIntervalMs?: number;
  /** How long a callback receiver may take to answer; default 1000 ms, as the platform allows. */
  callbackTimeoutMs?: number;
  /** Fault rules active from the start. */
  faults?: readonly FaultRuleInput[];
  /** Random source for percentage-based faults, returning [0, 1); default Math.random. */
  random?: () => number;
  /** The sandbox clock, epoch ms; default Date.now. */
  now?: () => number;
  /**
   * Run the sandbox clock this many ms off (ahead when positive), for every check, `Date` header
   * and time the sandbox writes; within ±100 years. Default 0. CLI `--clock-skew-ms`.
   */
  clockSkewMs?: number;
  /**
   * Accept only this `timestamp` unit: `'ms'` (epoch milliseconds) or `'s'` (epoch seconds). A
   * value in the other unit falls outside the window (40102). Default: both, told apart by size
   * (below 1e12 is seconds). CLI `--timestamp-unit`.
   */
  timestampUnit?: 'ms' | 's';
  /**
   * Answer some operations with extra fields the specs do not have: invented fixtures (see
   * fixtures/extra-fields.ts), for testing response-shape learning. Default false. CLI
   * `--extra-fields`.
   */
  extraFields?: boolean;
  /** Bundled spec documents to serve instead of the ones shipped with the package. */
  specs?: SpecDocuments;
  /** Directory holding bundled `<platform>.json` specs, instead of the shipped ones. */
  specsDir?: string;
  /** Most nonces remembered at once (oldest dropped first); default 100000. */
  maxNonces?: number;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

export interface SandboxOperation {
  spec: SpecName;
  operationId: string;
  method: string;
  path: string;
  /** Answered by the stateful layer rather than from the spec example. */
  stateful: boolean;
}

export interface SandboxFaults {
  add(rule: FaultRuleInput): FaultRule;
  list(): FaultRule[];
  remove(id: number): boolean;
  clear(): void;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly accessKeys: readonly string[];
  readonly operations: readonly SandboxOperation[];
  /** A copy of the current state. */
  readonly state: SandboxState;
  /** Copies of every callback delivery so far, with their attempts. */
  readonly pushes: CallbackDelivery[];
  /** Resolves once no callback delivery is pending (delivered, or given up after 5 retries). */
  waitForPushes(): Promise<void>;
  readonly faults: SandboxFaults;
  /** Forgets carts, orders, refunds and addresses (and the nonces seen). */
  resetState(): void;
  close(): Promise<void>;
}
