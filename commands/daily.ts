import { defineCommand, type CommandContext, type CommandInput, type OptionDef } from '../src/core/command.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import { usageError } from '../src/core/parse.js';
import type { DailySchedule } from '../src/store/store.js';
import { addDays, canonicalTimeZone, describeDays, isValidDate, localDate, normaliseTime, parseDays, TIME_RE, timeProblem, timeZoneNote, timeZoneProblem } from '../src/core/time.js';
import { nextQuestion, nextSlot, renderDailyPost, type DueSlot } from '../src/core/daily.js';
import { TOPIC_CHOICES } from '../src/core/topics.js';
import type { InterviewQuestion } from '../src/core/guide/model.js';
import { topicLabel } from '../src/core/labels.js';
import { quote } from '../src/core/safe.js';
import { checkDailyMention } from '../src/core/mentions.js';

const channelOpt = (required: boolean): OptionDef => ({
  name: 'channel',
  type: 'channel',
  description: required ? 'Channel to post in' : 'Which channel (default: this one)',
  required,
});

function daysProblem(t: string): string | undefined {
  if (!/^(mon|tue|wed|thu|fri|sat|sun|week|work|daily|every)/i.test(t) || parseDays(t)) return undefined;
  return `“${quote(t)}” is not a set of days: use weekdays, daily, weekends, or names like mon,wed,fri`;
}

function scheduleId(ctx: CommandContext, channelId: string): string {
  return `${ctx.scope.platform}:${ctx.scope.workspaceId}:${channelId}`;
}

function channelRef(ctx: CommandContext, id: string): string {
  return ctx.scope.platform === 'console' ? `#${id}` : `<#${id}>`;
}

function when(s: DailySchedule, at: number, now: number): string {
  const d = new Date(at);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: s.timezone, weekday: 'short', day: 'numeric', month: 'short' }).format(d).replace(/^(\w+),? /, '$1 ');
  const hours = (at - now) / 3_600_000;
  const rel = hours < 1 ? `in ${Math.max(1, Math.round(hours * 60))} min` : hours < 48 ? `in ${Math.round(hours)} h` : `in ${Math.round(hours / 24)} days`;
  return `${day}, ${s.time} ${s.timezone} (${rel})`;
}

/** The next slot whose post has not gone out yet (today's may already be posted). */
async function upcoming(ctx: CommandContext, s: DailySchedule): Promise<DueSlot | null> {
  let slot = nextSlot(s, ctx.clock.now().getTime());
  while (slot && (await ctx.store.getDailyPost(s.platform, s.channelId, slot.localDate))?.status === 'sent') slot = nextSlot(s, slot.at + 60_000);
  return slot;
}

async function describe(ctx: CommandContext, s: DailySchedule): Promise<string> {
  const now = ctx.clock.now().getTime();
  const today = localDate(now, s.timezone);
  const next = await upcoming(ctx, s);
  const parts = [`${channelRef(ctx, s.channelId)} at **${s.time}** ${s.timezone}, ${describeDays(s.days)}`, s.topic ? `topic: ${topicLabel(s.topic)}` : 'all topics'];
  if (s.mention) parts.push(`mentions ${s.mention}`);
  if (s.suspendedReason) {
    return `${parts.join(' · ')}\n⏸️ **Paused by careerbot:** ${s.suspendedReason} Fix that, then run \`/daily resume\`${s.channelId ? ` in ${channelRef(ctx, s.channelId)}` : ''}.`;
  }
  if (s.pausedUntil && s.pausedUntil > today) parts.push(`paused until ${s.pausedUntil}`);
  const upcomingSkips = s.skipDates.filter((d) => d >= today);
  if (upcomingSkips.length) parts.push(`skipping ${upcomingSkips.join(', ')}`);
  return `${parts.join(' · ')}\nNext post: ${next ? when(s, next.at, now) : 'none scheduled'}`;
}

async function ok(ctx: CommandContext, lead: string, s?: DailySchedule, extra?: string): Promise<Reply> {
  const body = s ? [await describe(ctx, s), extra].filter(Boolean).join('\n') : undefined;
  return {
    visibility: 'private',
    text: lead.replace(/\*\*/g, ''),
    lead,
    cards: body ? [{ title: '📅 Daily interview question', body, accent: 'success' }] : [],
    actions: [],
  };
}

const SET_EXAMPLE = '/daily set #eng 09:00 Europe/Berlin weekdays';

/**
 * Which schedule an action without a channel means: the one in this channel,
 * else the only one in the workspace; with several, ask which.
 */
async function target(ctx: CommandContext, action: string, channel: string | undefined): Promise<DailySchedule | Reply> {
  if (channel) {
    const s = await ctx.store.getSchedule(scheduleId(ctx, channel));
    return s ?? errorReply(`There is no daily question set up for ${channelRef(ctx, channel)}.`, SET_EXAMPLE.replace('#eng', channelRef(ctx, channel)), undefined, 'see /daily status');
  }
  const here = await ctx.store.getSchedule(scheduleId(ctx, ctx.scope.channelId));
  if (here) return here;
  const all = await ctx.store.listSchedules({ platform: ctx.scope.platform, workspaceId: ctx.scope.workspaceId });
  if (all.length === 1) return all[0]!;
  if (all.length === 0) return errorReply('No daily question is set up here yet.', SET_EXAMPLE, undefined, 'see /help daily');
  const names = all.map((s) => channelRef(ctx, s.channelId));
  return errorReply(`There are ${all.length} daily questions here (${names.join(', ')}). Which one?`, `/daily ${action} ${names[0]}`);
}

const isReply = (x: DailySchedule | Reply): x is Reply => 'visibility' in x;

/** The question the next post will carry: a claimed slot keeps its question; otherwise the rotation's next. */
async function nextPostQuestion(ctx: CommandContext, s: DailySchedule, slot: DueSlot | null): Promise<InterviewQuestion> {
  const claim = slot ? await ctx.store.getDailyPost(s.platform, s.channelId, slot.localDate) : null;
  const claimed = claim ? ctx.guide.question(claim.questionId) : undefined;
  return claimed ?? nextQuestion(ctx.guide, s, await ctx.store.dailyHistory(s.id));
}

/** "2026-12-28", "14", "3d", "2w", "2weeks" → the local date posts resume; null when not understood. */
function resumeDate(input: string, today: string): string | null {
  const t = input.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return isValidDate(t) ? t : null;
  const m = /^(\d{1,3})\s*(d|days?|w|wks?|weeks?)?$/.exec(t);
  if (!m) return null;
  const n = Number(m[1]) * (m[2]?.startsWith('w') ? 7 : 1);
  return n >= 1 && n <= 366 ? addDays(today, n) : null;
}

const PAUSE_RE = /^(\d{4}-\d{2}-\d{2}|\d{1,3}\s*(d|days?|w|wks?|weeks?)?)$/i;

function changes(prev: DailySchedule, next: DailySchedule, ctx: CommandContext): string[] {
  const out: string[] = [];
  const diff = (what: string, a: string, b: string) => a !== b && out.push(`${what} ${a} → ${b}`);
  diff('time', prev.time, next.time);
  diff('timezone', prev.timezone, next.timezone);
  diff('days', describeDays(prev.days), describeDays(next.days));
  diff('topic', prev.topic ? topicLabel(prev.topic) : 'all topics', next.topic ? topicLabel(next.topic) : 'all topics');
  diff('mention', prev.mention ?? 'none', next.mention ?? 'none');
  void ctx;
  return out;
}

export default defineCommand(() => ({
  name: 'daily',
  description: 'Schedule a daily interview question in a channel (time, timezone, days)',
  example: SET_EXAMPLE,
  admin: true,
  defaultSubcommand: 'status',
  subcommands: [
    {
      name: 'set',
      description: 'Post a daily interview question in a channel at a local time (or change one)',
      example: SET_EXAMPLE,
      options: [
        channelOpt(true),
        { name: 'time', type: 'string', description: 'Local time, 24-hour HH:MM, e.g. 09:00', required: true, maxLength: 10, match: (t) => TIME_RE.test(t), diagnose: timeProblem, example: '/daily set #eng 09:00 Europe/Berlin' },
        {
          name: 'timezone',
          type: 'string',
          description: 'IANA timezone, e.g. Europe/Berlin, America/New_York, UTC',
          required: true,
          maxLength: 64,
          match: (t) => canonicalTimeZone(t) !== null,
          diagnose: timeZoneProblem,
          example: '/daily set #eng 09:00 America/New_York',
        },
        { name: 'days', type: 'string', description: 'weekdays (default), daily, weekends, or days like mon,wed,fri', maxLength: 40, match: (t) => parseDays(t) !== null, diagnose: daysProblem, example: '/daily set #eng 09:00 UTC mon,wed,fri' },
        { name: 'mention', type: 'string', description: 'Who to notify, e.g. @here or a role (none to stop)', match: (t) => /^(@\S+|<[@!][^>\s]+>|none)$/i.test(t) },
        {
          name: 'topic',
          type: 'string',
          description: 'Only questions on this topic (all: every topic)',
          choices: [...TOPIC_CHOICES, { name: 'All topics', value: 'all', aliases: ['any', 'every'] }],
        },
      ],
    },
    { name: 'status', description: 'Show every daily-question schedule here and its next post', example: '/daily status', options: [] },
    { name: 'off', description: 'Stop the daily question in a channel', example: '/daily off #eng', options: [channelOpt(false)] },
    {
      name: 'pause',
      description: 'Pause the daily question until a date, or for some days or weeks',
      example: '/daily pause 2w',
      options: [
        {
          name: 'until',
          type: 'string',
          description: 'The date posts resume (YYYY-MM-DD), or a number of days or weeks, e.g. 10 or 2w',
          required: true,
          maxLength: 20,
          match: (t) => PAUSE_RE.test(t.trim()),
          example: '/daily pause 2w',
        },
        channelOpt(false),
      ],
    },
    { name: 'resume', description: 'Turn a paused daily question back on (your pause, or the bot’s own after a posting error)', example: '/daily resume', options: [channelOpt(false)] },
    { name: 'skip', description: 'Skip the next scheduled daily question', example: '/daily skip', options: [channelOpt(false)] },
    { name: 'now', description: 'Preview the next question (does not use it up)', example: '/daily now', options: [channelOpt(false)] },
  ],
  async run(input, ctx) {
    const reply = await runDaily(input, ctx);
    if (input.subcommand === 'status' || input.subcommand === 'resume') return reply;
    // An admin is here: tell them about any schedule the bot had to pause.
    const stopped = (await ctx.store.listSchedules({ platform: ctx.scope.platform, workspaceId: ctx.scope.workspaceId })).filter((s) => s.suspendedReason);
    if (!stopped.length) return reply;
    const note = stopped.map((s) => `⚠️ The daily question in ${channelRef(ctx, s.channelId)} is paused: ${s.suspendedReason} Fix that, then \`/daily resume\`.`).join('\n');
    return { ...reply, text: `${reply.text}\n${note}` };
  },
}));

async function runDaily(input: CommandInput, ctx: CommandContext): Promise<Reply> {
    const o = input.options;
    const now = ctx.clock.now().getTime();
    const def = ctx.commands().find((c) => c.name === 'daily')!;
    const sub = def.subcommands?.find((x) => x.name === input.subcommand);
    const channel = o.channel as string | undefined;
    switch (input.subcommand) {
      case 'set': {
        const time = normaliseTime(String(o.time));
        if (!time) return usageError(def, sub, timeProblem(String(o.time)) ?? `“${quote(String(o.time))}” is not a time: use 24-hour HH:MM, e.g. 09:00`);
        const tz = canonicalTimeZone(String(o.timezone));
        if (!tz) return usageError(def, sub, timeZoneProblem(String(o.timezone)) ?? `“${quote(String(o.timezone))}” is not a timezone: use an IANA name like Europe/Berlin`);
        const days = o.days === undefined ? undefined : parseDays(String(o.days));
        if (days === null) return usageError(def, sub, daysProblem(String(o.days)) ?? `“${quote(String(o.days))}” is not a set of days.`);
        const mention = o.mention === undefined ? undefined : await checkDailyMention(String(o.mention), ctx.scope);
        if (mention && !mention.ok) return errorReply(mention.problem);
        const channelId = String(o.channel);
        const id = scheduleId(ctx, channelId);
        const prev = await ctx.store.getSchedule(id);
        const today = localDate(now, tz);
        const topic = o.topic === undefined ? (prev?.topic ?? null) : o.topic === 'all' ? null : String(o.topic);
        const s: DailySchedule = {
          id,
          platform: ctx.scope.platform,
          workspaceId: ctx.scope.workspaceId,
          channelId,
          time,
          timezone: tz,
          days: days ?? prev?.days ?? parseDays('weekdays')!,
          mention: mention ? mention.mention : (prev?.mention ?? null),
          topic,
          // An active pause and the skips still ahead are kept; `/daily resume` ends a pause.
          pausedUntil: prev?.pausedUntil && prev.pausedUntil > today ? prev.pausedUntil : null,
          skipDates: (prev?.skipDates ?? []).filter((d) => d >= today),
          createdBy: prev?.createdBy ?? ctx.scope.userId,
          updatedAt: now,
          suspendedReason: null,
        };
        await ctx.store.putSchedule(s);
        const note = timeZoneNote(tz, now) ?? undefined;
        const ref = channelRef(ctx, channelId);
        if (!prev) return ok(ctx, `Daily interview question set up for ${ref}.`, s, note);
        const changed = changes(prev, s, ctx);
        const kept = [s.pausedUntil ? `still paused until ${s.pausedUntil}` : '', s.skipDates.length ? `still skipping ${s.skipDates.join(', ')}` : ''].filter(Boolean);
        const lead = changed.length
          ? `Daily interview question updated for ${ref}: ${changed.join('; ')}.${kept.length ? ` It is ${kept.join(' and ')}.` : ''}`
          : `Nothing changed for ${ref}: it already had these settings.`;
        return ok(ctx, lead, s, note);
      }
      case 'status': {
        const list = await ctx.store.listSchedules({ platform: ctx.scope.platform, workspaceId: ctx.scope.workspaceId });
        if (!list.length) return errorReply('No daily question is set up here yet.', SET_EXAMPLE, undefined, 'see /help daily');
        const bodies = await Promise.all(list.map((s) => describe(ctx, s)));
        return {
          visibility: 'private',
          text: `${list.length} daily question schedule${list.length === 1 ? '' : 's'} here.`,
          cards: [{ title: '📅 Daily interview question', body: bodies.join('\n\n'), accent: 'info' }],
          actions: [],
        };
      }
      case 'off': {
        const s = await target(ctx, 'off', channel);
        if (isReply(s)) return s;
        await ctx.store.deleteSchedule(s.id);
        return ok(ctx, `The daily question in ${channelRef(ctx, s.channelId)} is off. \`/daily set\` turns it back on.`);
      }
      case 'pause': {
        const utcExample = `/daily pause ${addDays(localDate(now, 'UTC'), 14)}`;
        const notADate = `“${quote(String(o.until))}” is not a date or a number of days: use YYYY-MM-DD, 10 (days) or 2w (weeks).`;
        if (!resumeDate(String(o.until), localDate(now, 'UTC'))) return usageError(def, sub, notADate, utcExample);
        const s = await target(ctx, 'pause', channel);
        if (isReply(s)) return s;
        const today = localDate(now, s.timezone);
        const example = `/daily pause ${addDays(today, 14)}`;
        const until = resumeDate(String(o.until), today);
        if (!until) return usageError(def, sub, notADate, example);
        if (until <= today) return usageError(def, sub, `${until} is not in the future: give the date posts should resume.`, example);
        const next = { ...s, pausedUntil: until, updatedAt: now };
        await ctx.store.putSchedule(next);
        return ok(ctx, `Paused: no daily questions in ${channelRef(ctx, s.channelId)} before ${until}. \`/daily resume\` ends the pause early.`, next);
      }
      case 'resume': {
        const s = await target(ctx, 'resume', channel);
        if (isReply(s)) return s;
        const today = localDate(now, s.timezone);
        // Resume undoes an admin's pause and the bot's own (after a permanent posting error).
        if (!s.suspendedReason && (!s.pausedUntil || s.pausedUntil <= today)) return ok(ctx, `The daily question in ${channelRef(ctx, s.channelId)} is not paused.`, s);
        const next = { ...s, pausedUntil: null, suspendedReason: null, updatedAt: now };
        await ctx.store.putSchedule(next);
        return ok(ctx, `Resumed: the daily question in ${channelRef(ctx, s.channelId)} posts again from its next scheduled day.`, next);
      }
      case 'skip': {
        const s = await target(ctx, 'skip', channel);
        if (isReply(s)) return s;
        const slot = await upcoming(ctx, s);
        if (!slot) return errorReply('There is no upcoming post to skip.');
        const today = localDate(now, s.timezone);
        const next = { ...s, skipDates: [...s.skipDates.filter((d) => d >= today), slot.localDate], updatedAt: now };
        await ctx.store.putSchedule(next);
        return ok(ctx, `Skipping the post of ${slot.localDate} in ${channelRef(ctx, s.channelId)}.`, next);
      }
      case 'now': {
        const s = await target(ctx, 'now', channel);
        if (isReply(s)) return s;
        const slot = await upcoming(ctx, s);
        const q = await nextPostQuestion(ctx, s, slot);
        const preview = renderDailyPost(q, null, { preview: true });
        const at = slot ? `Goes out ${when(s, slot.at, now)} in ${channelRef(ctx, s.channelId)}.` : 'No post is scheduled.';
        return {
          ...preview,
          visibility: 'private',
          lead: `Preview of the next daily question in ${channelRef(ctx, s.channelId)}.`,
          cards: preview.cards.map((c, i) => (i === 0 ? { ...c, footer: `${at} Preview only: this does not use up a question.` } : c)),
        };
      }
      default:
        return errorReply('Unknown action.', '/daily status');
    }
}
