/**
 * Personal practice with spaced repetition (ts-fsrs). A card is a quiz item of
 * the guide bank, per member. Items a member got wrong (in a channel quiz or in
 * practice) are graded Again and come back on the FSRS schedule; items got
 * right are graded Good and come back rarely; new items fill a session up.
 * Practice never touches quiz answers or scores: leaderboards are unaffected.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, type Card } from 'ts-fsrs';
import type { CardDue, CardUpdate, MemberKey, PracticeCard, Store } from '../store/store.js';
import type { Guide, QuizItem } from './guide/model.js';
import type { CommandContext, Scope } from './command.js';
import { errorReply, type Reply } from './reply.js';
import { LETTERS, topicLabel } from './labels.js';
import { truncate } from './limits.js';
import { shuffle } from './shuffle.js';


/** Questions per session, and how many of them may be new items. */
export const SESSION_SIZE = 5;
export const NEW_PER_SESSION = 3;

/**
 * Whole days between reviews (no same-day learning steps: a chat practice is not
 * a flashcard app open all day), and no fuzz, so the schedule is reproducible.
 */
const scheduler = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false }));

export function memberOf(scope: Scope): MemberKey {
  return { platform: scope.platform, workspaceId: scope.workspaceId, userId: scope.userId };
}

function parseCard(json: string): Card {
  const c = JSON.parse(json) as Card & { due: string; last_review?: string };
  return { ...c, due: new Date(c.due), last_review: c.last_review ? new Date(c.last_review) : undefined };
}

/** The card after one review: Good when right, Again when wrong. */
export function reschedule(prev: PracticeCard | null, correct: boolean, at: number): CardUpdate {
  const card = prev ? parseCard(prev.fsrs) : createEmptyCard(new Date(at));
  const { card: c } = scheduler.next(card, new Date(at), correct ? Rating.Good : Rating.Again);
  return { due: c.due.getTime(), state: c.state, reps: c.reps, lapses: c.lapses, fsrs: JSON.stringify(c) };
}

export const ratingOf = (correct: boolean): number => (correct ? Rating.Good : Rating.Again);

/**
 * A channel-quiz answer, fed to the member's practice once (keyed by the round).
 * Never throws: practice must not get in the way of the quiz.
 */
export async function recordQuizReview(store: Store, m: MemberKey, itemId: string, roundId: string, correct: boolean, choice: number, at: number): Promise<boolean> {
  const r = await store.gradePractice(
    { ...m, itemId, correct, rating: ratingOf(correct), choice, at, sourceKey: `quiz:${roundId}` },
    (prev) => reschedule(prev, correct, at),
  );
  return r.graded;
}

export interface PracticeStatus {
  /** Cards due now, earliest first (items no longer in the bank left out). */
  due: CardDue[];
  /** The earliest due time after now, or null. */
  nextDue: number | null;
  cards: CardDue[];
}

/** Cards arrive earliest due first (the store's order). */
export function status(guide: Guide, cards: readonly CardDue[], now: number, topic?: string): PracticeStatus {
  const inScope = cards.filter((c) => {
    const item = guide.quizItem(c.itemId);
    return item && (!topic || item.topic === topic);
  });
  const due = inScope.filter((c) => c.due <= now);
  const later = inScope.find((c) => c.due > now);
  return { due, nextDue: later ? later.due : null, cards: inScope };
}

export async function memberStatus(ctx: Pick<CommandContext, 'guide' | 'store' | 'clock'>, m: MemberKey, topic?: string): Promise<PracticeStatus> {
  return status(ctx.guide, await ctx.store.practiceCards(m), ctx.clock.now().getTime(), topic);
}

/** The next item of a session: the most overdue card, else a new item while the session may take new ones. */
export function pickNext(guide: Guide, st: PracticeStatus, topic: string | undefined, newShown: number, random: () => number): { item: QuizItem; fresh: boolean } | null {
  const first = st.due[0];
  if (first) return { item: guide.quizItem(first.itemId)!, fresh: false };
  if (newShown >= NEW_PER_SESSION) return null;
  const known = new Set(st.cards.map((c) => c.itemId));
  const pool = guide.quizItems.filter((q) => (!topic || q.topic === topic) && !known.has(q.id));
  if (!pool.length) return null;
  return { item: pool[Math.floor(random() * pool.length)]!, fresh: true };
}

/** "now", "in 5 min", "in 3 h", "in 2 days (Thu 3 Dec)". */
export function when(at: number, now: number): string {
  const mins = (at - now) / 60_000;
  if (mins <= 0) return 'now';
  if (mins < 60) return `in ${Math.max(1, Math.round(mins))} min`;
  if (mins < 36 * 60) return `in ${Math.round(mins / 60)} h`;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(at)).replace(',', '');
  return `in ${Math.round(mins / 1440)} days (${day})`;
}

export function statusLine(st: PracticeStatus, now: number): string {
  const due = `${st.due.length} item${st.due.length === 1 ? '' : 's'} due now`;
  return st.nextDue === null ? due : `${due} · next due ${when(st.nextDue, now)}`;
}

/** Session progress carried by the buttons: topic (or any), questions shown, new items shown. */
interface Session {
  topic: string;
  seq: number;
  news: number;
}
const sessionArgs = (s: Session) => `${s.topic}:${s.seq}:${s.news}`;

export function parseSession(args: readonly (string | undefined)[]): Session {
  const n = (v: string | undefined) => (v && /^\d{1,2}$/.test(v) ? Number(v) : 0);
  return { topic: args[0] && /^[a-z-]{1,30}$/.test(args[0]) ? args[0] : 'any', seq: n(args[1]), news: n(args[2]) };
}

/**
 * Shows the session's next question (or its end). Each shown question is a
 * stored review row: its answer buttons carry that row's id, and grading is a
 * conditional update of it, so a double click grades once.
 */
export async function nextQuestion(ctx: CommandContext, session: Session): Promise<Reply> {
  const m = memberOf(ctx.scope);
  const topic = session.topic === 'any' ? undefined : session.topic;
  if (topic && !ctx.guide.quizItems.some((q) => q.topic === topic)) return errorReply(`There are no practice questions on ${topicLabel(topic)} yet.`, '/practice rag');
  const now = ctx.clock.now().getTime();
  const st = await memberStatus(ctx, m, topic);
  const pick = session.seq >= SESSION_SIZE ? null : pickNext(ctx.guide, st, topic, session.news, ctx.random);
  if (!pick) return sessionOver(st, now, session);
  const order = shuffle(pick.item.options.map((_, i) => i), ctx.random);
  const token = `${now.toString(36)}${Math.floor(ctx.random() * 36 ** 6).toString(36)}`;
  const reviewId = await ctx.store.showPractice({ ...m, itemId: pick.item.id, sourceKey: `p:${token}`, optionOrder: order, shownAt: now });
  const next: Session = { topic: session.topic, seq: session.seq + 1, news: session.news + (pick.fresh ? 1 : 0) };
  const lines = order.map((orig, i) => `**${LETTERS[i]}.** ${pick.item.options[orig]!.text}`);
  return {
    visibility: 'private',
    lead: `${statusLine(st, now)}${topic ? ` (${topicLabel(topic)})` : ''}`,
    text: `Practice: ${truncate(pick.item.question, 200)}`,
    cards: [
      {
        title: `🔁 Practice ${next.seq}/${SESSION_SIZE} · ${topicLabel(pick.item.topic)} · ${pick.item.difficulty}`,
        body: `**${pick.item.question}**\n\n${lines.join('\n')}`,
        footer: pick.fresh ? 'A new item for you' : 'Due for review: you missed it before, or it is time to check you still know it',
        accent: 'info',
      },
    ],
    actions: [order.map((_, i) => ({ kind: 'button' as const, id: `practice:a:${reviewId}:${i}:${sessionArgs(next)}`, label: LETTERS[i]!, style: 'primary' as const }))],
  };
}

function sessionOver(st: PracticeStatus, now: number, session: Session): Reply {
  const done = session.seq > 0 ? `Session done: ${session.seq} question${session.seq === 1 ? '' : 's'}. ` : '';
  const nothing = st.due.length === 0 && session.seq === 0 ? 'Nothing is due and there are no new items left here. ' : '';
  const text = `${done}${nothing}${statusLine(st, now)}.`;
  return {
    visibility: 'private',
    text,
    cards: [{ title: '🔁 Practice', body: text, footer: 'Missed items come back on a spaced-repetition schedule (FSRS); items you get right come back rarely.', accent: 'success' }],
    actions: st.due.length ? [[{ kind: 'button', id: `practice:next:${session.topic}:0:0`, label: 'Another session', style: 'primary' }]] : [],
  };
}

/** A click on an answer: grade once, show the right answer and the explanation, and a Next button. */
export async function answer(ctx: CommandContext, args: readonly string[]): Promise<Reply> {
  const [idText, choiceText, ...rest] = args;
  const id = Number(idText);
  const choice = Number(choiceText);
  if (!Number.isSafeInteger(id) || !/^\d$/.test(choiceText ?? '')) return errorReply('That answer button is damaged; start again with `/practice`.', '/practice');
  const review = await ctx.store.getPracticeReview(id);
  const m = memberOf(ctx.scope);
  if (!review || review.platform !== m.platform || review.workspaceId !== m.workspaceId || review.userId !== m.userId)
    return errorReply('That practice question is not yours (or no longer exists). Start your own with `/practice`.', '/practice');
  const item = ctx.guide.quizItem(review.itemId);
  if (!item || choice >= review.optionOrder.length) return errorReply('That question is no longer in the bank. Try `/practice` again.', '/practice');
  const correctOrig = item.options.findIndex((o) => o.correct);
  const correct = review.optionOrder[choice] === correctOrig;
  const now = ctx.clock.now().getTime();
  const res = await ctx.store.gradePractice(
    { ...m, itemId: item.id, correct, rating: ratingOf(correct), choice, at: now, reviewId: id },
    (prev) => reschedule(prev, correct, now),
  );
  const session = parseSession(rest);
  const nextButton = { kind: 'button' as const, id: `practice:next:${sessionArgs(session)}`, label: 'Next', style: 'primary' as const };
  const shown = review.optionOrder.indexOf(correctOrig);
  if (!res.graded) {
    const was = res.review?.choice;
    return {
      visibility: 'private',
      text: `You already answered this one${was != null ? ` (${LETTERS[was]})` : ''}; only your first answer counts.`,
      cards: [],
      actions: [[nextButton]],
    };
  }
  const card = (await ctx.store.practiceCards(m)).find((c) => c.itemId === item.id);
  const back = card ? `Comes back ${when(card.due, now)}.` : '';
  return {
    visibility: 'private',
    text: correct ? `Right: ${LETTERS[shown]}. ${back}` : `Not quite: the answer is ${LETTERS[shown]}. ${back}`,
    cards: [
      {
        title: correct ? `✅ Right — ${LETTERS[shown]}` : `❌ Not quite — the answer is ${LETTERS[shown]}`,
        body: `**${item.question}**\n\n${LETTERS[shown]}. ${item.options[correctOrig]!.text}`,
        fields: [{ label: 'Why', value: item.explanation }],
        footer: back,
        accent: correct ? 'success' : 'danger',
      },
    ],
    actions: [[nextButton]],
  };
}
