/**
 * One 'abort' listener per caller signal, however many calls share it: Node warns
 * (MaxListenersExceededWarning) past 10 listeners on one signal, and a signal shared by a batch
 * of concurrent calls is normal use. Each call registers here instead.
 */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();
const listeners = new WeakMap<Set<() => void>, () => void>();

/** Calls `callback` when `signal` aborts; returns the function that unregisters it. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = watchers.get(signal);
  if (!callbacks) {
    const registered = new Set<() => void>();
    const listener = () => {
      watchers.delete(signal);
      for (const registeredCallback of [...registered]) registeredCallback();
    };
    callbacks = registered;
    watchers.set(signal, registered);
    signal.addEventListener('abort', listener, { once: true });
    listeners.set(registered, listener);
  }
  const set = callbacks;
  set.add(callback);
  return () => {
    set.delete(callback);
    // The last one out removes the listener: a long-lived signal keeps nothing behind.
    if (set.size === 0 && watchers.get(signal) === set) {
      watchers.delete(signal);
      const listener = listeners.get(set);
      if (listener) signal.removeEventListener('abort', listener);
    }
  };
}

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
    const stopWatching = caller ? onAbort(caller, onCallerAbort) : undefined;
    const settle = () => {
      clearTimeout(timer);
      stopWatching?.();
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
