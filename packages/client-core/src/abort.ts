/** Timers above this overflow to "fire immediately" in every JS runtime. */
const MAX_TIMER_MS = 2_147_483_647;

export interface AttemptSignal {
  /** Aborts when the caller aborts or the attempt's time is up. */
  readonly signal: AbortSignal;
  /** True once the time limit (not the caller) aborted the attempt. */
  readonly timedOut: boolean;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/**
 * One signal per attempt that combines the caller's signal with the attempt's time limit.
 * Hand-rolled rather than `AbortSignal.any([...])` because the retry loop must know *which*
 * one fired: a timeout may be retried, a caller's abort never is.
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(
          () => {
            timedOut = true;
            controller.abort(new DOMException('The attempt timed out.', 'TimeoutError'));
          },
          Math.min(timeoutMs, MAX_TIMER_MS),
        )
      : undefined;
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}
