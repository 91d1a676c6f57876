/** Timers above this overflow to "fire immediately" in every JS runtime. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Runs one attempt under the caller's signal and the attempt's time limit (`timeoutMs`, 0 for
 * none). `run` gets a signal that aborts when either fires, and the returned promise rejects with
 * the abort reason right then, even if `run` ignores its signal (a custom fetch might). When the
 * time limit fired, `state.timedOut` is set: the retry loop must know *which* one it was, since
 * a timeout may be retried and a caller's abort never is (so not `AbortSignal.any`).
 *
 * With neither a caller's signal nor a time limit there is nothing to abort, and no
 * AbortController is made: in Node 20 creating an AbortSignal costs more than signing a request.
 */
export function withDeadline<T>(
  caller: AbortSignal | undefined,
  timeoutMs: number,
  state: { timedOut?: boolean },
  run: (signal?: AbortSignal) => Promise<T>,
): Promise<T> {
  if (!caller && !timeoutMs) return run();
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const abort = (reason: unknown) => {
      controller.abort(reason);
      reject(reason);
    };
    const onCallerAbort = () => abort(caller?.reason);
    const timer =
      timeoutMs &&
      setTimeout(
        () => {
          state.timedOut = true;
          abort(new DOMException('The attempt timed out.', 'TimeoutError'));
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
    caller?.addEventListener('abort', onCallerAbort);
    const settle = () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    };
    run(controller.signal).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
