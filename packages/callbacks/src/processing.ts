// Runs the processing (onMessage) of acknowledged messages after, and behind, acknowledgments.
//
// - A job does not start while an acknowledgment is pending (a request received but not answered
//   yet): acknowledgments come first. Under a steady stream of requests, one job per `maxDeferMs`
//   starts anyway, so processing still advances.
// - At most one job starts per macrotask, so the event loop gets back to its I/O between starts.
// - At most `concurrency` jobs run at once.
// Before this queue, a burst of 500 callbacks with 5-20 ms of CPU each left most acknowledgments
// waiting seconds behind processing (packages/bench/src/callback-ack.ts measures it).

export interface ProcessingQueue {
  /** Queues a job; resolves when it has run (a job reports its own failures and never rejects). */
  run(job: () => Promise<void>): Promise<void>;
  /** Marks one acknowledgment as pending until the returned function is called (once). */
  hold(): () => void;
}

interface Waiting {
  readonly since: number;
  readonly start: () => void;
}

export function createProcessingQueue(concurrency: number, maxDeferMs: number): ProcessingQueue {
  const waiting: Waiting[] = [];
  let active = 0;
  let holds = 0;
  let startScheduled = false;
  let guardArmed = false;
  let lastForcedStart = Number.NEGATIVE_INFINITY;

  function scheduleStart(): void {
    if (startScheduled || waiting.length === 0 || active >= concurrency) return;
    startScheduled = true;
    nextMacrotask(startOne);
  }

  function startOne(): void {
    startScheduled = false;
    const next = waiting[0];
    if (next === undefined || active >= concurrency) return;
    if (holds > 0) {
      // Wait for the last acknowledgment to be written. While acknowledgments keep coming, one
      // job is let through per maxDeferMs (counted from its queueing or the previous such start),
      // so processing advances without taking the turn of more than a few acknowledgments.
      const now = performance.now();
      const waited = now - Math.max(next.since, lastForcedStart);
      if (waited < maxDeferMs) {
        if (!guardArmed) {
          guardArmed = true;
          setTimeout(
            () => {
              guardArmed = false;
              scheduleStart();
            },
            Math.ceil(maxDeferMs - waited),
          );
        }
        return;
      }
      lastForcedStart = now;
    }
    waiting.shift();
    active++;
    next.start();
    // Only one start per macrotask: the next one waits for the loop's next turn.
    scheduleStart();
  }

  return {
    run(job) {
      return new Promise<void>((resolve) => {
        waiting.push({
          since: performance.now(),
          start: () => {
            job()
              .catch(() => {})
              .finally(() => {
                active--;
                resolve();
                scheduleStart();
              });
          },
        });
        scheduleStart();
      });
    },
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        if (holds === 0) scheduleStart();
      };
    },
  };
}

// setImmediate (Node, Bun) runs after the loop's I/O phase; elsewhere (Workers, Deno, browsers)
// a zero timeout is the closest macrotask.
const nextMacrotask: (callback: () => void) => void =
  typeof setImmediate === 'function'
    ? (callback) => {
        setImmediate(callback);
      }
    : (callback) => {
        setTimeout(callback, 0);
      };
