/**
 * The process's real logger (src/log.ts, pino at debug) writing into memory, for
 * e2e suites to check that every line the adapters write is JSON and holds no
 * secret. It is given no secret values to scrub, so what keeps a token out is
 * redaction by field and by token shape, plus the code never logging it.
 */
import { expect } from 'vitest';
import { createRootLogger, coreLogger, type Pino } from '../../src/log.js';
import type { Logger } from '../../src/core/bot.js';

export class LogSink {
  readonly lines: string[] = [];
  readonly root: Pino = createRootLogger({ level: 'debug', secrets: [], pretty: false, destination: { write: (s: string) => void this.lines.push(s) } });
  readonly log: Logger = coreLogger(this.root);

  /** Every line parses as JSON with time, level and msg, and none contains any of `secrets`. */
  assertClean(secrets: string[]): void {
    expect(this.lines.length).toBeGreaterThan(0);
    for (const l of this.lines) {
      const o = JSON.parse(l) as Record<string, unknown>;
      expect(typeof o.time === 'string' && typeof o.level === 'string' && typeof o.msg === 'string', l).toBe(true);
    }
    const all = this.lines.join('\n');
    for (const s of secrets) expect(all.includes(s), `a secret in the log`).toBe(false);
  }
}
