import { defineCommand, type CommandContext, type OptionDef } from '../src/core/command.js';
import { errorReply, type Reply } from '../src/core/reply.js';
import type { DailySchedule } from '../src/store/store.js';
import { canonicalTimeZone, describeDays, isValidDate, localDate, normaliseTime, pad, parseDays, suggestTimeZone, TIME_RE } from '../src/core/time.js';
import { nextQuestion, nextSlot, renderDailyPost } from '../src/core/daily.js';
import { TOPIC_CHOICES } from '../src/core/topics.js';
import { topicLabel } from '../src/core/labels.js';
import { quote } from '../src/core/safe.js';
import { checkDailyMention } from '../src/core/mentions.js';

const channelOpt = (required: boolean): OptionDef => ({
  name: 'channel',
  type: 'channel',
  description: required ? 'Channel to post in' : 'Which channel (default: this one)',
  required,
});

/** "9am" → "09:00", "9pm" → "21:00", "9.30" → "09:30"; undefined when it cannot be a time of day. */
function suggestTime(t: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(?:([ap])\.?m\.?)?$/i.exec(t.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = m[2] ?? '00';
  if (Number(min) > 59) return undefined;
  const ampm = m[3]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'p' && h < 12) h += 12;
    if (ampm === 'a' && h === 12) h = 0;
  }
  return h <= 23 ? `${pad(h)}:${min}` : undefined;
}

function timeProblem(t: string): string | undefined {
  if (!/^\d{1,2}(?:[:.h]\d{0,2})?\s*(?:[ap]\.?m\.?)?$/i.test(t.trim())) return undefined;
  return `“${quote(t)}” is not a time: use 24-hour HH:MM, e.g. ${suggestTime(t) ?? '09:00'}`;
}

function timeZoneProblem(t: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(t) || /^(mon|tue|wed|thu|fri|sat|sun|week|work|daily|every)/i.test(t)) return undefined;
  const near = suggestTimeZone(t);
  if (near) return `“${quote(t)}” is not a timezone. Did you mean ${near}?`;
  if (t.includes('/')) return `“${quote(t)}” is not a timezone: use an IANA name like Europe/Berlin or America/New_York`;
  return undefined;
}

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
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: s.timezone, weekday: 'short', day: 'numeric', month: 'short' }).format(d);
  const hours = (at - now) / 3_600_000;
  const rel = hours < 1 ? `in ${Math.max(1, Math.round(hours * 60))} min` : hours < 48 ? `in ${Math.round(hours)} h` : `in ${Math.round(hours / 24)} days`;
  return `${day}, ${s.time} ${s.timezone} (${rel})`;
}

function describe(ctx: CommandContext, s: DailySchedule): string {
  const now = ctx.clock.now().getTime();
  const next = nextSlot(s, now);
  const parts = [
    `${channelRef(ctx, s.channelId)} at **${s.time}** ${s.timezone}, ${describeDays(s.days)}`,
    s.topic ? `topic: ${topicLabel(s.topic)}` : 'all topics',
  ];
  if (s.mention) parts.push(`mentions ${s.mention}`);
  if (s.pausedUntil && s.pausedUntil > localDate(now, s.timezone)) parts.push(`paused until ${s.pausedUntil}`);
  const upcomingSkips = s.skipDates.filter((d) => d >= localDate(now, s.timezone));
  if (upcomingSkips.length) parts.push(`skipping ${upcomingSkips.join(', ')}`);
  return `${parts.join(' · ')}\nNext post: ${next ? when(s, next.at, now) : 'none scheduled'}`;
}

function ok(text: string, body?: string): Reply {
  return { visibility: 'private', text, cards: body ? [{ title: '📅 Daily interview question', body, accent: 'success' }] : [], actions: [] };
}

async function existing(ctx: CommandContext, channel: string | undefined): Promise<DailySchedule | Reply> {
  const ch = channel ?? ctx.scope.channelId;
  const s = await ctx.store.getSchedule(scheduleId(ctx, ch));
  return s ?? errorReply(`There is no daily question set up for ${channelRef(ctx, ch)}.`, '/daily set #eng 09:00 Europe/Berlin weekdays');
}

export default defineCommand(() => ({
  name: 'daily',
  description: 'Admins: schedule a daily interview question in a channel (time, timezone, days)',
  example: '/daily set #eng 09:00 Europe/Berlin weekdays',
  admin: true,
  defaultSubcommand: 'status',
  subcommands: [
    {
      name: 'set',
      description: 'Post a daily interview question in a channel at a local time',
      example: '/daily set #eng 09:00 Europe/Berlin weekdays',
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
        { name: 'mention', type: 'string', description: 'Who to notify, e.g. @here or a role (or none)', match: (t) => /^(@\S+|<[@!][^>\s]+>|none)$/i.test(t) },
        { name: 'topic', type: 'string', description: 'Only questions on this topic (default: all)', choices: TOPIC_CHOICES },
      ],
    },
    { name: 'status', description: 'Show the daily-question schedules here and the next post', example: '/daily status', options: [] },
    { name: 'off', description: 'Stop the daily question in a channel', example: '/daily off', options: [channelOpt(false)] },
    {
      name: 'pause',
      description: 'Pause the daily question until a date (posts resume that day)',
      example: '/daily pause 2026-12-28',
      options: [
        { name: 'until', type: 'string', description: 'Date posts resume, YYYY-MM-DD', required: true, maxLength: 20, match: (t) => /^\d{4}-\d{2}-\d{2}$/.test(t), example: '/daily pause 2026-12-28' },
        channelOpt(false),
      ],
    },
    { name: 'skip', description: 'Skip the next scheduled daily question', example: '/daily skip', options: [channelOpt(false)] },
    { name: 'now', description: 'Preview the next question (does not use it up)', example: '/daily now', options: [channelOpt(false)] },
  ],
  async run(input, ctx) {
    const o = input.options;
    const now = ctx.clock.now().getTime();
    switch (input.subcommand) {
      case 'set': {
        const time = normaliseTime(String(o.time));
        if (!time) return errorReply(`“${quote(String(o.time))}” is not a time; use 24-hour HH:MM like 09:00.`, '/daily set #eng 09:00 Europe/Berlin');
        const tz = canonicalTimeZone(String(o.timezone));
        if (!tz) return errorReply(`“${quote(String(o.timezone))}” is not an IANA timezone.`, '/daily set #eng 09:00 Europe/Berlin', 'Examples: Europe/London, America/New_York, Asia/Kolkata, UTC.');
        const days = o.days === undefined ? parseDays('weekdays')! : parseDays(String(o.days));
        if (!days) return errorReply(`“${quote(String(o.days))}” is not a set of days.`, '/daily set #eng 09:00 UTC mon,wed,fri', 'Use weekdays, daily, weekends, or names like mon,wed,fri.');
        const mention = await checkDailyMention(o.mention as string | undefined, ctx.scope);
        if (!mention.ok) return errorReply(mention.problem);
        const channelId = String(o.channel);
        const id = scheduleId(ctx, channelId);
        const prev = await ctx.store.getSchedule(id);
        const s: DailySchedule = {
          id,
          platform: ctx.scope.platform,
          workspaceId: ctx.scope.workspaceId,
          channelId,
          time,
          timezone: tz,
          days,
          mention: mention.mention,
          topic: (o.topic as string | undefined) ?? null,
          pausedUntil: null,
          skipDates: [],
          createdBy: prev?.createdBy ?? ctx.scope.userId,
          updatedAt: now,
        };
        await ctx.store.putSchedule(s);
        return ok(`Daily interview question ${prev ? 'updated' : 'set up'} for ${channelRef(ctx, channelId)}.`, describe(ctx, s));
      }
      case 'status': {
        const list = await ctx.store.listSchedules({ platform: ctx.scope.platform, workspaceId: ctx.scope.workspaceId });
        if (!list.length) return errorReply('No daily question is set up here yet.', '/daily set #eng 09:00 Europe/Berlin weekdays');
        return {
          visibility: 'private',
          text: `${list.length} daily question schedule${list.length === 1 ? '' : 's'} here.`,
          cards: [{ title: '📅 Daily interview question', body: list.map((s) => describe(ctx, s)).join('\n\n'), accent: 'info' }],
          actions: [],
        };
      }
      case 'off': {
        const s = await existing(ctx, o.channel as string | undefined);
        if ('visibility' in s) return s;
        await ctx.store.deleteSchedule(s.id);
        return ok(`The daily question in ${channelRef(ctx, s.channelId)} is off. \`/daily set\` turns it back on.`);
      }
      case 'pause': {
        const until = String(o.until);
        if (!isValidDate(until)) return errorReply(`“${quote(until)}” is not a date; use YYYY-MM-DD.`, '/daily pause 2026-12-28');
        const s = await existing(ctx, o.channel as string | undefined);
        if ('visibility' in s) return s;
        if (until <= localDate(now, s.timezone)) return errorReply(`${until} is not in the future.`, '/daily pause 2026-12-28');
        const next = { ...s, pausedUntil: until, updatedAt: now };
        await ctx.store.putSchedule(next);
        return ok(`Paused: no daily questions in ${channelRef(ctx, s.channelId)} before ${until}.`, describe(ctx, next));
      }
      case 'skip': {
        const s = await existing(ctx, o.channel as string | undefined);
        if ('visibility' in s) return s;
        // The next slot whose post has not gone out yet (today's may already be posted).
        let slot = nextSlot(s, now);
        while (slot && (await ctx.store.getDailyPost(s.platform, s.channelId, slot.localDate))) slot = nextSlot(s, slot.at + 60_000);
        if (!slot) return errorReply('There is no upcoming post to skip.');
        const today = localDate(now, s.timezone);
        const next = { ...s, skipDates: [...s.skipDates.filter((d) => d >= today), slot.localDate], updatedAt: now };
        await ctx.store.putSchedule(next);
        return ok(`Skipping the post of ${slot.localDate} in ${channelRef(ctx, s.channelId)}.`, describe(ctx, next));
      }
      case 'now': {
        const ch = (o.channel as string | undefined) ?? ctx.scope.channelId;
        const s = await ctx.store.getSchedule(scheduleId(ctx, ch));
        const probe: DailySchedule = s ?? {
          id: scheduleId(ctx, ch), platform: ctx.scope.platform, workspaceId: ctx.scope.workspaceId, channelId: ch,
          time: '09:00', timezone: 'UTC', days: [], mention: null, topic: null, pausedUntil: null, skipDates: [], createdBy: ctx.scope.userId, updatedAt: now,
        };
        const q = nextQuestion(ctx.guide, probe, await ctx.store.dailyHistory(probe.id));
        return { ...renderDailyPost(q, null, { preview: true }), visibility: 'private' };
      }
      default:
        return errorReply('Unknown action.', '/daily status');
    }
  },
}));
