/** Drive the bot as a user would: type lines into the console chat and read what it prints. */
import { ConsoleChat } from '../../src/adapters/console/chat.js';
import { makeTestBot, type TestBot } from './bot.js';

export interface ConsoleSession extends TestBot {
  chat: ConsoleChat;
  /** Types a line and returns everything printed in response (including posts it caused). */
  type(line: string): Promise<string>;
  /** Everything printed since the last call (e.g. by a tick). */
  drain(): string;
  /** The number printed in [n] before a button label in `text` (the last one when several match). */
  button(text: string, label: string): string;
}

export async function consoleSession(opts: Parameters<typeof makeTestBot>[0] = {}): Promise<ConsoleSession> {
  const t = await makeTestBot(opts);
  let out: string[] = [];
  const chat = new ConsoleChat(t.bot, (s) => out.push(s), 'ada');
  const drain = () => {
    const s = out.join('');
    out = [];
    return s;
  };
  return {
    ...t,
    chat,
    drain,
    async type(line: string) {
      drain();
      await chat.handle(line);
      return drain();
    },
    button(text: string, label: string) {
      const re = new RegExp(`\\[(\\d+)\\] ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g'); // label may be a prefix
      const all = [...text.matchAll(re)];
      const m = all[all.length - 1];
      if (!m) throw new Error(`no button "${label}" in:\n${text}`);
      return m[1]!;
    },
  };
}
