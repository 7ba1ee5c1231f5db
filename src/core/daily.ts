/**
 * The daily interview question: when each schedule is due, which question it
 * posts next (per-channel rotation, no repeats until the bank is used up), and
 * the claim → post → mark-sent cycle that posts exactly once per channel per
 * local date.
 */
import type { Guide, InterviewQuestion } from './guide/model.js';
import type { DailySchedule, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Poster } from './poster.js';
import type { CoreConfig, Platform } from './command.js';
import type { Reply } from './reply.js';
import { addDays, localDate, weekdayOf, zonedInstant } from './time.js';
import { topicLabel, levelLabel } from './labels.js';
import { truncate } from './limits.js';

export interface DueSlot {
  localDate: string;
  at: number;
}

/** Whether a schedule posts on a local date at all (weekday, pause, skips). */
export function postsOn(s: DailySchedule, date: string): boolean {
  if (!s.days.includes(weekdayOf(date))) return false;
  if (s.pausedUntil && date < s.pausedUntil) return false;
  if (s.skipDates.includes(date)) return false;
  return true;
}

/** Slots (today's and yesterday's, local) whose time has come and that are still within the catch-up window. */
export function dueSlots(s: DailySchedule, now: number, catchUpMinutes: number): DueSlot[] {
  const today = localDate(now, s.timezone);
  const out: DueSlot[] = [];
  for (const date of [addDays(today, -1), today]) {
    if (!postsOn(s, date)) continue;
    const at = zonedInstant(date, s.time, s.timezone);
    if (at <= now && now < at + catchUpMinutes * 60_000) out.push({ localDate: date, at });
  }
  return out;
}

/** The next slot at or after `from` that will post, looking ahead up to a year. */
export function nextSlot(s: DailySchedule, from: number): DueSlot | null {
  let date = localDate(from, s.timezone);
  for (let i = 0; i < 370; i++, date = addDays(date, 1)) {
    if (!postsOn(s, date)) continue;
    const at = zonedInstant(date, s.time, s.timezone);
    if (at >= from) return { localDate: date, at };
  }
  return null;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable per-channel order of the bank, so two channels don't march in lockstep. */
function seededOrder<T extends { id: string }>(items: readonly T[], seed: string): T[] {
  return [...items].sort((a, b) => hash(seed + a.id) - hash(seed + b.id) || a.id.localeCompare(b.id));
}

export function questionBank(guide: Guide, topic: string | null): readonly InterviewQuestion[] {
  if (!topic) return guide.interviewQuestions;
  const list = guide.interviewQuestions.filter((q) => q.topic === topic);
  return list.length ? list : guide.interviewQuestions;
}

/** The least-posted question in this channel's order: no repeat until every question has been used. */
export function nextQuestion(guide: Guide, s: DailySchedule, history: readonly string[]): InterviewQuestion {
  const bank = questionBank(guide, s.topic);
  const counts = new Map<string, number>();
  for (const id of history) counts.set(id, (counts.get(id) ?? 0) + 1);
  const min = Math.min(...bank.map((q) => counts.get(q.id) ?? 0));
  const order = seededOrder(bank, s.id);
  return order.find((q) => (counts.get(q.id) ?? 0) === min) ?? order[0]!;
}

export function renderDailyPost(q: InterviewQuestion, s: Pick<DailySchedule, 'mention'> | null, opts: { preview?: boolean; date?: string } = {}): Reply {
  const title = opts.preview ? '👀 Preview: the next interview question' : '🧠 Interview question of the day';
  return {
    visibility: 'public',
    text: `${s?.mention ? s.mention + ' ' : ''}${opts.preview ? 'Preview of the next interview question' : 'Interview question of the day'}: ${truncate(q.question, 200)}`,
    cards: [
      {
        title,
        body: `**${q.question}**`,
        fields: [
          { label: 'Topic', value: topicLabel(q.topic), inline: true },
          { label: 'Level', value: levelLabel(q.level), inline: true },
          { label: 'What the interviewer is testing', value: q.tests },
        ],
        footer: opts.preview
          ? 'Preview only: this does not use up a question.'
          : `Discuss in the thread · press "Show strong answer" when you're ready${opts.date ? ` · ${opts.date}` : ''}`,
        accent: 'info',
      },
    ],
    actions: [
      [
        { kind: 'button', id: `interview:reveal:${q.id}`, label: 'Show strong answer', style: 'primary' },
        { kind: 'button', id: `interview:report:${q.id}`, label: 'Report this question', style: 'secondary' },
      ],
    ],
    thread: opts.preview ? undefined : { name: truncate(`Discuss: ${q.question}`, 100) },
  };
}

export interface TickReport {
  posted: { scheduleId: string; localDate: string; questionId: string; messageId: string }[];
  failed: { scheduleId: string; localDate: string; error: string }[];
}

export class DailyService {
  constructor(
    private readonly deps: {
      guide: Guide;
      store: Store;
      clock: Clock;
      config: CoreConfig;
      poster: (p: Platform) => Poster | undefined;
      log?: (msg: string, extra?: Record<string, unknown>) => void;
    },
  ) {}

  /** Posts every due question once. Safe to run concurrently and after a crash. */
  async tick(): Promise<TickReport> {
    const { store, clock, config, guide } = this.deps;
    const report: TickReport = { posted: [], failed: [] };
    const now = clock.now().getTime();
    for (const s of await store.listSchedules()) {
      const poster = this.deps.poster(s.platform);
      if (!poster) continue;
      for (const slot of dueSlots(s, now, config.catchUpMinutes)) {
        let claim = await store.getDailyPost(s.platform, s.channelId, slot.localDate);
        if (claim?.status === 'sent') continue;
        if (!claim) {
          const q = nextQuestion(guide, s, await store.dailyHistory(s.id));
          claim = await store.claimDailyPost({
            scheduleId: s.id,
            platform: s.platform,
            channelId: s.channelId,
            localDate: slot.localDate,
            questionId: q.id,
            claimedAt: now,
          });
          if (!claim) continue; // someone else claimed it first
        } else {
          claim = await store.reclaimDailyPost(claim.id, now - config.claimRetryMinutes * 60_000, now);
          if (!claim) continue; // claimed recently by another run; leave it
        }
        const q = guide.question(claim.questionId) ?? nextQuestion(guide, s, []);
        try {
          const ref = await poster.post(s.channelId, renderDailyPost(q, s, { date: slot.localDate }), `daily:${s.id}:${slot.localDate}`);
          await store.markDailyPostSent(claim.id, ref.messageId, clock.now().getTime());
          report.posted.push({ scheduleId: s.id, localDate: slot.localDate, questionId: q.id, messageId: ref.messageId });
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          report.failed.push({ scheduleId: s.id, localDate: slot.localDate, error });
          this.deps.log?.('daily post failed; will retry', { schedule: s.id, date: slot.localDate, error });
        }
      }
    }
    return report;
  }
}
