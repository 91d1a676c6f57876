// Issue 10 item 7: parsing time grows linearly with the text, invalid texts included. The old
// pre-scan (a regex over string literals) was quadratic on an invalid text holding a 16-digit
// number and many escaped quotes: 176 KB blocked the event loop for 8 s. Compared as a ratio
// within one run (CPU time at 4x the size over CPU time at 1x), so the machine's speed cancels out.
// (Deep nesting is left out: there even JSON.parse grows faster than linearly, from garbage
// collection of the ever-larger live tree, not from parsing.)
import { describe, expect, it } from 'vitest';
import { parseJson } from '../src/index.js';

/** CPU time this process has used, in ms (user + system, all threads). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The least of `runs` CPU timings of `parse(text)`, in ms. CPU time, not wall time: on a
 * shared 2-core machine a run longer than the scheduler's time slice is preempted on every
 * try, so wall-clock minima inflate the larger size only (a ratio of 29 was seen under turbo).
 */
function fastest(text: string, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = cpuMs();
    try {
      parseJson(text);
    } catch {
      // Invalid on purpose.
    }
    best = Math.min(best, cpuMs() - start);
  }
  return best;
}

const shapes: Record<string, (n: number) => string> = {
  'unterminated string of escaped quotes': (n) => `{"id":1234567890123456,"x":"${'\\"'.repeat(n)}`,
  'valid array of 19-digit ids': (n) =>
    `[${Array.from({ length: n / 8 }, () => '2542285634920880794').join(',')}]`,
  'unclosed string with escapes everywhere': (n) =>
    `[1234567890123456,"${'\\u00e9\\n'.repeat(n / 8)}`,
};

describe('parseJson scales linearly', () => {
  for (const [name, make] of Object.entries(shapes)) {
    it(name, () => {
      const small = make(100_000);
      const large = make(400_000);
      fastest(small, 2); // warm-up
      // Interleaved, so a burst of load on the machine hits both sizes alike.
      let t1 = Number.POSITIVE_INFINITY;
      let t4 = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        t1 = Math.min(t1, fastest(small, 2));
        t4 = Math.min(t4, fastest(large, 2));
      }
      const ratio = t4 / Math.max(t1, 0.1);
      console.log(
        `json scaling, ${name}: ${small.length} chars ${t1.toFixed(2)} ms, ${large.length} chars ${t4.toFixed(2)} ms, ratio ${ratio.toFixed(1)} (linear ~4, quadratic ~16; bound 12)`,
      );
      expect(ratio).toBeLessThan(12);
    });
  }
});
