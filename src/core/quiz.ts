/**
 * Quiz rounds in a channel: post a question with A–D buttons, take one answer
 * per person (the first click counts), reveal at the deadline with tallies and
 * who was right, then open the session's next question. Deadlines live in the
 * store, so a restart closes overdue rounds instead of losing them.
 */
import { randomUUID } from 'node:crypto';
import type { Guide, QuizItem } from './guide/model.js';
import type { QuizAnswer, QuizRound, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Poster } from './poster.js';
import type { Platform, Scope } from './command.js';
import { errorReply, type Reply } from './reply.js';
import { topicLabel } from './labels.js';
import { truncate } from './limits.js';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
/** Seconds between a reveal and the next question of the same session. */
export const GAP_SECONDS = 3;

export interface StartOptions {
  topic?: string;
  questions: number;
  seconds: number;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export function mention(platform: Platform, userId: string, userName: string): string {
  return platform === 'console' ? `@${userName}` : `<@${userId}>`;
}

export class QuizService {
  constructor(
    private readonly deps: {
      guide: Guide;
      store: Store;
      clock: Clock;
      random: () => number;
      poster: (p: Platform) => Poster | undefined;
      log?: (msg: string, extra?: Record<string, unknown>) => void;
    },
  ) {}

  items(topic?: string): readonly QuizItem[] {
    const all = this.deps.guide.quizItems;
    return topic ? all.filter((q) => q.topic === topic) : all;
  }

  async start(scope: Scope, opts: StartOptions): Promise<Reply> {
    const { store, clock, random } = this.deps;
    const poster = this.deps.poster(scope.platform);
    if (!poster) return errorReply('Quizzes are not available here: this chat cannot post messages.');
    const open = await store.openRounds(scope.platform, scope.channelId);
    if (open.length) {
      const left = Math.max(0, Math.ceil((Math.max(...open.map((r) => r.deadline)) - clock.now().getTime()) / 1000));
      return errorReply(`A quiz is already running in this channel; it ends in about ${left} s. Join in, or start another when it's over.`);
    }
    const pool = this.items(opts.topic);
    const picked = shuffle([...pool], random).slice(0, opts.questions);
    const now = clock.now().getTime();
    const sessionId = randomUUID().replace(/-/g, '').slice(0, 12);
    const rounds: QuizRound[] = picked.map((item, k) => {
      const openedAt = now + k * (opts.seconds + GAP_SECONDS) * 1000;
      return {
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
        openedAt,
        deadline: openedAt + opts.seconds * 1000,
        messageId: null,
        closedAt: null,
      };
    });
    for (const r of rounds) await store.createRound(r);
    await this.postRound(rounds[0]!);
    const what = picked.length === 1 ? 'a quiz question' : `a ${picked.length}-question quiz`;
    return {
      visibility: 'private',
      text: `Started ${what} in this channel (${opts.seconds} s per question${opts.topic ? `, topic: ${topicLabel(opts.topic)}` : ''}).`,
      cards: [],
      actions: [],
    };
  }

  private async postRound(r: QuizRound): Promise<void> {
    const poster = this.deps.poster(r.platform);
    const item = this.deps.guide.quizItem(r.itemId);
    if (!poster || !item) return;
    const ref = await poster.post(r.channelId, renderRound(r, item));
    await this.deps.store.setRoundMessage(r.id, ref.messageId);
  }

  async answer(roundId: string, choice: number, scope: Scope): Promise<Reply> {
    const { store, clock } = this.deps;
    const r = await store.getRound(roundId);
    if (!r) return errorReply('That quiz round no longer exists.');
    const item = this.deps.guide.quizItem(r.itemId);
    if (!item || !Number.isInteger(choice) || choice < 0 || choice >= r.optionOrder.length)
      return errorReply('That is not one of the options of this question.');
    const now = clock.now().getTime();
    if (r.closedAt !== null || now >= r.deadline)
      return errorReply('This round has already ended — the answer is shown on the question. Start another with `/quiz`.');
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
    const left = Math.max(1, Math.ceil((r.deadline - now) / 1000));
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

  /** Closes every round past its deadline (reveal), then posts session rounds whose time has come. */
  async sweep(): Promise<{ closed: number; opened: number }> {
    const { store, clock } = this.deps;
    const now = clock.now().getTime();
    let closed = 0;
    let opened = 0;
    for (const r of await store.dueRounds(now)) {
      if (r.messageId === null) {
        // A round that never got posted (the bot was down, or posting failed): close it silently.
        if (await store.closeRound(r.id, now)) closed++;
        continue;
      }
      if (!(await store.closeRound(r.id, now))) continue;
      closed++;
      await this.reveal(r).catch((e) => this.deps.log?.('quiz reveal failed', { round: r.id, error: String(e) }));
    }
    // Open the next question of running sessions.
    for (const r of await store.unpostedRounds(now)) {
      if (!this.deps.poster(r.platform)) continue;
      await this.postRound(r).catch((e) => this.deps.log?.('quiz post failed', { round: r.id, error: String(e) }));
      opened++;
    }
    return { closed, opened };
  }

  async reveal(r: QuizRound): Promise<void> {
    const poster = this.deps.poster(r.platform);
    const item = this.deps.guide.quizItem(r.itemId);
    if (!poster || !item || !r.messageId) return;
    const answers = await this.deps.store.answers(r.id);
    await poster.edit({ channelId: r.channelId, messageId: r.messageId }, renderReveal(r, item, answers));
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
