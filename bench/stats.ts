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

/** What a figure is held to, and whether it made it; null for a baseline it is compared against. */
export interface Target {
  text: string;
  met: boolean;
}

export const atMost = (value: number, max: number, unit: string, what = ''): Target => ({ text: `${what}${what ? ' ' : ''}≤ ${max}${unit}`, met: value <= max });
export const below = (value: number, max: number, unit: string, what = ''): Target => ({ text: `${what}${what ? ' ' : ''}< ${max}${unit}`, met: value < max });
export const atLeast = (value: number, min: number, unit: string, what = ''): Target => ({ text: `${what}${what ? ' ' : ''}≥ ${min.toLocaleString('en-US')}${unit}`, met: value >= min });

const results: { label: string; target: Target }[] = [];

/** Every targeted figure printed so far, with its verdict. */
export function verdicts(): readonly { label: string; target: Target }[] {
  return results;
}

/** One figure: the value, then its target and whether it was met (or that it is a baseline). */
export function figure(label: string, value: string, target: Target | null, log: (s: string) => void = console.log): void {
  if (target) results.push({ label, target });
  const verdict = target ? `target ${target.text}: ${target.met ? 'met ✓' : 'MISSED ✗'}` : 'baseline, no target';
  log(`  ${label.padEnd(58)} ${value}   [${verdict}]`);
}

/** The closing line: how many targets were met. */
export function summary(log: (s: string) => void = console.log): void {
  const met = results.filter((r) => r.target.met).length;
  const missed = results.filter((r) => !r.target.met).map((r) => r.label);
  log(`\n${met} of ${results.length} targets met${missed.length ? `; missed: ${missed.join('; ')}` : ''}`);
}
