// The machine a run happened on, printed with the figures (they mean little without it).
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export function describeMachine(): string {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    // /proc/cpuinfo's "model name" is what `lscpu` shows; os.cpus() can be vaguer in VMs.
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) model = match[1].trim();
  } catch {
    // Not Linux: keep os.cpus()'s answer.
  }
  return [
    `CPU: ${model}`,
    `nproc: ${availableParallelism()}`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node: ${process.version} (${process.platform}-${process.arch})`,
    // A busy machine slows everything; ratios measured in one run stay comparable.
    `load average at start: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  ].join(', ');
}
