/**
 * The local console chat: the embedded default when no platform credentials
 * are set. Every command works; buttons are numbers you type; quiz rounds and
 * daily posts print as they happen. `/as <name>` switches who you are, so one
 * person can play a quiz as several users.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CareerBot } from '../../core/bot.js';
import type { Scope } from '../../core/command.js';
import type { MessageRef, Poster } from '../../core/poster.js';
import type { Form, Reply } from '../../core/reply.js';
import { errorReply } from '../../core/reply.js';
import { splitCommandLine } from '../../core/parse.js';
import { suggestCommands } from '../../core/lookup.js';
import { renderConsole, type NumberedAction } from './render.js';

export const CONSOLE_WORKSPACE = 'console';
export const CONSOLE_CHANNEL = 'console';

export class ConsoleChat {
  private nextButton = 1;
  private nextMessage = 1;
  private readonly buttons = new Map<number, NumberedAction>();
  private user: string;
  readonly poster: Poster;
  /** Lines that failed (an error reply, an unknown button, a line that was not a command). */
  failures = 0;
  /** A form being filled in: the next lines are its fields' values, one field after another. */
  private pending: { form: Form; field: number; values: Record<string, string>; lines: string[] } | null = null;

  constructor(
    private readonly bot: CareerBot,
    private readonly write: (text: string) => void,
    userName = 'you',
  ) {
    this.user = userName;
    this.poster = {
      platform: 'console',
      post: async (channelId: string, reply: Reply): Promise<MessageRef> => {
        const messageId = `m${this.nextMessage++}`;
        this.show(reply, `#${channelId} · careerbot`);
        return { channelId, messageId };
      },
      edit: async (ref: MessageRef, reply: Reply): Promise<void> => {
        this.show(reply, `#${ref.channelId} · careerbot (updated message)`);
      },
      // A direct message (the weekly nudge): printed with whom it is for; its buttons work like any other.
      direct: async (userId: string, reply: Reply): Promise<MessageRef> => {
        const messageId = `m${this.nextMessage++}`;
        this.show(reply, `DM to ${userId}`);
        return { channelId: `dm:${userId}`, messageId };
      },
    };
    bot.attachPoster(this.poster);
  }

  get userName(): string {
    return this.user;
  }

  scope(): Scope {
    return {
      platform: 'console',
      workspaceId: CONSOLE_WORKSPACE,
      channelId: CONSOLE_CHANNEL,
      userId: this.user,
      userName: this.user,
      isAdmin: true,
      adminHint: 'In the console you are always an admin.',
      mentions: { everyone: true, hint: '' },
    };
  }

  private show(reply: Reply, header?: string): void {
    if (reply.form && header === undefined) return this.openForm(reply);
    if (reply.error && header === undefined) this.failures++;
    const { text, actions } = renderConsole(reply, this.nextButton);
    for (const a of actions) this.buttons.set(a.n, a);
    this.nextButton += actions.length;
    const tag = header ?? (reply.visibility === 'private' ? 'only you can see this' : `#${CONSOLE_CHANNEL} · careerbot`);
    this.write(`\n[${tag}]\n${text}\n`);
  }

  /** A reply with a form: show its cards, then ask for each field in turn (the next lines answer). */
  private openForm(reply: Reply): void {
    const form = reply.form!;
    this.show({ ...reply, form: undefined, actions: [] });
    this.write(`\n[form: ${form.title}] Type /cancel to leave it.\n`);
    this.pending = { form, field: 0, values: {}, lines: [] };
    this.askField();
  }

  private askField(): void {
    const f = this.pending!.form.fields[this.pending!.field]!;
    const how = f.multiline ? `several lines; end with a line containing only "."` : 'one line';
    this.write(`${f.label} (${how}, at most ${f.maxLength} characters${f.required === false ? ', may be empty' : ''}):\n`);
  }

  /** One line typed while a form is open. */
  private async fillForm(line: string): Promise<void> {
    const p = this.pending!;
    const f = p.form.fields[p.field]!;
    if (p.lines.length === 0 && line.trim() === '/cancel') {
      this.pending = null;
      this.write('\n(form cancelled: nothing was sent)\n');
      return;
    }
    if (f.multiline && line.trim() !== '.') {
      p.lines.push(line);
      return;
    }
    const value = (f.multiline ? p.lines.join('\n') : line).trim();
    p.lines = [];
    const problem =
      f.required !== false && !value
        ? 'This field is required.'
        : [...value].length > f.maxLength
          ? `That is ${[...value].length} characters; at most ${f.maxLength} fit.`
          : f.minLength && [...value].length < f.minLength
            ? `At least ${f.minLength} characters, please.`
            : null;
    if (problem) {
      this.write(`${problem} Try again.\n`);
      this.askField();
      return;
    }
    p.values[f.id] = value;
    if (++p.field < p.form.fields.length) return this.askField();
    this.pending = null;
    this.show(await this.bot.runSubmit(p.form.id, p.values, this.scope()));
  }

  /** Handles one typed line. Returns false when the user asked to quit. */
  async handle(line: string): Promise<boolean> {
    if (this.pending) {
      await this.fillForm(line);
      return true;
    }
    const input = line.trim();
    if (!input || input.startsWith('#')) return true;
    if (/^\/?(quit|exit)$/i.test(input)) return false;
    const as = /^\/as(?:\s+(.*))?$/i.exec(input);
    if (as) {
      const name = as[1]?.trim();
      if (!name || /\s/.test(name)) {
        this.show(errorReply('Usage: /as <name> switches who you are, so one person can play a quiz as several users.', '/as bob'));
        return true;
      }
      this.user = name;
      this.write(`\n(you are now ${this.user})\n`);
      return true;
    }
    if (/^\d+$/.test(input)) {
      const b = this.buttons.get(Number(input));
      if (!b) {
        this.failures++;
        this.write(`\nThere is no button ${input}. Type one of the numbers shown in [brackets], or a command like /help.\n`);
        return true;
      }
      this.show(await this.bot.runAction(b.id, this.scope(), b.value));
      return true;
    }
    // Without a slash, a line is a command only if it starts with a command's name ("salary ai senior").
    const first = splitCommandLine(input)?.name;
    if (!input.startsWith('/') && !(first && this.bot.command(first))) {
      const tries = suggestCommands(this.bot.guide, input).map((c) => `\`${c}\``).join(' or ');
      this.show(errorReply(`Commands start with a slash. Try ${tries}; /help lists every command.`));
      return true;
    }
    this.show(await this.bot.runText(input, this.scope()));
    return true;
  }
}

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  interactive: boolean;
  userName?: string;
}

/**
 * Runs the chat until end of input (piped) or /quit (terminal). Returns how many
 * lines failed, so a script can tell (main exits 1 when piped and any did).
 */
export async function runConsole(bot: CareerBot, opts: ConsoleOptions): Promise<{ failures: number }> {
  let rl: ReturnType<typeof createInterface> | undefined;
  /** A typed line is being answered; its output comes before the prompt is drawn again anyway. */
  let busy = false;
  const write = (t: string): void => {
    if (!opts.interactive || busy || !rl) {
      opts.output.write(t);
      return;
    }
    // Output that arrives on its own (a quiz reveal, a daily post): clear the prompt line,
    // print, then draw the prompt again with whatever was being typed.
    clearLine(opts.output, 0);
    cursorTo(opts.output, 0);
    opts.output.write(`${t.replace(/^\n/, '')}\n`);
    rl.prompt(true);
  };
  const chat = new ConsoleChat(bot, write, opts.userName);
  rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive });
  if (opts.interactive) {
    opts.output.write(
      'careerbot console — the AI Engineer vs Software Engineer (2026) guide.\n' +
        'Type /help for commands, a number to press a button, /as <name> to switch user, /quit to leave.\n',
    );
    rl.setPrompt(`${chat.userName}> `);
    rl.prompt();
  }
  // Lines are handled strictly one after another, in order, even when piped in all at once.
  let chain = Promise.resolve(true);
  let closed = false;
  await new Promise<void>((resolve) => {
    rl!.on('line', (line) => {
      chain = chain.then(async (go) => {
        if (!go) return false;
        busy = true;
        const more = await chat
          .handle(line)
          .catch((e) => {
            chat.failures++;
            opts.output.write(`\nSomething went wrong: ${e instanceof Error ? e.message : String(e)}\n`);
            return true;
          })
          .finally(() => (busy = false));
        if (!more) rl!.close();
        else if (opts.interactive && !closed) {
          rl!.setPrompt(`${chat.userName}> `);
          rl!.prompt();
        }
        return more;
      });
    });
    rl!.on('close', () => {
      closed = true;
      void chain.then(() => resolve());
    });
  });
  rl = undefined;
  await waitForOpenQuizzes(bot, chat, opts.interactive ? 0 : 10 * 60_000, (t) => void opts.output.write(t));
  return { failures: chat.failures };
}

/** When piped, let a quiz that was started finish, so its reveal is printed before exit. */
async function waitForOpenQuizzes(bot: CareerBot, chat: ConsoleChat, maxMs: number, write: (t: string) => void): Promise<void> {
  if (maxMs <= 0) return;
  const active = () => bot.store.activeSession('console', chat.scope().channelId);
  const session = await active();
  if (!session.length) return;
  // Every remaining round: its time, plus the gap before it.
  const left = session.filter((r) => r.state !== 'closed' && r.state !== 'revealed').reduce((ms, r) => ms + (r.seconds + 5) * 1000, 0);
  const until = Date.now() + Math.min(maxMs, left + 2000);
  write(`\n(waiting for the quiz to end…)\n`);
  while (Date.now() < until && (await active()).length) {
    await new Promise((r) => setTimeout(r, 250));
    await bot.quiz.sweep();
  }
}
