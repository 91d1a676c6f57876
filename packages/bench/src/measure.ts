// Measuring with tinybench on a shared, noisy machine: every comparison runs its tasks in several
// rounds, rotating their order, and reports medians across rounds, so one slow stretch of the
// machine does not decide a ratio.
import { Bench } from 'tinybench';

export type Task = () => unknown;

export interface Measured {
  readonly name: string;
  /** Median over rounds of runs ÷ total time, operations per second. */
  readonly opsPerSecond: number;
  /** Median over rounds of the mean latency, microseconds. */
  readonly meanMicros: number;
  /** ops/s of each round, for a feel of the spread. */
  readonly rounds: readonly number[];
}

export interface MeasureOptions {
  /** Time per task per round, ms. */
  readonly timeMs?: number;
  readonly rounds?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function measure(
  tasks: Readonly<Record<string, Task>>,
  { timeMs = 500, rounds = 5 }: MeasureOptions = {},
): Promise<Measured[]> {
  const names = Object.keys(tasks);
  const throughput = new Map<string, number[]>(names.map((n) => [n, []]));
  const latency = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: timeMs, warmupTime: 200, throws: true });
    // Rotate the order each round: the first task of a run tends to pay for JIT warm-up and GC.
    const order = names.map((_, i) => names[(i + round) % names.length] as string);
    for (const name of order) bench.add(name, tasks[name] as Task);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
      // period = total time / runs: the honest per-call cost (throughput.mean, the mean of
      // per-sample rates, would over-weight the fastest samples).
      throughput.get(task.name)?.push(1000 / result.period);
      latency.get(task.name)?.push(result.period * 1000);
    }
  }
  return names.map((name) => ({
    name,
    opsPerSecond: median(throughput.get(name) ?? []),
    meanMicros: median(latency.get(name) ?? []),
    rounds: throughput.get(name) ?? [],
  }));
}

export function formatOps(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Prints rows as a Markdown table (pasteable into BENCHMARKS.md). */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(headers));
  console.log(line(headers.map(() => '---')));
  for (const row of rows) console.log(line(row));
  console.log();
}
