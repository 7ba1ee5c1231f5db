/**
 * The daily interview question: when each schedule is due, which question it
 * posts next (per-channel rotation, no repeats until the bank is used up), and
 * the claim → post → mark-sent cycle that posts exactly once per channel per
 * local date.
 */
import type { Guide, InterviewQuestion } from './guide/model.js';
import type { DailyPost, DailySchedule, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { describePostError, isPermanent, type Poster } from './poster.js';
import { backoffMs, forEachLimit, TICK_CONCURRENCY } from './concurrency.js';
import type { LifecycleMetrics } from './metrics.js';
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
  /** Schedules stopped by a permanent error in this tick. */
  suspended: { scheduleId: string; reason: string }[];
  /** The earliest time a post released for retry (or leased elsewhere) may be tried again. */
  retryAt: number | null;
}

export class DailyService {
  constructor(
    private readonly deps: {
      guide: Guide;
      store: Store;
      clock: Clock;
      config: CoreConfig;
      poster: (p: Platform) => Poster | undefined;
      owner: string;
      random?: () => number;
      metrics?: LifecycleMetrics;
      log?: (msg: string, extra?: Record<string, unknown>) => void;
      /** Each scheduler decision, at debug. */
      debug?: (msg: string, extra?: Record<string, unknown>) => void;
      /** True once the process is shutting down: take no new work. */
      stopping?: () => boolean;
    },
  ) {}

  /**
   * Posts every due question once: claim (lease) -> post -> posted -> thread -> sent.
   * Every due message goes out first; the discussion threads follow once this tick
   * has no message left to post, so the last channel gets its question after one
   * request per channel, not two. A post is `sent` only when its thread exists: one
   * that stays `posted` (a crash, a failed thread request) is taken over like any
   * other claim and its thread opened then — Discord keeps one thread per message.
   * Safe in any number of processes and after a crash at any point: a claim
   * whose lease ran out is taken over, and the adapter first looks for the
   * message by its key (`daily:<schedule>:<date>`) before posting again.
   * Each schedule runs in its own guard: one bad row never blocks the others.
   */
  async tick(): Promise<TickReport> {
    const { store, clock, config } = this.deps;
    const report: TickReport = { posted: [], failed: [], suspended: [], retryAt: null };
    const now = clock.now().getTime();
    const jobs: { s: DailySchedule; slot: DueSlot }[] = [];
    for (const s of await store.listSchedules()) {
      if (!this.deps.poster(s.platform) || s.suspendedReason) continue;
      try {
        for (const slot of dueSlots(s, now, config.catchUpMinutes)) jobs.push({ s, slot });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        report.failed.push({ scheduleId: s.id, localDate: '?', error });
        this.deps.log?.('daily schedule skipped: it cannot be read', { schedule: s.id, error });
      }
    }
    const stopping = () => this.deps.stopping?.() ?? false;
    const onError = (job: { s: DailySchedule; slot: DueSlot }, e: unknown) => {
      const error = e instanceof Error ? e.message : String(e);
      report.failed.push({ scheduleId: job.s.id, localDate: job.slot.localDate, error });
      this.deps.log?.('daily post step failed', { schedule: job.s.id, date: job.slot.localDate, error });
    };
    const threads: Held[] = [];
    await forEachLimit(jobs, TICK_CONCURRENCY, (job) => this.postSlot(job.s, job.slot, now, report, threads), onError, stopping);
    await forEachLimit(threads, TICK_CONCURRENCY, (held) => this.finishSlot(held, now, report), onError, stopping);
    // Shutting down before their threads: give the posts back at once, so the next process opens them without waiting for the lease.
    for (const held of threads.filter((h) => !h.done)) await store.releaseDailyPost(held.claim.id, this.deps.owner, now, 'stopped before its thread').catch(() => {});
    return report;
  }

  private noteRetry(report: TickReport, at: number | null): void {
    if (at !== null && (report.retryAt === null || at < report.retryAt)) report.retryAt = at;
  }

  /** Claims a due slot and posts its message; a post whose thread is still to come is added to `threads`. */
  private async postSlot(s: DailySchedule, slot: DueSlot, now: number, report: TickReport, threads: Held[]): Promise<void> {
    const { store, config, guide, owner } = this.deps;
    const poster = this.deps.poster(s.platform)!;
    const leaseUntil = now + config.leaseSeconds * 1000;
    const at = { schedule: s.id, date: slot.localDate };
    let claim = await store.getDailyPost(s.platform, s.channelId, slot.localDate);
    if (claim?.status === 'sent') return;
    this.deps.debug?.('daily slot due', { ...at, state: claim?.status ?? 'unclaimed', attempts: claim?.attempts ?? 0 });
    if (!claim) {
      const q = nextQuestion(guide, s, await store.dailyHistory(s.id));
      claim = await store.claimDailyPost(
        { scheduleId: s.id, platform: s.platform, channelId: s.channelId, localDate: slot.localDate, questionId: q.id, claimedAt: now },
        owner,
        leaseUntil,
      );
      if (!claim) return void this.deps.debug?.('daily slot claimed by another process', at);
      this.deps.debug?.('daily slot claimed', { ...at, question: claim.questionId });
    } else {
      const held = claim;
      claim = await store.reclaimDailyPost(claim.id, owner, now, leaseUntil);
      if (!claim) {
        this.deps.debug?.('daily slot leased elsewhere or waiting for its retry', { ...at, until: held.leaseUntil });
        return this.noteRetry(report, held.leaseUntil);
      }
      this.deps.debug?.('daily slot taken over; looking for an earlier post first', { ...at, attempt: claim.attempts, state: claim.status });
    }
    const q = guide.question(claim.questionId) ?? nextQuestion(guide, s, []);
    const reply = renderDailyPost(q, s, { date: slot.localDate });
    // Posters that open threads separately post the message alone; the thread comes after every message.
    const deferThread = Boolean(reply.thread && poster.thread);
    await this.guarded(s, slot, claim, now, report, async () => {
      let messageId = claim.status === 'posted' ? claim.messageId : null;
      if (!messageId) {
        const key = `daily:${s.id}:${slot.localDate}`;
        const ref = await poster.post(s.channelId, reply, key, { mayExist: claim.attempts > 1, workspaceId: s.workspaceId, deferThread });
        if (ref.existing) {
          this.deps.metrics?.dailyPost('duplicate_avoided', s.platform);
          this.deps.debug?.('daily post found in the channel: not posted again', { ...at, message: ref.messageId });
        }
        messageId = ref.messageId;
        if (!(await store.markDailyPostPosted(claim.id, owner, messageId))) return void this.deps.debug?.('daily post lease lost after posting', at);
      }
      const held: Held = { s, slot, claim, questionId: q.id, reply, messageId, done: false };
      if (deferThread) threads.push(held);
      else await this.markSent(held, report);
    });
  }

  /** Opens a posted message's thread, then marks the post sent. */
  private async finishSlot(held: Held, now: number, report: TickReport): Promise<void> {
    const poster = this.deps.poster(held.s.platform)!;
    await this.guarded(held.s, held.slot, held.claim, now, report, async () => {
      try {
        await poster.thread!({ channelId: held.s.channelId, messageId: held.messageId, workspaceId: held.s.workspaceId }, held.reply);
      } catch (e) {
        if (!isPermanent(e)) throw e;
        // No thread can be opened (say, a missing thread permission): the question is out, so the post is done.
        this.deps.log?.('daily thread could not be opened; the question stays without it', { schedule: held.s.id, date: held.slot.localDate, error: describePostError(e) });
      }
      await this.markSent(held, report);
    });
    held.done = true;
  }

  private async markSent(held: Held, report: TickReport): Promise<void> {
    const { s, slot, claim, questionId, messageId } = held;
    if (await this.deps.store.markDailyPostSent(claim.id, this.deps.owner, messageId, this.deps.clock.now().getTime())) {
      report.posted.push({ scheduleId: s.id, localDate: slot.localDate, questionId, messageId });
      this.deps.metrics?.dailyPost('sent', s.platform);
    }
  }

  /** Runs a post step; a permanent error suspends the schedule, a transient one gives the lease back until a retry. */
  private async guarded(s: DailySchedule, slot: DueSlot, claim: DailyPost, now: number, report: TickReport, step: () => Promise<void>): Promise<void> {
    const { store, owner } = this.deps;
    try {
      await step();
    } catch (e) {
      const reason = describePostError(e);
      if (isPermanent(e)) {
        await store.failDailyPost(claim.id, owner, reason);
        await store.suspendSchedule(s.id, reason, now);
        report.suspended.push({ scheduleId: s.id, reason });
        this.deps.metrics?.dailyPost('suspended', s.platform);
        this.deps.log?.('daily schedule paused itself after a permanent error', { schedule: s.id, date: slot.localDate, error: reason });
        return;
      }
      const retryAt = now + backoffMs(claim.attempts, 30_000, 10 * 60_000, this.deps.random);
      await store.releaseDailyPost(claim.id, owner, retryAt, reason);
      this.noteRetry(report, retryAt);
      report.failed.push({ scheduleId: s.id, localDate: slot.localDate, error: reason });
      this.deps.metrics?.dailyPost('failed', s.platform);
      this.deps.log?.('daily post failed; will retry', { schedule: s.id, date: slot.localDate, attempt: claim.attempts, error: reason });
    }
  }
}

/** A post of this tick whose message is out and whose thread (if any) is still to come. */
interface Held {
  s: DailySchedule;
  slot: DueSlot;
  claim: DailyPost;
  questionId: string;
  reply: Reply;
  messageId: string;
  /** Its thread step ran (opened, or failed and handled). */
  done: boolean;
}
