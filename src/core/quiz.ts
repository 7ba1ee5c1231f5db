/**
 * Quiz rounds in a channel: post a question with A–D buttons, take one answer
 * per person (the first click counts), reveal at the deadline with tallies and
 * who was right, then open the session's next question. Deadlines live in the
 * store, so a restart closes overdue rounds instead of losing them.
 */
import { randomUUID } from 'node:crypto';
import type { Guide, QuizItem } from './guide/model.js';
import { WAITING, type QuizAnswer, type QuizRound, type Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { describePostError, isPermanent, type Poster } from './poster.js';
import { backoffMs, forEachLimit } from './concurrency.js';
import type { LifecycleMetrics } from './metrics.js';
import type { Platform, Scope } from './command.js';
import { errorReply, type Reply } from './reply.js';
import { LETTERS, topicLabel } from './labels.js';
import { truncate } from './limits.js';
import { recordQuizReview } from './practice.js';
import { shuffle } from './shuffle.js';

/** Seconds between a reveal and the next question of the same session. */
export const GAP_SECONDS = 3;

export interface StartOptions {
  topic?: string;
  questions: number;
  seconds: number;
}

export function mention(platform: Platform, userId: string, userName: string): string {
  return platform === 'console' ? `@${userName}` : `<@${userId}>`;
}

/** How long a process may hold a round while posting or revealing it before another may take over. */
export const ROUND_LEASE_MS = 60_000;
/** Posting attempts for one round before its session is called off. */
export const MAX_POST_ATTEMPTS = 5;
/** Rounds posted or revealed at once by one sweep. */
const SWEEP_CONCURRENCY = 16;

export type PostOutcome =
  | { ok: true; messageId: string }
  | { ok: false; kind: 'permanent' | 'transient' | 'skipped'; reason: string };

export class QuizService {
  constructor(
    private readonly deps: {
      guide: Guide;
      store: Store;
      clock: Clock;
      random: () => number;
      poster: (p: Platform) => Poster | undefined;
      /** The platforms this process serves (it sweeps only their rounds). */
      platforms: () => Platform[];
      /** This process, as lease owner. */
      owner: string;
      metrics?: LifecycleMetrics;
      log?: (msg: string, extra?: Record<string, unknown>) => void;
      debug?: (msg: string, extra?: Record<string, unknown>) => void;
      /** True once the process is shutting down: take no new work. */
      stopping?: () => boolean;
    },
  ) {}

  items(topic?: string): readonly QuizItem[] {
    const all = this.deps.guide.quizItems;
    return topic ? all.filter((q) => q.topic === topic) : all;
  }

  private alreadyRunning(rounds: readonly QuizRound[]): Reply {
    const now = this.deps.clock.now().getTime();
    const open = rounds.find((r) => r.state === 'open');
    const at = open ? `question ${open.seq} of ${open.total} ends in about ${Math.max(1, Math.ceil((open.deadline - now) / 1000))} s` : 'the next question is on its way';
    return errorReply(`A quiz is already running in this channel (${at}). Join in, or start another when it's over.`);
  }

  async start(scope: Scope, opts: StartOptions): Promise<Reply> {
    const { store, clock, random } = this.deps;
    const poster = this.deps.poster(scope.platform);
    if (!poster) return errorReply('Quizzes are not available here: this chat cannot post messages.');
    const active = await store.activeSession(scope.platform, scope.channelId);
    if (active.length) return this.alreadyRunning(active);
    const pool = this.items(opts.topic);
    const picked = shuffle([...pool], random).slice(0, opts.questions);
    const now = clock.now().getTime();
    const sessionId = randomUUID().replace(/-/g, '').slice(0, 12);
    const rounds: QuizRound[] = picked.map((item, k) => ({
      id: `${sessionId}${k + 1}`,
      sessionId,
      seq: k + 1,
      total: picked.length,
      platform: scope.platform,
      workspaceId: scope.workspaceId,
      channelId: scope.channelId,
      itemId: item.id,
      optionOrder: shuffle(item.options.map((_, i) => i), random),
      seconds: opts.seconds,
      startedBy: scope.userId,
      state: 'pending',
      // Later rounds wait for the one before them to close.
      openedAt: k === 0 ? now : WAITING,
      deadline: 0,
      messageId: null,
      closedAt: null,
      leaseOwner: null,
      leaseUntil: null,
      attempts: 0,
      lastError: null,
    }));
    if (!(await store.createSession(rounds))) return this.alreadyRunning(await store.activeSession(scope.platform, scope.channelId));
    const posted = await this.postRound(rounds[0]!.id);
    if (!posted.ok && posted.kind === 'permanent') return errorReply(`${posted.reason} The quiz was not started.`);
    if (!posted.ok)
      return {
        visibility: 'private',
        text: `I couldn't post the first question yet (${posted.reason}). I'll keep trying for a little while; if it still fails, the quiz is called off.`,
        cards: [],
        actions: [],
      };
    const what = picked.length === 1 ? 'a quiz question' : `a ${picked.length}-question quiz`;
    return {
      visibility: 'private',
      text: `Started ${what} in this channel (${opts.seconds} s per question${opts.topic ? `, topic: ${topicLabel(opts.topic)}` : ''}).`,
      cards: [],
      actions: [],
    };
  }

  /**
   * pending -> posting (lease) -> open. The post carries the key `quiz:<round>`;
   * when an earlier attempt may have gone through, the adapter looks for it first.
   * A permanent error calls the session off; a transient one is retried with backoff.
   */
  async postRound(id: string): Promise<PostOutcome> {
    const { store, clock, owner } = this.deps;
    const now = clock.now().getTime();
    const r = await store.claimRoundPost(id, owner, now, now + ROUND_LEASE_MS);
    if (!r) return { ok: false, kind: 'skipped', reason: 'another process is posting it' };
    const poster = this.deps.poster(r.platform);
    const item = this.deps.guide.quizItem(r.itemId);
    if (!poster || !item) {
      await store.cancelSession(r.sessionId, item ? 'no poster' : `unknown quiz item ${r.itemId}`);
      return { ok: false, kind: 'permanent', reason: 'That quiz question no longer exists.' };
    }
    try {
      const ref = await poster.post(r.channelId, renderRound(r, item), `quiz:${r.id}`, { mayExist: r.attempts > 1, workspaceId: r.workspaceId });
      const openedAt = clock.now().getTime();
      await store.roundPosted(r.id, owner, ref.messageId, openedAt, openedAt + r.seconds * 1000);
      this.deps.metrics?.quizRound('posted', r.platform);
      this.deps.debug?.('quiz round posted', { round: r.id, channel: r.channelId, attempt: r.attempts, existing: ref.existing ?? false });
      return { ok: true, messageId: ref.messageId };
    } catch (e) {
      const reason = describePostError(e);
      if (isPermanent(e) || r.attempts >= MAX_POST_ATTEMPTS) {
        await store.cancelSession(r.sessionId, reason);
        this.deps.metrics?.quizRound('cancelled', r.platform);
        this.deps.log?.('quiz session called off: a question could not be posted', { round: r.id, channel: r.channelId, attempts: r.attempts, error: reason });
        return { ok: false, kind: 'permanent', reason };
      }
      await store.releaseRound(r.id, owner, now + backoffMs(r.attempts, 2_000, 30_000, this.deps.random), reason);
      this.deps.log?.('quiz question not posted yet; will retry', { round: r.id, attempts: r.attempts, error: reason });
      return { ok: false, kind: 'transient', reason };
    }
  }

  async answer(roundId: string, choice: number, scope: Scope): Promise<Reply> {
    const { store, clock } = this.deps;
    const r = await store.getRound(roundId);
    if (!r) return errorReply('That quiz round no longer exists.');
    const item = this.deps.guide.quizItem(r.itemId);
    if (!item || !Number.isInteger(choice) || choice < 0 || choice >= r.optionOrder.length)
      return errorReply('That is not one of the options of this question.');
    const now = clock.now().getTime();
    const ended = errorReply('This round has already ended — the answer is shown on the question (or will be in a moment). Start another with `/quiz`.');
    if (r.state === 'cancelled') return errorReply('This quiz was called off. Start another with `/quiz`.');
    // 'posting': the message is visible but its post has not returned yet (slow or lost response); the round's
    // clock starts when it does, so a click now is inside the window.
    const posting = r.state === 'posting';
    if (!posting && (r.state !== 'open' || now >= r.deadline)) return ended;
    const correct = r.optionOrder[choice] === item.options.findIndex((o) => o.correct);
    const res = await store.recordAnswer({
      roundId: r.id,
      platform: r.platform,
      workspaceId: r.workspaceId,
      userId: scope.userId,
      userName: scope.userName,
      choice,
      correct,
      answeredAt: now,
    });
    if (!res.answer) return ended;
    const left = posting ? r.seconds : Math.max(1, Math.ceil((r.deadline - now) / 1000));
    if (!res.stored)
      return {
        visibility: 'private',
        text: `You already answered ${LETTERS[res.answer.choice]} — only your first answer counts.`,
        cards: [],
        actions: [],
      };
    return {
      visibility: 'private',
      text: `Got it: you answered ${LETTERS[choice]}. The right answer is revealed when the round ends (in about ${left} s).`,
      cards: [],
      actions: [],
    };
  }

  /**
   * Each player's personal practice learns from their answer: a miss comes back
   * on their spaced-repetition schedule. Done at the reveal, off the click path,
   * after the edit and before the round is marked revealed, so a crash in between
   * repeats it on the retried reveal; each member's review is keyed by the round,
   * so a repeat grades nothing twice. Scores are not involved, and a failure here
   * never fails the reveal.
   */
  private async feedPractice(r: QuizRound, itemId: string, answers: readonly QuizAnswer[]): Promise<void> {
    for (const a of answers) {
      try {
        await recordQuizReview(this.deps.store, { platform: r.platform, workspaceId: r.workspaceId, userId: a.userId }, itemId, r.id, a.correct, a.choice, a.answeredAt);
      } catch (e) {
        this.deps.log?.('quiz answer not fed to practice', { round: r.id, user: a.userId, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /**
   * One pass over the rounds of the platforms this process serves: post due
   * questions, close rounds past their deadline, and reveal closed ones (again,
   * after a failed reveal). Safe in any number of processes: every step is a
   * conditional update that one of them wins.
   */
  async sweep(): Promise<{ closed: number; opened: number; revealed: number }> {
    const { store, clock } = this.deps;
    const now = clock.now().getTime();
    const out = { closed: 0, opened: 0, revealed: 0 };
    const rounds = await store.workRounds(now, this.deps.platforms());
    await forEachLimit(
      rounds,
      SWEEP_CONCURRENCY,
      async (r) => {
        if (r.state === 'pending' || r.state === 'posting') {
          if ((await this.postRound(r.id)).ok) out.opened++;
          return;
        }
        if (r.state === 'open') {
          if (!(await store.closeRound(r.id, now, GAP_SECONDS * 1000))) return;
          out.closed++;
        }
        if (await this.reveal(r.id)) out.revealed++;
      },
      (r, e) => this.deps.log?.('quiz sweep step failed', { round: r.id, error: e instanceof Error ? e.message : String(e) }),
      () => this.deps.stopping?.() ?? false,
    );
    return out;
  }

  /** closed -> revealed: edit the question into the answer. Retried with backoff until done or a permanent error. */
  async reveal(id: string): Promise<boolean> {
    const { store, clock, owner } = this.deps;
    const now = clock.now().getTime();
    const r = await store.claimReveal(id, owner, now, now + ROUND_LEASE_MS);
    if (!r) return false;
    const poster = this.deps.poster(r.platform);
    const item = this.deps.guide.quizItem(r.itemId);
    if (!poster || !item || !r.messageId) {
      await store.finishRound(r.id, owner, 'failed', 'nothing to reveal');
      return false;
    }
    try {
      const answers = await store.answers(r.id);
      await poster.edit({ channelId: r.channelId, messageId: r.messageId, workspaceId: r.workspaceId }, renderReveal(r, item, answers));
      await this.feedPractice(r, item.id, answers);
      await store.finishRound(r.id, owner, 'revealed');
      this.deps.metrics?.quizRound('revealed', r.platform);
      this.deps.debug?.('quiz round revealed', { round: r.id, channel: r.channelId, answers: answers.length });
      return true;
    } catch (e) {
      const reason = describePostError(e);
      if (isPermanent(e)) {
        await store.finishRound(r.id, owner, 'failed', reason);
        this.deps.log?.('quiz reveal failed for good', { round: r.id, error: reason });
      } else {
        await store.releaseRound(r.id, owner, now + backoffMs(r.attempts, 5_000, 300_000, this.deps.random), reason);
        this.deps.log?.('quiz reveal failed; will retry', { round: r.id, attempts: r.attempts, error: reason });
      }
      return false;
    }
  }
}

function header(r: QuizRound, item: QuizItem): string {
  const n = r.total > 1 ? `Quiz ${r.seq}/${r.total}` : 'Quiz';
  return `${n} · ${topicLabel(item.topic)} · ${item.difficulty}`;
}

export function renderRound(r: QuizRound, item: QuizItem): Reply {
  const lines = r.optionOrder.map((orig, i) => `**${LETTERS[i]}.** ${item.options[orig]!.text}`);
  return {
    visibility: 'public',
    text: `Quiz: ${truncate(item.question, 200)}`,
    cards: [
      {
        title: `❓ ${header(r, item)}`,
        body: `**${item.question}**\n\n${lines.join('\n')}`,
        footer: `Answer within ${r.seconds} s · one answer per person, your first click counts`,
        accent: 'info',
      },
    ],
    actions: [
      r.optionOrder.map((_, i) => ({ kind: 'button' as const, id: `quiz:a:${r.id}:${i}`, label: LETTERS[i]!, style: 'primary' as const })),
    ],
  };
}

export function renderReveal(r: QuizRound, item: QuizItem, answers: readonly QuizAnswer[]): Reply {
  const correctOrig = item.options.findIndex((o) => o.correct);
  const correctShown = r.optionOrder.indexOf(correctOrig);
  const tally = r.optionOrder.map((_, i) => answers.filter((a) => a.choice === i).length);
  const lines = r.optionOrder.map((orig, i) => {
    const mark = i === correctShown ? '✅' : '▫️';
    const n = tally[i]!;
    return `${mark} **${LETTERS[i]}.** ${item.options[orig]!.text} — ${n} vote${n === 1 ? '' : 's'}`;
  });
  const right = answers.filter((a) => a.correct);
  const shown = right.slice(0, 20).map((a) => mention(r.platform, a.userId, a.userName));
  const who = right.length
    ? shown.join(', ') + (right.length > shown.length ? ` and ${right.length - shown.length} more` : '')
    : answers.length
      ? 'Nobody this time.'
      : 'Nobody answered.';
  return {
    visibility: 'public',
    text: `Quiz answer: ${LETTERS[correctShown]}. ${truncate(item.options[correctOrig]!.text, 150)}`,
    cards: [
      {
        title: `✅ ${header(r, item)} — answer ${LETTERS[correctShown]}`,
        body: `**${item.question}**\n\n${lines.join('\n')}`,
        fields: [
          { label: 'Why', value: item.explanation },
          { label: `Right (${right.length}/${answers.length})`, value: who },
        ],
        footer: r.seq < r.total ? `Next question in ${GAP_SECONDS} s · /leaderboard for scores` : 'Round over · /leaderboard for scores',
        accent: 'success',
      },
    ],
    actions: [[{ kind: 'button', id: `quiz:report:${item.id}`, label: 'Report this question', style: 'secondary' }]],
    mode: 'update',
  };
}
