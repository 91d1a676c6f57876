import { type AlibabaClient, createAlibabaClient } from '@pandapon/alibaba';
import type { PlatformClientOptions } from '@pandapon/client-core';
import { createFoundationsClient, type FoundationsClient } from '@pandapon/foundations';
import { createLogisticsClient, type LogisticsClient } from '@pandapon/logistics';
import { createTaobaoClient, type TaobaoClient } from '@pandapon/taobao';

export * from '@pandapon/client-core';

/** The four platform clients behind one configuration. */
export interface PandaPon {
  /** Taobao goods, orders, after-sales and cart. */
  readonly taobao: TaobaoClient;
  /** 1688 goods, cart, orders and after-sales. */
  readonly alibaba: AlibabaClient;
  /** User addresses. */
  readonly foundations: FoundationsClient;
  /** Warehouse logistics. */
  readonly logistics: LogisticsClient;
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
 * others.
 */
export function createPandaPon(callerOptions: PlatformClientOptions): PandaPon {
  if (typeof callerOptions !== 'object' || callerOptions === null) {
    throw new TypeError('createPandaPon: `options` must be an object.');
  }
  const options = snapshot(callerOptions);
  if (
    options.onClockOffsetChange !== undefined &&
    typeof options.onClockOffsetChange !== 'function'
  ) {
    throw new TypeError('createPandaPon: `onClockOffsetChange` must be a function.');
  }
  let alibaba: AlibabaClient | undefined;
  let foundations: FoundationsClient | undefined;
  let logistics: LogisticsClient | undefined;
  let offset = options.clockOffsetMs ?? 0;
  // The four clients talk to one server clock: an offset set on the umbrella, or learnt by any
  // client's automatic correction, applies to all of them, present and future.
  const applyOffset = (ms: number) => {
    offset = ms;
    for (const client of [taobao, alibaba, foundations, logistics]) client?.setClockOffset(ms);
  };
  const shared = (): PlatformClientOptions => ({
    ...options,
    clockOffsetMs: offset,
    onClockOffsetChange: (ms) => {
      applyOffset(ms);
      options.onClockOffsetChange?.(ms);
    },
  });

  // Building one client validates the options now, before any network call, and the
  // taobao client is the one most apps use first anyway.
  const taobao: TaobaoClient = createTaobaoClient(shared());

  return {
    get taobao() {
      return taobao;
    },
    get alibaba() {
      alibaba ??= createAlibabaClient(shared());
      return alibaba;
    },
    get foundations() {
      foundations ??= createFoundationsClient(shared());
      return foundations;
    },
    get logistics() {
      logistics ??= createLogisticsClient(shared());
      return logistics;
    },
    setClockOffset(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError('setClockOffset: ms must be a finite number');
      applyOffset(ms);
    },
  };
}

export {
  type DoctorAttempt,
  type DoctorOptions,
  type DoctorReport,
  runDoctor,
} from './doctor.js';
