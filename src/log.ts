/** JSON-lines logging to stderr. Callers pass context, never secrets. */
import type { Logger } from './core/bot.js';

const ORDER = { debug: 10, info: 20, warn: 30, error: 40 } as const;

export function makeLogger(level: keyof typeof ORDER, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  return (lvl, msg, extra) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...extra }));
  };
}
