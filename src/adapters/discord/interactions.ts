/**
 * Interaction -> core -> Discord answer. Every path answers within Discord's
 * 3-second window: fast work replies directly; work still running after
 * `deferAfterMs` is deferred first and the answer edited in. Buttons and selects
 * are routed by custom_id to bot.runAction (no collectors), so a button works
 * after a restart. One error wrapper answers ephemerally and logs command, user
 * and guild.
 */
import {
  ShardClientUtil,
  ApplicationCommandOptionType,
  MessageFlags,
  PermissionFlagsBits,
  MessagePayload,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { CommandInput, OptionValue, Scope } from '../../core/command.js';
import type { CareerBot } from '../../core/bot.js';
import { errorReply, withoutForm, type Reply } from '../../core/reply.js';
import { renderChoices, renderMessage, renderModal, type DiscordMessage } from './render.js';
import type { DiscordLog } from './log.js';
import { stripMarker } from './poster.js';
import type { InteractionKind, Metrics } from '../../server/metrics.js';

/** The part of the core the Discord adapter uses. */
export type DiscordBot = Pick<CareerBot, 'commands' | 'runCommand' | 'runAction' | 'autocomplete' | 'attachPoster'> &
  /** Form submissions (modals); optional so a core without forms still plugs in. */
  Partial<Pick<CareerBot, 'runSubmit'>>;

export const ADMIN_HINT = 'This needs the Manage Server permission.';
export const MENTION_HINT = 'On Discord that needs the Mention Everyone permission.';

export interface InteractionOptions {
  log: DiscordLog;
  /** Counts and times every interaction, and its deferrals. */
  metrics?: Metrics;
  /** Defer when the core has not answered after this long (default 2000 ms; Discord allows 3000). */
  deferAfterMs?: number;
  /** Give up on autocomplete after this long and answer with no choices (default 2500 ms). */
  autocompleteTimeoutMs?: number;
}

type AnyInteraction = ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/** Who did it, where, and whether they may use admin commands (from this interaction's own permissions). */
export function scopeOf(i: AnyInteraction): Scope {
  const perms = i.memberPermissions;
  const isAdmin = !!perms && (perms.has(PermissionFlagsBits.ManageGuild) || perms.has(PermissionFlagsBits.Administrator));
  const guildId = i.guildId;
  return {
    platform: 'discord',
    workspaceId: i.guildId ?? `dm:${i.user.id}`,
    channelId: i.channelId ?? '',
    userId: i.user.id,
    userName: i.user.globalName ?? i.user.username,
    isAdmin,
    adminHint: ADMIN_HINT,
    mentions: {
      // Administrator implies every permission; has() checks it unless told not to.
      everyone: !!perms && perms.has(PermissionFlagsBits.MentionEveryone),
      hint: MENTION_HINT,
      // Looked up only when a daily mention names a role (no role cache: the client has no intents).
      role: async (id) => {
        if (!guildId) return null;
        const roles = (await i.client.rest.get(Routes.guildRoles(guildId))) as { id: string; name: string; mentionable: boolean }[];
        const r = roles.find((x) => x.id === id);
        return r ? { name: r.name, mentionable: r.mentionable } : null;
      },
    },
  };
}

/** Typed options of a chat-input command: subcommand name plus `{option: value}`. */
export function inputOf(i: ChatInputCommandInteraction | AutocompleteInteraction): CommandInput {
  let data = i.options.data;
  let subcommand: string | undefined;
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    const sub = first.options?.[0];
    subcommand = sub?.name;
    data = sub?.options ?? [];
  } else if (first?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = first.name;
    data = first.options ?? [];
  }
  const options: Record<string, OptionValue> = {};
  for (const o of data) {
    if (o.value !== undefined && o.value !== null) options[o.name] = o.value;
  }
  return subcommand ? { subcommand, options } : { options };
}

/**
 * The rendered payload is already Discord's API shape and within limits. It goes
 * to discord.js as a MessagePayload whose `body` is set: reply/update/editReply/
 * followUp then send it as is (MessagePayload#resolveBody returns early when a
 * body exists), instead of re-building it through discord.js's builders and
 * snake_case transformer, which cost more CPU per reply than the whole render.
 * discord.js still tracks the interaction's state (replied, deferred, ephemeral).
 */
function payload(i: AnyInteraction, m: DiscordMessage): MessagePayload {
  const p = new MessagePayload(i, {});
  p.body = m as unknown as NonNullable<MessagePayload['body']>;
  p.files = [];
  return p;
}

/** The reply shown where its form cannot be opened (after a deferral, or a form Discord could not take): privately, without the form. */
/**
 * Open the reply's form as a modal (callback type 9), when it has one that renders.
 * Only as the first answer: Discord takes no modal after a deferral or a reply.
 * The modal goes to discord.js as JSON-encodable API data, sent as is.
 */
async function openForm(i: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction, reply: Reply): Promise<boolean> {
  const modal = reply.form ? renderModal(reply.form) : undefined;
  if (!modal) return false;
  await i.showModal({ toJSON: () => modal } as unknown as Parameters<typeof i.showModal>[0]);
  return true;
}

/** The values of a submitted modal, by field id (text inputs; action rows or label components). */
export function submittedValues(i: ModalSubmitInteraction): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, field] of i.fields.fields) {
    const v = (field as { value?: unknown }).value;
    if (typeof v === 'string') values[id] = v;
  }
  return values;
}

const SLOW = Symbol('slow');

/** The value of `work` if it settles within `ms`; otherwise call `defer` first, then wait for it. */
async function answerInTime<T>(work: Promise<T>, ms: number, defer: () => Promise<unknown>): Promise<{ value: T; deferred: boolean }> {
  work.catch(() => undefined); // observed below; never an unhandled rejection if defer throws
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<typeof SLOW>((resolve) => (timer = setTimeout(() => resolve(SLOW), ms)));
  try {
    const first = await Promise.race([work, slow]);
    if (first !== SLOW) return { value: first as T, deferred: false };
  } finally {
    clearTimeout(timer);
  }
  await defer();
  return { value: await work, deferred: true };
}

export function createInteractionHandler(bot: DiscordBot, opts: InteractionOptions): (i: Interaction) => Promise<void> {
  const deferAfterMs = opts.deferAfterMs ?? 2_000;
  const autocompleteTimeoutMs = opts.autocompleteTimeoutMs ?? 2_500;
  const log = opts.log;
  const metrics = opts.metrics;
  const deferred = (kind: InteractionKind) => metrics?.deferred('discord', kind);

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const work = bot.runCommand(i.commandName, inputOf(i), scopeOf(i));
    // The visibility of a slow answer is unknown when deferring; defer privately so a
    // private answer never leaks, and send a public answer as a follow-up.
    const answered = await answerInTime(work, deferAfterMs, () => {
      deferred('command');
      return i.deferReply({ flags: MessageFlags.Ephemeral });
    });
    const wasDeferred = answered.deferred;
    let reply = answered.value;
    if (reply.form) {
      if (!wasDeferred && (await openForm(i, reply))) return;
      reply = withoutForm(reply);
    }
    await answerNew(i, reply, wasDeferred);
  }

  /** A new answer to a command or a form submission: ephemeral unless public; after a deferral, edited in or followed up. */
  async function answerNew(i: ChatInputCommandInteraction | ModalSubmitInteraction, reply: Reply, wasDeferred: boolean): Promise<void> {
    const msg = renderMessage(reply, { target: 'reply' });
    if (!wasDeferred) {
      await i.reply(payload(i, msg));
    } else if (reply.visibility === 'private') {
      await i.editReply(payload(i, renderMessage(reply, { target: 'edit' }))); // the deferral already made it private
    } else {
      await i.editReply({ content: '✅ Posted in the channel.', embeds: [], components: [] });
      await i.followUp(payload(i, msg));
    }
  }

  async function onComponent(i: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const value = i.isStringSelectMenu() ? i.values[0] : undefined;
    const work = bot.runAction(stripMarker(i.customId), scopeOf(i), value);
    // A deferred update shows nothing and keeps every option open: edit the message or follow up.
    const answered = await answerInTime(work, deferAfterMs, () => {
      deferred('component');
      return i.deferUpdate();
    });
    const wasDeferred = answered.deferred;
    let reply = answered.value;
    if (reply.form) {
      if (!wasDeferred && (await openForm(i, reply))) return;
      reply = withoutForm(reply);
    }
    if (reply.mode === 'update') {
      const msg = renderMessage(reply, { target: 'edit' });
      if (wasDeferred) await i.editReply(payload(i, msg));
      else await i.update(payload(i, msg));
    } else {
      const msg = renderMessage(reply, { target: 'reply' });
      if (wasDeferred) await i.followUp(payload(i, msg));
      else await i.reply(payload(i, msg));
    }
  }

  /** A submitted modal (interaction type 5): its custom_id is the form's action id. */
  async function onSubmit(i: ModalSubmitInteraction): Promise<void> {
    const work = bot.runSubmit
      ? bot.runSubmit(i.customId, submittedValues(i), scopeOf(i))
      : Promise.resolve(errorReply("That form isn't one I recognize — it may be from an older version of the bot."));
    const { value: reply, deferred: wasDeferred } = await answerInTime(work, deferAfterMs, () => {
      deferred('submit');
      return i.deferReply({ flags: MessageFlags.Ephemeral });
    });
    // A modal cannot answer a modal: a form in reply to a submission shows its fallback.
    await answerNew(i, reply.form ? withoutForm(reply) : reply, wasDeferred);
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const subcommand = i.options.getSubcommand(false) ?? undefined;
    let timer: NodeJS.Timeout | undefined;
    const choices = await Promise.race([
      Promise.resolve().then(() => bot.autocomplete(i.commandName, focused.name, String(focused.value ?? ''), scopeOf(i), subcommand)),
      new Promise<[]>((resolve) => (timer = setTimeout(() => resolve([]), autocompleteTimeoutMs))),
    ]).finally(() => clearTimeout(timer));
    const type = focused.type === ApplicationCommandOptionType.Integer ? 'integer' : 'string';
    await i.respond(renderChoices(choices, type));
  }

  async function onError(i: AnyInteraction, err: unknown): Promise<void> {
    const what = i.isChatInputCommand() || i.isAutocomplete() ? `/${i.commandName}` : i.customId;
    log('error', 'discord interaction failed', {
      kind: i.isAutocomplete() ? 'autocomplete' : i.isChatInputCommand() ? 'command' : i.isModalSubmit() ? 'submit' : 'component',
      command: what,
      user: i.user.id,
      guild: i.guildId,
      shard: i.guildId ? ShardClientUtil.shardIdForGuildId(i.guildId, i.client.options.shardCount ?? 1) : 0,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    try {
      if (i.isAutocomplete()) {
        if (!i.responded) await i.respond([]);
        return;
      }
      const failure = errorReply('Something went wrong on our side while answering that. Please try again in a moment.');
      const msg = renderMessage(failure, { target: 'reply' });
      if (i.deferred && !i.replied && (i.isChatInputCommand() || i.isModalSubmit())) await i.editReply(payload(i, renderMessage(failure, { target: 'edit' }))); // deferred privately
      else if (i.deferred || i.replied) await i.followUp(payload(i, msg));
      else await i.reply(payload(i, msg));
    } catch (err2) {
      log('warn', 'discord error reply failed', { command: what, user: i.user.id, guild: i.guildId, error: String(err2) });
    }
  }

  return async (i: Interaction): Promise<void> => {
    if (!(i.isChatInputCommand() || i.isAutocomplete() || i.isButton() || i.isStringSelectMenu() || i.isModalSubmit())) return;
    const kind: InteractionKind = i.isChatInputCommand() ? 'command' : i.isAutocomplete() ? 'autocomplete' : i.isModalSubmit() ? 'submit' : 'component';
    // A button's command is the first part of its custom id ("quiz:answer:…", "share:salary:…").
    const command = i.isChatInputCommand() || i.isAutocomplete() ? i.commandName : (i.customId.split(':')[0] ?? '');
    const t0 = performance.now();
    const done = metrics?.startInteraction('discord', kind, command);
    let outcome: 'ok' | 'error' = 'ok';
    try {
      if (i.isChatInputCommand()) await onCommand(i);
      else if (i.isAutocomplete()) await onAutocomplete(i);
      else if (i.isModalSubmit()) await onSubmit(i);
      else await onComponent(i);
    } catch (err) {
      outcome = 'error';
      await onError(i, err);
    }
    done?.(outcome);
    log('debug', 'discord interaction', {
      kind,
      command,
      route: i.isChatInputCommand() || i.isAutocomplete() ? `/${i.commandName}` : i.customId,
      workspace: i.guildId ?? undefined,
      outcome,
      ms: Math.round((performance.now() - t0) * 10) / 10,
    });
  };
}

export type { Reply };
