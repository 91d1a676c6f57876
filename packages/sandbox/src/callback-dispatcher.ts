import { MESSAGE_TYPE } from './generated/message-types.js';

/**
 * Message types the sandbox pushes, by the event that pushes them. The price-change one is
 * declared by specs/alibaba.yaml's webhook; the create / pay / cancel names come from the
 * white-label site's message list (the same platform under another brand), which the specs list
 * in common.yaml's `x-pandapon-message-types`. All generated, so a type the specs drop stops
 * compiling here.
 */
export const CALLBACK_MESSAGE_TYPES = {
  orderCreated: MESSAGE_TYPE.ORDER_CREATE,
  orderPaid: MESSAGE_TYPE.ORDER_PAY_SUCCESS,
  orderCancelled: MESSAGE_TYPE.ORDER_CANCEL,
  orderPriceModified1688: MESSAGE_TYPE['1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY'],
} as const;

/** `messagePlatform` values: 0 Taobao, 1 1688. */
export type MessagePlatform = 0 | 1;

/** The platform's retry rule: every 30 minutes, at most 5 times after the first attempt. */
export const DEFAULT_CALLBACK_RETRY_INTERVAL_MS = 30 * 60 * 1000;
export const CALLBACK_MAX_RETRIES = 5;
/** A receiver must answer within this long, or the attempt counts as failed. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 1000;

export interface CallbackAttempt {
  /** 1 for the first delivery, 2–6 for the retries. */
  attempt: number;
  at: string;
  /** The receiver's HTTP status, or null when it did not answer in time or at all. */
  status: number | null;
  error: string | null;
  delivered: boolean;
}

export interface CallbackDelivery {
  id: number;
  messageType: string;
  messagePlatform: MessagePlatform;
  url: string;
  /** The exact bytes POSTed (and signed). */
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: CallbackAttempt[];
}

export interface CallbackDispatcherOptions {
  url: string | undefined;
  retryIntervalMs: number;
  timeoutMs: number;
  /** Lower-hex HMAC-SHA256 of the body with the secret of `accessKey`. */
  signature: (accessKey: string, body: string) => Promise<string>;
  now: () => number;
}

/** Sends callback messages and re-sends failed ones on the platform's schedule. */
export class CallbackDispatcher {
  readonly #options: CallbackDispatcherOptions;
  readonly #deliveries: CallbackDelivery[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #closing = new AbortController();
  #inFlight = 0;
  #waiters: Array<() => void> = [];

  constructor(options: CallbackDispatcherOptions) {
    this.#options = options;
  }

  get configured(): boolean {
    return this.#options.url !== undefined;
  }

  /** Every delivery so far, oldest first (copies). */
  get deliveries(): CallbackDelivery[] {
    return structuredClone(this.#deliveries);
  }

  /** Queues a message; does nothing (returns undefined) when no callback URL is configured. */
  push(
    accessKey: string,
    messageType: string,
    messagePlatform: MessagePlatform,
    messageBody: unknown,
  ): CallbackDelivery | undefined {
    const url = this.#options.url;
    if (url === undefined || this.#closing.signal.aborted) return undefined;
    const body = JSON.stringify({
      messageType,
      messageBody,
      messagePlatform,
      timestamp: String(this.#options.now()),
    });
    const delivery: CallbackDelivery = {
      id: this.#deliveries.length + 1,
      messageType,
      messagePlatform,
      url,
      body,
      state: 'pending',
      attempts: [],
    };
    this.#deliveries.push(delivery);
    void this.#attempt(delivery, accessKey);
    return structuredClone(delivery);
  }

  /** Resolves once no delivery is pending (delivered or given up), or the dispatcher closed. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  close(): void {
    this.#closing.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#wakeWaiters(true);
  }

  async #attempt(delivery: CallbackDelivery, accessKey: string): Promise<void> {
    this.#inFlight++;
    const attempt: CallbackAttempt = {
      attempt: delivery.attempts.length + 1,
      at: new Date(this.#options.now()).toISOString(),
      status: null,
      error: null,
      delivered: false,
    };
    // A timer of our own, not AbortSignal.any([AbortSignal.timeout(..), ..]): Node 20 can
    // garbage-collect a timeout signal that only a composite follows, and then it never fires
    // (nodejs/node#57736); a receiver that never answers would hold the delivery forever.
    const abortAttempt = new AbortController();
    const timer = setTimeout(
      () => abortAttempt.abort(new DOMException('The receiver did not answer.', 'TimeoutError')),
      this.#options.timeoutMs,
    );
    const onClose = () => abortAttempt.abort(this.#closing.signal.reason);
    this.#closing.signal.addEventListener('abort', onClose, { once: true });
    if (this.#closing.signal.aborted) onClose();
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: await this.#options.signature(accessKey, delivery.body),
        },
        body: delivery.body,
        signal: abortAttempt.signal,
      });
      attempt.status = response.status;
      attempt.delivered = response.status === 200;
      if (!attempt.delivered) attempt.error = `receiver answered HTTP ${response.status}`;
      await response.body?.cancel();
    } catch (error) {
      attempt.error =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.#options.timeoutMs} ms`
          : `delivery failed: ${describeFetchError(error)}`;
    } finally {
      clearTimeout(timer);
      this.#closing.signal.removeEventListener('abort', onClose);
      this.#inFlight--;
    }
    delivery.attempts.push(attempt);
    if (attempt.delivered) {
      delivery.state = 'delivered';
    } else if (delivery.attempts.length > CALLBACK_MAX_RETRIES || this.#closing.signal.aborted) {
      delivery.state = this.#closing.signal.aborted ? 'pending' : 'failed';
    } else {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        void this.#attempt(delivery, accessKey);
      }, this.#options.retryIntervalMs);
      // A pending retry must not keep a process alive that has nothing else to do.
      timer.unref();
      this.#timers.add(timer);
    }
    this.#wakeWaiters(false);
  }

  #isIdle(): boolean {
    return (
      this.#inFlight === 0 && this.#deliveries.every((delivery) => delivery.state !== 'pending')
    );
  }

  #wakeWaiters(force: boolean): void {
    if (!force && !this.#isIdle()) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
