/**
 * The weekly plan nudge: a direct message at the member's chosen weekday and
 * local time (DST-safe through zonedInstant), exactly once per member and local
 * ISO week, by the same claim (unique nudge + week, lease) -> send -> mark-sent
 * cycle as daily posts. A claim needs the nudge enabled, so an opt-out stops it;
 * a permanent DM failure disables the nudge with the reason.
 */
import type { Guide } from './guide/model.js';
import type { NudgeSend, NudgeSetting, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { CoreConfig, Platform } from './command.js';
import { describePostError, isPermanent, type Poster } from './poster.js';
import type { CoreMetrics } from './metrics.js';
import { backoffMs, forEachLimit, TICK_CONCURRENCY } from './concurrency.js';
import type { Reply } from './reply.js';
import { addDays, localDate, pad, weekdayOf, zonedInstant } from './time.js';
import { status, statusLine } from './practice.js';
import { memberProgress } from './plan.js';
import { phaseTitle } from './format.js';

/** 'YYYY-MM-DD' → its ISO week, 'YYYY-Www'. */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  const dow = (t.getUTCDay() + 6) % 7; // Monday 0
  t.setUTCDate(t.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return `${year}-W${pad(1 + Math.round((t.getTime() - firstThursday.getTime()) / (7 * 86_400_000)))}`;
}

/** This nudge's slot if its time has come and is within the catch-up window (and not before it was set up). */
export function dueNudge(n: NudgeSetting, now: number, catchUpMinutes: number): { localDate: string; week: string; at: number } | null {
  const today = localDate(now, n.timezone);
  for (const date of [today, addDays(today, -1)]) {
    if (weekdayOf(date) !== n.weekday) continue;
    const at = zonedInstant(date, n.time, n.timezone);
    if (at <= now && now < at + catchUpMinutes * 60_000 && at >= n.updatedAt) return { localDate: date, week: isoWeek(date), at };
  }
  return null;
}

export async function renderNudge(guide: Guide, store: Store, n: NudgeSetting, now: number, commandsInDirect = true): Promise<Reply> {
  const m = { platform: n.platform, workspaceId: n.workspaceId, userId: n.userId };
  const p = await memberProgress(guide, store, m);
  const st = status(guide, await store.practiceCards(m), now);
  const next = guide.roadmap.phases.flatMap((ph) => ph.items.filter((i) => !p.doneIds.has(i.id)).map((i) => ({ ph, i }))).slice(0, 3);
  const plan = next.length ? next.map(({ ph, i }) => `- **${i.name}** (${phaseTitle(ph)}): ${i.detail}`).join('\n') : 'Every roadmap item is done. 🎉';
  const where = commandsInDirect
    ? 'Type /practice to start, /plan to mark items done.'
    : 'In the server where you set up this reminder, /practice starts a session and /plan marks items done.';
  return {
    visibility: 'private',
    text: `Your weekly careerbot reminder: ${p.done}/${p.total} roadmap items done, ${st.due.length} practice item${st.due.length === 1 ? '' : 's'} due.`,
    cards: [
      {
        title: '⏰ Your week on the roadmap',
        body: `${p.done}/${p.total} roadmap items done.`,
        fields: [
          { label: 'Next on your plan (items from the guide)', value: plan },
          { label: 'Practice', value: `${statusLine(st, now)}. ${where}` },
        ],
        footer: 'You asked for this weekly reminder with /plan nudge.',
        accent: 'info',
      },
    ],
    // The workspace travels in the button: a click in a DM may not say which workspace it came from.
    actions: [[{ kind: 'button', id: `plan:stop:${encodeURIComponent(n.workspaceId)}`, label: 'Stop these reminders', style: 'danger' }]],
  };
}

export interface NudgeReport {
  sent: { nudgeId: string; week: string }[];
  failed: { nudgeId: string; error: string }[];
  disabled: { nudgeId: string; reason: string }[];
}

export class NudgeService {
  constructor(
    private readonly deps: {
      guide: Guide;
      store: Store;
      clock: Clock;
      config: CoreConfig;
      poster: (p: Platform) => Poster | undefined;
      platforms: () => Platform[];
      owner: string;
      random?: () => number;
      log?: (msg: string, extra?: Record<string, unknown>) => void;
      debug?: (msg: string, extra?: Record<string, unknown>) => void;
      stopping?: () => boolean;
      metrics?: CoreMetrics;
    },
  ) {}

  /** Sends every due nudge once. Safe in any number of processes. */
  async tick(): Promise<NudgeReport> {
    const { store, clock, config } = this.deps;
    const report: NudgeReport = { sent: [], failed: [], disabled: [] };
    const now = clock.now().getTime();
    const platforms = this.deps.platforms().filter((p) => this.deps.poster(p)?.direct);
    const jobs: { n: NudgeSetting; week: string }[] = [];
    for (const n of await store.listNudges(platforms)) {
      try {
        const slot = dueNudge(n, now, config.catchUpMinutes);
        if (slot) jobs.push({ n, week: slot.week });
      } catch (e) {
        report.failed.push({ nudgeId: n.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    await forEachLimit(
      jobs,
      TICK_CONCURRENCY,
      (job) => this.send(job.n, job.week, now, report),
      (job, e) => {
        const error = e instanceof Error ? e.message : String(e);
        report.failed.push({ nudgeId: job.n.id, error });
        this.deps.log?.('nudge step failed', { nudge: job.n.id, week: job.week, error });
      },
      () => this.deps.stopping?.() ?? false,
    );
    return report;
  }

  private async send(n: NudgeSetting, week: string, now: number, report: NudgeReport): Promise<void> {
    const { store, clock, config, owner } = this.deps;
    const poster = this.deps.poster(n.platform);
    if (!poster?.direct) return;
    const leaseUntil = now + config.leaseSeconds * 1000;
    let claim: NudgeSend | null = await store.getNudgeSend(n.id, week);
    if (claim && claim.status !== 'claimed') return;
    claim = claim ? await store.reclaimNudgeSend(claim.id, owner, now, leaseUntil) : await store.claimNudgeSend(n.id, week, owner, now, leaseUntil);
    if (!claim) return void this.deps.debug?.('nudge claimed elsewhere, waiting for a retry, or turned off', { nudge: n.id, week });
    try {
      const reply = await renderNudge(this.deps.guide, store, n, now, poster.commandsInDirect !== false);
      const ref = await poster.direct(n.userId, reply, `nudge:${n.id}:${week}`, { mayExist: claim.attempts > 1, workspaceId: n.workspaceId });
      if (await store.markNudgeSent(claim.id, owner, ref.messageId, clock.now().getTime())) {
        report.sent.push({ nudgeId: n.id, week });
        this.deps.metrics?.nudge?.('sent', n.platform);
      }
    } catch (e) {
      const reason = describePostError(e);
      if (isPermanent(e)) {
        await store.failNudgeSend(claim.id, owner, reason);
        // Shown to the member in /plan and /me: the reason in words meant for them where the adapter has them.
        const told = e.toRecipient ?? reason.replace(/\.$/, '');
        await store.disableNudge(n.id, `I could not send your last reminder: ${told}.`, clock.now().getTime());
        report.disabled.push({ nudgeId: n.id, reason });
        this.deps.metrics?.nudge?.('disabled', n.platform);
        this.deps.log?.('weekly nudge turned off after a permanent DM failure', { nudge: n.id, error: reason });
        return;
      }
      await store.releaseNudgeSend(claim.id, owner, now + backoffMs(claim.attempts, 30_000, 10 * 60_000, this.deps.random), reason);
      report.failed.push({ nudgeId: n.id, error: reason });
      this.deps.metrics?.nudge?.('failed', n.platform);
      this.deps.log?.('weekly nudge failed; will retry', { nudge: n.id, week, attempt: claim.attempts, error: reason });
    }
  }
}
