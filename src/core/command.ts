/**
 * Platform-free command definitions. A command is declared once in commands/
 * and is registered on Discord, turned into a Slack slash command, and typed
 * in the console — from this one description.
 */
import type { Guide } from './guide/model.js';
import type { Reply } from './reply.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { QuizService } from './quiz.js';
import type { DailyService } from './daily.js';

export type { Platform } from '../domain/types.js';
import type { Platform } from '../domain/types.js';

/** Who did something, and where. */
export interface Scope {
  platform: Platform;
  /** Discord guild id, Slack team id, or "console". */
  workspaceId: string;
  channelId: string;
  userId: string;
  userName: string;
  /** Decided by the adapter from the platform's own permission model. */
  isAdmin: boolean;
  /** Why the user is (not) an admin, for refusal messages (e.g. "needs Manage Server"). */
  adminHint?: string;
  /**
   * Whom this user may make the bot ping (a daily post's mention), decided by
   * the adapter from the platform's own rules. Absent: nobody channel-wide.
   */
  mentions?: MentionRights;
}

export interface MentionRights {
  /**
   * May ping a whole channel or server (@everyone/@here; Slack @channel/@here)
   * and any role or group. A function when finding out costs a platform call.
   */
  everyone: boolean | (() => Promise<boolean>);
  /** Why not, in the platform's terms, for refusals. */
  hint: string;
  /** A role the bot would ping: its name and whether anyone may mention it (Discord). */
  role?: (id: string) => Promise<{ name: string; mentionable: boolean } | null>;
}

export type OptionValue = string | number | boolean;

/** Default longest free-text option value (a search, a skill name). */
export const TEXT_MAX = 100;

export interface Choice {
  name: string;
  value: string;
  /** Extra words accepted for this choice in free text (case-insensitive). */
  aliases?: string[];
}

export interface OptionDef {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean' | 'channel';
  required?: boolean;
  choices?: Choice[];
  /** Ranked suggestions for a partial value (Discord autocomplete; Slack/console "did you mean"). */
  autocomplete?: (partial: string, ctx: CoreContext) => Choice[];
  min?: number;
  max?: number;
  /**
   * Longest value accepted for a free-text string option (default TEXT_MAX):
   * Discord enforces it as max_length; free text (Slack, console) is cut to it.
   */
  maxLength?: number;
  /** Free text: recognises a positional token as belonging to this option. */
  match?: (token: string) => boolean;
  /** Free text: a string option that absorbs all remaining positional words. */
  rest?: boolean;
  /**
   * A specific problem for a value that looks meant for this option but is not
   * valid ("9am" for a time, "berlin" for a timezone), or undefined.
   */
  diagnose?: (token: string) => string | undefined;
  /** Shown in help and used in error messages. */
  example?: string;
}

export interface SubcommandDef {
  name: string;
  description: string;
  options: OptionDef[];
  /** Admin-only subcommand (the whole command is admin-only if the command says so). */
  admin?: boolean;
  example: string;
}

export interface CommandInput {
  subcommand?: string;
  options: Record<string, OptionValue>;
}

/** Everything a command needs, injected: nothing global. */
export interface CoreContext {
  guide: Guide;
  store: Store;
  clock: Clock;
  /** Random numbers in [0, 1): injected so tests are repeatable. */
  random: () => number;
  /** Daily-question settings (catch-up window etc.). */
  config: CoreConfig;
}

export interface CoreConfig {
  catchUpMinutes: number;
  /** How long a process holds a daily post it is posting before another may take it over. */
  leaseSeconds: number;
  quizDefaultSeconds: number;
}

export interface CommandContext extends CoreContext {
  scope: Scope;
  quiz: QuizService;
  daily: DailyService;
  /** Every registered command (for /help). */
  commands: () => readonly CommandDef[];
  /** The values of a submitted form (only when running a form's submit action), by field id. */
  form?: Record<string, string>;
}

export interface ActionHandler {
  /** The verb after "<command>:" in the action id, e.g. "a" for "quiz:a:<round>:<choice>". */
  verb: string;
  run(args: string[], ctx: CommandContext): Promise<Reply> | Reply;
}

export interface CommandDef {
  name: string;
  description: string;
  /** One working example, shown in /help and in error messages. */
  example: string;
  options?: OptionDef[];
  subcommands?: SubcommandDef[];
  /** The subcommand used when free text names none (e.g. "/daily" → status). */
  defaultSubcommand?: string;
  /**
   * Free text whose first word names no subcommand is parsed as the default
   * subcommand's options ("/mock rag senior" → start topic:rag level:senior).
   */
  defaultTakesWords?: boolean;
  /**
   * A lookup: answers privately with a "Post to channel" button, and gets a
   * `public` option that posts directly instead.
   */
  shareable?: boolean;
  /** Admin-only (Discord default_member_permissions "0"-style, re-checked at run time). */
  admin?: boolean;
  run(input: CommandInput, ctx: CommandContext): Promise<Reply> | Reply;
  actions?: ActionHandler[];
}

/** A command file's default export: builds the definition from the typed guide (choices, aliases). */
export type CommandFactory = (guide: Guide) => CommandDef;

export function defineCommand(factory: CommandFactory): CommandFactory {
  return factory;
}
