/**
 * A member's home (/me; the Slack App Home tab renders the same Reply): practice
 * due, quiz streak, plan progress, recent mock scores, with buttons to start
 * each; and deleting all of a member's personal data after a confirmation.
 * Kept within Block Kit's home-tab budget: ≤ 6 cards, ≤ 5 action rows.
 */
import type { CommandContext } from './command.js';
import type { Reply } from './reply.js';
import { memberOf, memberStatus, statusLine } from './practice.js';
import { describeNudge, memberProgress, nudgeId } from './plan.js';
import { phaseTitle } from './format.js';
import { topicLabel } from './labels.js';
import { currentStreak } from './scores.js';

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function home(ctx: CommandContext): Promise<Reply> {
  const m = memberOf(ctx.scope);
  const now = ctx.clock.now().getTime();
  const [st, plan, mocks, runs, nudge, reviews] = await Promise.all([
    memberStatus(ctx, m),
    memberProgress(ctx.guide, ctx.store, m),
    ctx.store.mockHistory(m, 3),
    ctx.store.currentRuns(m.platform, m.workspaceId),
    ctx.store.getNudge(nudgeId(m)),
    ctx.store.practiceReviewCount(m),
  ]);
  const run = runs.get(m.userId);
  const streak = currentStreak(run, now);
  const mockLines = mocks.map((s) =>
    `- ${topicLabel(s.topic)}: ${s.graded >= s.points ? `${s.covered}/${s.points}` : 'not graded yet'} (${utcDay(s.createdAt)})`,
  );
  return {
    visibility: 'private',
    text: `Your careerbot home: ${st.due.length} practice due, ${plan.done}/${plan.total} roadmap items done.`,
    cards: [
      {
        title: '🔁 Practice',
        body: `${statusLine(st, now)}.\n${st.cards.length} item${st.cards.length === 1 ? '' : 's'} in your practice deck, ${reviews} review${reviews === 1 ? '' : 's'} so far.`,
        accent: 'info',
      },
      { title: '🔥 Quiz streak', body: streak ? `${streak} day${streak === 1 ? '' : 's'} in a row with a right answer in a channel quiz.` : 'No current streak: answer a channel quiz right today to start one.', accent: 'warning' },
      {
        title: `🗺️ Your plan: ${plan.done}/${plan.total} done`,
        body: `${plan.phases.map((p) => `- ${phaseTitle(p.phase)}: ${p.done}/${p.total}`).join('\n')}${plan.next ? `\n\nNext: **${plan.next.item.name}** (item from the guide)` : ''}`,
        footer: describeNudge(nudge).replace(/`/g, ''),
        accent: 'ai',
      },
      { title: '🎤 Recent mock interviews', body: mockLines.length ? mockLines.join('\n') : 'None yet.', accent: 'neutral' },
    ],
    actions: [
      [
        { kind: 'button', id: 'practice:start:any', label: 'Practice', style: 'primary' },
        { kind: 'button', id: 'plan:show', label: 'My plan', style: 'secondary' },
        { kind: 'button', id: 'mock:start:any:any', label: 'Mock interview', style: 'secondary' },
        { kind: 'button', id: 'mock:hist', label: 'Mock history', style: 'secondary' },
      ],
      [{ kind: 'button', id: 'me:forget', label: 'Delete my data', style: 'danger' }],
    ],
  };
}

export function forgetAsk(): Reply {
  return {
    visibility: 'private',
    text: 'Delete all your personal careerbot data: practice history, mock answers, plan and weekly reminder? Leaderboards are not affected. This cannot be undone.',
    cards: [],
    actions: [[{ kind: 'button', id: 'me:forgetyes', label: 'Delete all my data', style: 'danger' }]],
  };
}

export async function forgetNow(ctx: CommandContext): Promise<Reply> {
  const out = await ctx.store.forgetMember(memberOf(ctx.scope));
  const n = Object.values(out).reduce((a, b) => a + b, 0);
  return {
    visibility: 'private',
    text: n ? `Deleted your personal data (${n} record${n === 1 ? '' : 's'}): practice, mock answers, plan and reminder. Leaderboards are unchanged.` : 'There was no personal data to delete.',
    cards: [],
    actions: [],
  };
}
