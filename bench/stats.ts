/** Small helpers for benchmarks: percentiles, medians over repeated runs, aligned output. */
import { performance } from 'node:perf_hooks';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `fn` once per input; returns per-call durations in ms, sorted. */
export async function timeEach<T>(inputs: T[], fn: (x: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const x of inputs) {
    const t0 = performance.now();
    await fn(x);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(58)} ${value}`);
}
