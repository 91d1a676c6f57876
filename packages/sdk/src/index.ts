import { createClock, type PlatformClientOptions, withEnvironment } from '@pandapon/client-core';
import {
  clientFactories,
  PLATFORM_NAMES,
  type PlatformClients,
  type PlatformName,
} from './generated/clients.js';

export * from '@pandapon/client-core';
export type { PlatformClients, PlatformName } from './generated/clients.js';
// Each platform's named types, as namespaces (`Alibaba.CancelOrderV2Params`, ...).
export type * from './generated/platform-types.js';

/**
 * The platform clients behind one configuration: one read-only property per platform
 * (generated from the platform registry).
 */
export interface PandaPon extends PlatformClients {
  /** Sets the clock offset (server time − local time, ms) on every client, present and future. */
  setClockOffset(ms: number): void;
}

/**
 * A copy of the caller's options, down to the nested plain objects (`headers`, `retry`): the
 * lazily built clients read this copy, so a caller who reuses and changes one options object
 * (one per tenant in a loop) can never send calls under another tenant's `user-id` or key.
 */
function snapshot(options: PlatformClientOptions): PlatformClientOptions {
  const copy = { ...options };
  const { headers, retry } = options;
  if (typeof headers === 'object' && headers !== null) copy.headers = { ...headers };
  if (typeof retry === 'object' && retry !== null) copy.retry = { ...retry };
  return copy;
}

/**
 * Creates the umbrella client. Options are copied and validated once, here; each platform
 * client is built on first use, from that copy, so an app that only calls 1688 never builds the
 * others. Credentials missing from `options` come from PANDAPON_ACCESS_KEY,
 * PANDAPON_ACCESS_SECRET and PANDAPON_USER_ID (and PANDAPON_BASE_URL) in the environment, read
 * once, here.
 */
export function createPandaPon(callerOptions: PlatformClientOptions = {}): PandaPon {
  if (typeof callerOptions !== 'object' || callerOptions === null) {
    throw new TypeError('createPandaPon: `options` must be an object.');
  }
  const options = snapshot(withEnvironment(callerOptions));
  // The clients talk to one server clock, so they share one clock object: an offset set on the
  // umbrella, or learnt by any client's automatic correction, applies to all of them, present
  // and future.
  const { clock: callerClock, clockOffsetMs, ...rest } = options;
  const usable = clockOffsetMs === undefined || Number.isFinite(clockOffsetMs);
  const clock = callerClock ?? createClock(usable ? (clockOffsetMs ?? 0) : 0);
  const shared: PlatformClientOptions = { ...rest, clock };
  // A bad or doubled offset is left in for the client's validation to name.
  if (!usable || (callerClock !== undefined && clockOffsetMs !== undefined)) {
    shared.clockOffsetMs = clockOffsetMs;
  }
  const built: { [P in PlatformName]?: PlatformClients[P] } = {};

  function client<P extends PlatformName>(name: P): PlatformClients[P] {
    const existing = built[name];
    if (existing) return existing;
    const created = clientFactories[name](shared);
    built[name] = created;
    return created;
  }
  // Building one client validates the options now, before any network call, and the
  // taobao client is the one most apps use first anyway.
  client('taobao');

  const pandapon = {} as PandaPon;
  for (const name of PLATFORM_NAMES) {
    Object.defineProperty(pandapon, name, { enumerable: true, get: () => client(name) });
  }
  return Object.assign(pandapon, {
    setClockOffset(ms: number) {
      clock.setOffset(ms);
    },
  });
}

export {
  type DoctorAttempt,
  type DoctorOptions,
  type DoctorReport,
  runDoctor,
} from './doctor.js';
