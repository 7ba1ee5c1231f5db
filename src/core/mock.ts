/**
 * Mock interviews with self-grading: a question from the interview bank, the
 * member's written answer (a form: Discord modal, Slack modal, console prompt),
 * then the strong-answer outline beside it with covered / missed per point.
 * Answers are private, stored once per form, graded once per point, and
 * deletable by their author.
 */
import { randomBytes } from 'node:crypto';
import type { CommandContext } from './command.js';
import type { InterviewQuestion } from './guide/model.js';
import type { MockAttempt, MockSummary } from '../store/store.js';
import { errorReply, type Action, type Card, type Reply } from './reply.js';
import { levelLabel, topicLabel, TOPIC_LABELS } from './labels.js';
import { SHOWN, truncate } from './limits.js';
import { quote } from './safe.js';
import { outlineSource, pickQuestion } from './interview.js';
import { memberOf } from './practice.js';

/**
 * Longest answer: Slack's plain_text_input takes max_length ≤ 3000 and Discord's
 * text input ≤ 4000, so 3000 fits both (and the console cuts to it too).
 */
export const MOCK_ANSWER_MAX = 3000;
/** How much of the answer is shown back beside the outline. */
const ANSWER_SHOWN = 1500;

export function questionCard(q: InterviewQuestion): Card {
  return {
    title: '🎤 Mock interview',
    body: `**${q.question}**`,
    fields: [
      { label: 'Topic', value: topicLabel(q.topic), inline: true },
      { label: 'Level', value: levelLabel(q.level), inline: true },
    ],
    footer: `Answer as you would in the interview, then mark which points of a strong answer you covered${q.source === 'guide' ? ' · question from the guide' : ''}`,
    accent: 'info',
  };
}

export async function start(ctx: CommandContext, topic?: string, level?: string): Promise<Reply> {
  const p = (await pickQuestion(ctx, topic, level)) ?? (topic || level ? undefined : await pickQuestion(ctx));
  if (!p)
    return errorReply(`There is no ${level ? levelLabel(level).toLowerCase() + ' ' : ''}question on ${topic ? topicLabel(topic) : 'that'} yet.`, topic ? `/mock ${topic}` : '/mock');
  return {
    visibility: 'private',
    text: `Mock interview: ${truncate(p.q.question, 200)}`,
    cards: [questionCard(p.q)],
    actions: [
      [
        { kind: 'button', id: `mock:write:${p.q.id}`, label: 'Write my answer', style: 'primary' },
        { kind: 'button', id: `mock:start:${topic ?? 'any'}:${level ?? 'any'}`, label: 'Another question', style: 'secondary' },
      ],
    ],
  };
}

/** "Write my answer": the form. Its submit id carries a fresh token: one form, one stored attempt. */
export function writeForm(ctx: CommandContext, qid: string): Reply {
  const q = ctx.guide.question(qid);
  if (!q) return errorReply('That question is no longer in the bank.', '/mock');
  const token = randomBytes(6).toString('hex');
  return {
    visibility: 'private',
    text: `Write your answer to: ${truncate(q.question, 200)}`,
    cards: [questionCard(q)],
    actions: [],
    form: {
      id: `mock:submit:${q.id}:${token}`,
      title: 'Your answer',
      submit: 'Submit',
      fields: [
        {
          id: 'answer',
          label: 'Your answer',
          placeholder: truncate(q.question, 100),
          multiline: true,
          required: true,
          minLength: 1,
          maxLength: MOCK_ANSWER_MAX,
        },
      ],
    },
  };
}

/** The member's text, shown back: each line escaped, the whole cut short. */
function echo(answer: string): string {
  const lines = answer
    .split(/\r?\n/)
    .map((l) => quote(l, 300))
    .filter((l, i, all) => l || (i > 0 && all[i - 1]));
  return truncate(lines.join('\n'), ANSWER_SHOWN) || '(empty)';
}

export async function submit(ctx: CommandContext, qid: string | undefined, token: string | undefined): Promise<Reply> {
  const q = qid ? ctx.guide.question(qid) : undefined;
  if (!q || !token || !/^[0-9a-f]{8,32}$/.test(token)) return errorReply('That answer form is from an older version of the bot; start again with `/mock`.', '/mock');
  const text = [...(ctx.form?.answer ?? '')].slice(0, MOCK_ANSWER_MAX).join('').trim();
  if (!text) return errorReply('Your answer was empty, so nothing was stored. Press "Write my answer" again.', '/mock');
  const res = await ctx.store.saveMockAttempt({
    ...memberOf(ctx.scope),
    id: token,
    questionId: q.id,
    topic: q.topic,
    level: q.level,
    answer: text,
    points: q.outline.length,
    createdAt: ctx.clock.now().getTime(),
  });
  if (!res.attempt) return errorReply('That answer form is not yours; start your own with `/mock`.', '/mock');
  return grading(ctx, res.attempt, res.stored ? undefined : 'You submitted this form already: here is the answer you stored.');
}

/** The outline beside the member's answer, with covered / missed buttons for the points not marked yet. */
export async function grading(ctx: CommandContext, a: MockAttempt, lead?: string): Promise<Reply> {
  const q = ctx.guide.question(a.questionId);
  if (!q) return errorReply('That question is no longer in the bank, so it cannot be graded.', '/mock');
  const grades = await ctx.store.mockGrades(a.id);
  const points = q.outline.slice(0, a.points);
  const mark = (i: number) => (grades.has(i) ? (grades.get(i) ? '✅' : '❌') : '⬜');
  const covered = [...grades.values()].filter(Boolean).length;
  const done = grades.size >= points.length;
  const cards: Card[] = [
    { title: '📝 Your answer', body: echo(a.answer), footer: `${topicLabel(a.topic)} · ${levelLabel(a.level)} · only you can see this`, accent: 'neutral' },
    {
      title: '✅ A strong answer covers',
      body: `**${q.question}**\n\n${points.map((p, i) => `${mark(i)} ${i + 1}. ${p}`).join('\n')}`,
      footer: `${done ? '' : 'Mark each point: did your answer cover it?'}${outlineSource(q)}`.replace(/^ · /, ''),
      accent: 'success',
    },
  ];
  const actions: Action[][] = [];
  if (done) {
    cards.push({ title: `🎯 Score: ${covered}/${points.length} (${Math.round((100 * covered) / Math.max(1, points.length))}%)`, body: 'Stored in your mock history.', accent: 'info' });
    actions.push([
      { kind: 'button', id: `mock:start:${a.topic}:any`, label: 'Another question', style: 'primary' },
      { kind: 'button', id: 'mock:hist', label: 'My mock history', style: 'secondary' },
    ]);
  } else {
    const open = points.map((_, i) => i).filter((i) => !grades.has(i));
    let row: Action[] = [];
    for (const i of open) {
      row.push({ kind: 'button', id: `mock:g:${a.id}:${i}:c`, label: `${i + 1} covered`, style: 'success' });
      row.push({ kind: 'button', id: `mock:g:${a.id}:${i}:m`, label: `${i + 1} missed`, style: 'secondary' });
      if (row.length >= 4) {
        actions.push(row);
        row = [];
      }
    }
    if (row.length) actions.push(row);
  }
  return {
    visibility: 'private',
    lead,
    text: done ? `Mock interview scored ${covered}/${points.length}.` : `Your answer beside a strong answer's outline: mark each point covered or missed.`,
    cards,
    actions: actions.slice(0, 5),
  };
}

export async function grade(ctx: CommandContext, args: readonly string[]): Promise<Reply> {
  const [id, pointText, cm] = args;
  const a = id ? await ctx.store.getMockAttempt(id) : null;
  const m = memberOf(ctx.scope);
  if (!a || a.userId !== m.userId || a.platform !== m.platform || a.workspaceId !== m.workspaceId)
    return errorReply('That mock answer is not yours, or it was deleted.', '/mock history');
  const point = Number(pointText);
  if (!/^\d{1,2}$/.test(pointText ?? '') || point >= a.points || (cm !== 'c' && cm !== 'm')) return errorReply('That grading button is damaged.', '/mock history');
  const stored = await ctx.store.gradeMockPoint(a.id, m.userId, point, cm === 'c', ctx.clock.now().getTime());
  return grading(ctx, a, stored ? undefined : `Point ${point + 1} was already marked; the first mark counts.`);
}

const score = (s: MockSummary) => (s.points ? s.covered / s.points : 0);

export async function history(ctx: CommandContext): Promise<Reply> {
  const all = await ctx.store.mockHistory(memberOf(ctx.scope), 200);
  const scored = all.filter((s) => s.graded >= s.points && s.points > 0);
  if (!all.length)
    return {
      visibility: 'private',
      text: 'No mock interviews yet.',
      cards: [{ title: '🎤 Mock history', body: 'No mock interviews yet. Start one with `/mock` (or `/mock rag senior`).', accent: 'info' }],
      actions: [[{ kind: 'button', id: 'mock:start:any:any', label: 'Start a mock interview', style: 'primary' }]],
    };
  const date = (t: number) => new Date(t).toISOString().slice(0, 10);
  const lines = all.slice(0, 10).map((s) => {
    const result = s.graded >= s.points ? `**${s.covered}/${s.points}** (${Math.round(score(s) * 100)}%)` : `not graded yet (${s.graded}/${s.points} marked)`;
    return `- ${date(s.createdAt)} · ${topicLabel(s.topic)} · ${levelLabel(s.level)} · ${result}`;
  });
  const byTopic = new Map<string, number[]>();
  for (const s of scored) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), score(s)]);
  const avg = [...byTopic.entries()].map(([t, xs]) => ({ t, avg: xs.reduce((a, b) => a + b, 0) / xs.length, n: xs.length })).sort((a, b) => a.avg - b.avg || a.t.localeCompare(b.t));
  const weakest = avg.slice(0, 3).map((x) => `- ${topicLabel(x.t)}: ${Math.round(x.avg * 100)}% over ${x.n} interview${x.n === 1 ? '' : 's'}`);
  const tried = new Set(all.map((s) => s.topic));
  const untried = Object.keys(TOPIC_LABELS).find((t) => !tried.has(t) && ctx.guide.interviewQuestions.some((q) => q.topic === t));
  const weak = avg.find((x) => x.avg < 0.7);
  const next = weak?.t ?? untried ?? avg[0]?.t ?? all[0]!.topic;
  const why = weak ? 'your weakest topic so far' : untried === next ? 'a topic you have not tried yet' : 'your lowest score so far';
  const fields = [{ label: 'Recent interviews', value: lines.join('\n') }];
  if (weakest.length) fields.push({ label: avg.length > 1 ? 'By topic, weakest first' : 'By topic', value: weakest.join('\n') });
  fields.push({ label: 'Suggested next', value: `${topicLabel(next)} (${why})` });
  return {
    visibility: 'private',
    text: `Your mock interviews: ${all.length}, ${scored.length} scored.`,
    cards: [{ title: '🎤 Your mock history', body: `${all.length} mock interview${all.length === 1 ? '' : 's'}, ${scored.length} fully graded.`, fields, footer: 'Only you can see your answers and scores.', accent: 'info' }],
    actions: [
      [
        { kind: 'button', id: `mock:start:${next}:any`, label: truncate(`Practise ${topicLabel(next)}`, SHOWN.buttonLabel), style: 'primary' },
        { kind: 'button', id: 'mock:forget', label: 'Delete my mock answers', style: 'danger' },
      ],
    ],
  };
}

export async function forgetAsk(ctx: CommandContext): Promise<Reply> {
  const n = (await ctx.store.mockHistory(memberOf(ctx.scope), 10_000)).length;
  if (!n) return { visibility: 'private', text: 'You have no stored mock answers.', cards: [], actions: [] };
  return {
    visibility: 'private',
    text: `Delete your ${n} stored mock answer${n === 1 ? '' : 's'} and ${n === 1 ? 'its score' : 'their scores'}? This cannot be undone.`,
    cards: [],
    actions: [[{ kind: 'button', id: 'mock:forgetyes', label: `Delete ${n} mock answer${n === 1 ? '' : 's'}`, style: 'danger' }]],
  };
}

export async function forgetNow(ctx: CommandContext): Promise<Reply> {
  const n = await ctx.store.deleteMockAttempts(memberOf(ctx.scope));
  return { visibility: 'private', text: n ? `Deleted ${n} mock answer${n === 1 ? '' : 's'} and their scores.` : 'There was nothing to delete.', cards: [], actions: [] };
}
