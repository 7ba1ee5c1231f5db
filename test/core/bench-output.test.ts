/**
 * Issue 10, item 15: `npm run bench` prints, for every figure, its target and
 * whether it met it. Runs the in-process benchmarks once (BENCH_RUNS=1) and
 * checks every figure line; it asserts nothing about the figures themselves.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figure, summary, verdicts } from '../../bench/stats.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('bench output', () => {
  it('figure() prints the value, the target and whether it was met', () => {
    const out: string[] = [];
    const log = (s: string) => out.push(s);
    figure('p99 latency', '0.5 ms', { text: 'p99 < 2 ms', met: true }, log);
    figure('throughput', '900/s', { text: '≥ 1,000/s', met: false }, log);
    figure('bare client', '40 ms', null, log);
    expect(out[0]).toMatch(/p99 latency.*0\.5 ms.*target p99 < 2 ms.*met/);
    expect(out[1]).toMatch(/throughput.*900\/s.*target ≥ 1,000\/s.*MISSED/);
    expect(out[2]).toMatch(/bare client.*40 ms.*baseline, no target/);
    expect(verdicts().map((v) => v.target.met)).toEqual([true, false]); // the baseline is not a target
    summary(log);
    expect(out.at(-1)).toBe('\n1 of 2 targets met; missed: throughput');
  });

  it('every figure of the in-process benchmarks says its target and whether it was met', async () => {
    const out = await new Promise<string>((resolve) => {
      const child = spawn(join(root, 'node_modules/.bin/tsx'), ['bench/run.ts', 'core'], { cwd: root, env: { PATH: process.env.PATH!, BENCH_RUNS: '1', HOME: process.env.HOME ?? '/tmp' } });
      let s = '';
      child.stdout.on('data', (d) => (s += d));
      child.on('close', () => resolve(s));
    });
    const figures = out.split('\n').filter((l) => /^\s{2}\S/.test(l));
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const l of figures) expect(l).toMatch(/target .* (met|MISSED)|baseline, no target/);
    expect(out).toMatch(/\d+ of \d+ targets met/);
  }, 120_000);
});
