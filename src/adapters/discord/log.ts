/** The adapter's logger: the core's shape, so main.ts can pass one logger everywhere. */
export type DiscordLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/** One JSON line per event on stderr; never given the token. */
export const defaultDiscordLog: DiscordLog = (level, msg, extra) => {
  const line = JSON.stringify({ level, at: new Date().toISOString(), adapter: 'discord', msg, ...extra });
  if (level === 'error') console.error(line);
  else console.warn(line);
};
