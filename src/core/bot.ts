/**
 * CareerBot: the one entry point every adapter talks to. It runs commands from
 * typed input (Discord) or free text (Slack, console), routes button clicks by
 * action id, answers autocomplete, and drives the quiz sweeper and the daily
 * minute tick. Platform-free: adapters translate events in and Replies out.
 */
import cron from 'node-cron';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Choice, CommandContext, CommandDef, CommandInput, CoreConfig, CoreContext, Platform, Scope } from './command.js';
import type { Guide } from './guide/model.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import type { Poster } from './poster.js';
import { errorReply, type Reply } from './reply.js';
import { coerce, parseText, splitCommandLine } from './parse.js';
import { parseActionId } from './actions.js';
import { loadCommands } from './registry.js';
import { SearchIndex } from './search.js';
import { QuizService } from './quiz.js';
import { DailyService } from './daily.js';
import { NudgeService } from './nudge.js';
import { ACTION_ID_MAX, DISCORD_LIMITS } from './limits.js';
import { noMetrics, type CoreMetrics } from './metrics.js';
import { quote } from './safe.js';
import { isStoreUnavailable } from '../store/errors.js';

/** What a user is told while the database is away; it comes back by itself (the pool reconnects). */
const UNAVAILABLE = "I can't reach my database right now. Please try again in a moment.";

export const DEFAULT_CONFIG: CoreConfig = { catchUpMinutes: 360, leaseSeconds: 120, quizDefaultSeconds: 30 };

export type Logger = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

export interface BotDeps {
  guide: Guide;
  store: Store;
  clock?: Clock;
  random?: () => number;
  config?: Partial<CoreConfig>;
  log?: Logger;
  /** Counters for quiz rounds and daily posts (default: none kept). */
  metrics?: CoreMetrics;
  /** Defaults to every file in commands/. */
  commands?: CommandDef[];
  /** This process as a lease owner (default: host, pid and a random suffix). */
  owner?: string;
}

/** Longest a shutdown waits for in-flight background work after aborting the posters' waits. */
const STOP_WAIT_MS = 6_000;

export class CareerBot {
  readonly guide: Guide;
  readonly store: Store;
  readonly clock: Clock;
  readonly config: CoreConfig;
  readonly quiz: QuizService;
  readonly daily: DailyService;
  readonly nudges: NudgeService;
  private readonly random: () => number;
  private readonly log: Logger;
  readonly metrics: CoreMetrics;
  private readonly posters = new Map<Platform, Poster>();
  private readonly defs: Map<string, CommandDef>;
  private readonly nameIndex: SearchIndex<CommandDef>;
  private cronTask: { stop(): void } | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  readonly owner: string;
  /** In-flight background work per task, so a slow daily post never delays a quiz reveal. */
  private readonly running = new Map<string, Promise<unknown>>();

  private constructor(deps: BotDeps & { commands: CommandDef[] }) {
    this.guide = deps.guide;
    this.store = deps.store;
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.config = { ...DEFAULT_CONFIG, ...deps.config };
    this.log = deps.log ?? (() => {});
    this.metrics = deps.metrics ?? noMetrics;
    this.defs = new Map(deps.commands.map((c) => [c.name, c]));
    this.nameIndex = new SearchIndex(deps.commands.map((c) => ({ item: c, names: [c.name] })));
    this.owner = deps.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const poster = (p: Platform) => this.posters.get(p);
    const platforms = () => [...this.posters.keys()];
    const log = (msg: string, extra?: Record<string, unknown>) => this.log('warn', msg, extra);
    const debug = (msg: string, extra?: Record<string, unknown>) => this.log('debug', msg, extra);
    const common = { guide: this.guide, store: this.store, clock: this.clock, random: this.random, poster, owner: this.owner, metrics: this.metrics, log, debug, stopping: () => this.stopping };
    this.quiz = new QuizService({ ...common, platforms });
    this.daily = new DailyService({ ...common, config: this.config });
    this.nudges = new NudgeService({ ...common, config: this.config, platforms });
  }

  static async create(deps: BotDeps): Promise<CareerBot> {
    const commands = deps.commands ?? (await loadCommands(deps.guide));
    return new CareerBot({ ...deps, commands });
  }

  commands(): readonly CommandDef[] {
    return [...this.defs.values()];
  }

  command(name: string): CommandDef | undefined {
    return this.defs.get(name);
  }

  attachPoster(poster: Poster): void {
    this.posters.set(poster.platform, poster);
  }

  poster(platform: Platform): Poster | undefined {
    return this.posters.get(platform);
  }

  private context(scope: Scope): CommandContext {
    const core: CoreContext = {
      guide: this.guide,
      store: this.store,
      clock: this.clock,
      random: this.random,
      config: this.config,
    };
    return { ...core, scope, quiz: this.quiz, daily: this.daily, commands: () => this.commands() };
  }

  /** Typed input (Discord options). Never throws: failures become a friendly private reply. */
  async runCommand(name: string, input: CommandInput, scope: Scope): Promise<Reply> {
    const def = this.defs.get(name);
    if (!def) return this.unknownCommand(name);
    const parsed = coerce(def, input);
    if (!parsed.ok) return parsed.error;
    return this.execute(def, parsed.input, scope);
  }

  /** Free text after the command name (Slack's `text`, the console). */
  async runCommandText(name: string, text: string, scope: Scope): Promise<Reply> {
    const def = this.defs.get(name.replace(/^\//, '').toLowerCase());
    if (!def) return this.unknownCommand(name);
    const parsed = parseText(def, text);
    if (!parsed.ok) return parsed.error;
    return this.execute(def, parsed.input, scope);
  }

  /** A whole line: "/salary ai senior". */
  async runText(line: string, scope: Scope): Promise<Reply> {
    const split = splitCommandLine(line);
    if (!split) return errorReply('Type a command, for example `/help`.', '/help');
    return this.runCommandText(split.name, split.rest, scope);
  }

  private unknownCommand(name: string): Reply {
    const near = this.nameIndex.rank(name, 3).map((r) => `\`/${r.item.name}\``);
    return errorReply(
      `There is no \`/${quote(name.replace(/^\//, ''), 32)}\` command.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}`,
      '/help',
    );
  }

  private async execute(def: CommandDef, input: CommandInput, scope: Scope): Promise<Reply> {
    const sub = def.subcommands?.find((s) => s.name === input.subcommand);
    if ((def.admin || sub?.admin) && !scope.isAdmin) {
      return errorReply(
        `Only admins can use \`/${def.name}${sub ? ' ' + sub.name : ''}\`.${scope.adminHint ? ' ' + scope.adminHint : ''}`,
      );
    }
    try {
      const reply = await def.run(input, this.context(scope));
      if (reply.error) return { ...reply, visibility: 'private' };
      return def.shareable ? this.withShare(def, input, reply) : reply;
    } catch (e) {
      if (isStoreUnavailable(e)) {
        this.log('warn', 'command failed: database unavailable', { command: def.name, error: e instanceof Error ? e.message : String(e) });
        return errorReply(UNAVAILABLE);
      }
      this.log('error', 'command failed', {
        command: def.name,
        user: scope.userId,
        workspace: scope.workspaceId,
        error: e instanceof Error ? e.stack : String(e),
      });
      return errorReply('Something went wrong on our side while answering that. Please try again in a moment.');
    }
  }

  /**
   * Lookups answer privately with a "Post to channel" button; `public: true`
   * posts directly. The button re-runs what produced the card: the reply's own
   * `share` action when it has one (exact, even for a random draw), else the
   * command with the same options.
   */
  private withShare(def: CommandDef, input: CommandInput | null, reply: Reply): Reply {
    if (reply.error) return { ...reply, visibility: 'private' };
    if (input?.options.public === true) return { ...reply, visibility: 'public' };
    if (reply.visibility !== 'private' || reply.cards.length === 0 || reply.cards[0]?.accent === 'warning') return reply;
    let id: string | undefined;
    if (reply.share) id = `pub:${reply.share}`;
    else if (input) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(input.options)) if (k !== 'public') params.set(k, String(v));
      id = `share:${def.name}:${params.toString()}`;
    }
    if (!id || id.length > ACTION_ID_MAX) return reply;
    const button = { kind: 'button' as const, id, label: 'Post to channel', style: 'secondary' as const };
    const actions = reply.actions.map((row) => [...row]);
    const last = actions[actions.length - 1];
    if (last && last.length < DISCORD_LIMITS.buttonsPerRow && last.every((a) => a.kind === 'button')) last.push(button);
    else if (actions.length < DISCORD_LIMITS.actionRows) actions.push([button]);
    else return reply;
    return { ...reply, actions };
  }

  /** A submitted form (Reply.form): runs the form's action id with the values in ctx.form. */
  async runSubmit(id: string, values: Record<string, string>, scope: Scope): Promise<Reply> {
    return this.runAction(id, scope, undefined, values);
  }

  /** A button click or select choice, by its action id. */
  async runAction(id: string, scope: Scope, value?: string, form?: Record<string, string>): Promise<Reply> {
    const parsed = parseActionId(value !== undefined ? `${id}:${value}` : id);
    if (!parsed) return errorReply("That button isn't one I recognize — it may be from an older version of the bot.");
    if (parsed.command === 'share') {
      const def = this.defs.get(parsed.verb);
      if (!def?.shareable) return errorReply("That button isn't one I recognize.");
      const options: Record<string, string | boolean> = { public: true };
      for (const [k, v] of new URLSearchParams(parsed.args.join(':'))) options[k] = v;
      return this.runCommand(def.name, { options }, scope);
    }
    // "Post to channel" on a card reached by a button: run that button's action publicly.
    const pub = parsed.command === 'pub';
    const target = pub ? { command: parsed.verb, verb: parsed.args[0] ?? '', args: parsed.args.slice(1) } : parsed;
    const def = this.defs.get(target.command);
    const handler = def?.actions?.find((a) => a.verb === target.verb);
    if (!def || !handler || (pub && !def.shareable)) return errorReply("That button isn't one I recognize — it may be from an older version of the bot.");
    try {
      const reply = await handler.run(target.args, form ? { ...this.context(scope), form } : this.context(scope));
      if (reply.error) return { ...reply, visibility: 'private' };
      if (pub) return { ...reply, visibility: 'public', mode: 'new' };
      return def.shareable ? this.withShare(def, null, reply) : reply;
    } catch (e) {
      if (isStoreUnavailable(e)) {
        this.log('warn', 'action failed: database unavailable', { action: id, error: e instanceof Error ? e.message : String(e) });
        return errorReply(UNAVAILABLE);
      }
      this.log('error', 'action failed', { action: id, user: scope.userId, workspace: scope.workspaceId, error: e instanceof Error ? e.stack : String(e) });
      return errorReply('Something went wrong on our side with that button. Please try again.');
    }
  }

  /** Ranked suggestions for a partially typed option (≤ 25). */
  autocomplete(command: string, option: string, partial: string, scope: Scope, subcommand?: string): Choice[] {
    const def = this.defs.get(command);
    const opts = (subcommand ? def?.subcommands?.find((s) => s.name === subcommand)?.options : def?.options) ?? [];
    const opt = opts.find((o) => o.name === option);
    if (!opt?.autocomplete) return [];
    try {
      return opt.autocomplete(partial, this.context(scope)).slice(0, DISCORD_LIMITS.autocompleteChoices);
    } catch (e) {
      this.log('error', 'autocomplete failed', { command, option, error: String(e) });
      return [];
    }
  }

  /** Closes due quiz rounds, opens a session's next question, posts due daily questions and sends due weekly nudges. */
  async tick(): Promise<void> {
    await this.quiz.sweep();
    await this.daily.tick();
    await this.nudges.tick();
  }

  /** Runs a background task unless its previous run is still going (each task has its own guard). */
  private guard(what: string, fn: () => Promise<unknown>): () => Promise<void> {
    return async () => {
      if (this.stopping || this.running.has(what)) return;
      const p = fn()
        .catch((e) => this.log('error', `${what} failed`, { error: e instanceof Error ? e.stack : String(e) }))
        .finally(() => this.running.delete(what));
      this.running.set(what, p);
      await p;
    };
  }

  /** The daily tick; when a post waits for a retry, another tick is set for then (within the minute). */
  private readonly dailyTick = this.guard('daily tick', async () => {
    const report = await this.daily.tick();
    if (report.retryAt === null || this.stopping) return;
    const inMs = Math.min(60_000, Math.max(1_000, report.retryAt - this.clock.now().getTime()));
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.dailyTick(), inMs);
    this.retryTimer.unref();
  });

  /** The weekly nudges, on the same minute tick (in their own guard: a slow DM never delays a daily post). */
  private readonly nudgeTick = this.guard('nudge tick', () => this.nudges.tick());

  /** The minute cron for daily posts, a one-second sweeper for quiz rounds; overdue rounds are handled at once. */
  start(): void {
    this.stopping = false;
    const sweep = this.guard('quiz sweep', () => this.quiz.sweep());
    void sweep();
    this.sweeper = setInterval(() => void sweep(), 1000);
    this.sweeper.unref();
    this.cronTask = cron.schedule('* * * * *', () => Promise.all([this.dailyTick(), this.nudgeTick()]), { noOverlap: true });
    void this.dailyTick();
    void this.nudgeTick();
  }

  /**
   * Stops taking new work, aborts the posters' retry waits (so in-flight posts
   * end now rather than after their backoff), then waits a bounded time for
   * in-flight work. Anything unfinished keeps its lease in the store and is
   * taken over, without a duplicate, by the next process.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.cronTask?.stop();
    this.cronTask = null;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const p of this.posters.values()) p.close?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_WAIT_MS);
      timer.unref();
    });
    await Promise.race([Promise.all(this.running.values()), timeout]);
    clearTimeout(timer);
  }
}

export type { Scope, CommandInput, Reply };
