import { defineCommand } from '../src/core/command.js';
import { leaderboard, type Period } from '../src/core/scores.js';
import { mention } from '../src/core/quiz.js';
import { quote } from '../src/core/safe.js';

const PERIOD_TEXT: Record<Period, string> = { week: 'last 7 days', month: 'last 30 days', all: 'all time' };
const MEDALS = ['🥇', '🥈', '🥉'];

export default defineCommand(() => ({
  name: 'leaderboard',
  description: 'Quiz scores and streaks in this server or workspace; opt out or back in',
  example: '/leaderboard week',
  shareable: true,
  options: [
    {
      name: 'period',
      type: 'string',
      description: 'week, month or all (default: week)',
      choices: [
        { name: 'Last 7 days', value: 'week', aliases: ['weekly', '7d'] },
        { name: 'Last 30 days', value: 'month', aliases: ['monthly', '30d'] },
        { name: 'All time', value: 'all', aliases: ['alltime', 'ever', 'all-time'] },
      ],
    },
    {
      name: 'me',
      type: 'string',
      description: 'optout to hide yourself from the board, optin to show again',
      choices: [
        { name: 'Hide me from the board', value: 'optout', aliases: ['opt-out', 'hide', 'out'] },
        { name: 'Show me on the board', value: 'optin', aliases: ['opt-in', 'show', 'in'] },
      ],
    },
  ],
  async run(input, ctx) {
    const { scope, store } = ctx;
    if (input.options.me) {
      const out = input.options.me === 'optout';
      await store.setOptOut(scope.platform, scope.workspaceId, scope.userId, out);
      return {
        visibility: 'private',
        text: out
          ? 'Done: you are hidden from the leaderboard here. Your answers still count for your own streak. `/leaderboard me:optin` brings you back.'
          : 'Done: you are back on the leaderboard here.',
        cards: [],
        actions: [],
      };
    }
    const period = (input.options.period as Period | undefined) ?? 'week';
    const { rows, hidden } = await leaderboard(store, scope.platform, scope.workspaceId, period, ctx.clock.now().getTime());
    const top = rows.slice(0, 10);
    // Posted in the channel, a mention would notify every player listed: show names there instead.
    const posted = input.options.public === true;
    const who = (userId: string, userName: string) => (posted && scope.platform !== 'console' ? `**${quote(userName, 40)}**` : mention(scope.platform, userId, userName));
    const body = top.length
      ? top
          .map((r, i) => {
            const rank = (r.correct > 0 ? MEDALS[i] : undefined) ?? `**${i + 1}.**`;
            const streak = r.streak > 1 ? ` · 🔥 ${r.streak}-day streak` : '';
            return `${rank} ${who(r.userId, r.userName)} — **${r.correct}** right of ${r.answered}${streak}`;
          })
          .join('\n')
      : 'No quiz answers yet in this period. Start one with `/quiz`!';
    const me = rows.findIndex((r) => r.userId === scope.userId);
    const footerParts = [`${PERIOD_TEXT[period]}`];
    if (me >= 10) footerParts.push(`you are #${me + 1}`);
    if (hidden) footerParts.push(`${hidden} player${hidden === 1 ? '' : 's'} opted out`);
    footerParts.push('streak = days in a row with a right answer');
    return {
      visibility: 'private',
      text: `Quiz leaderboard (${PERIOD_TEXT[period]})`,
      cards: [{ title: `🏆 Quiz leaderboard · ${PERIOD_TEXT[period]}`, body, footer: footerParts.join(' · '), accent: 'success' }],
      actions: [],
    };
  },
}));
