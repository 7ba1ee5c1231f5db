/** The "Report this question" button, shared by interview questions and quiz items. */
import type { ActionHandler } from './command.js';
import { errorReply } from './reply.js';

export function reportAction(itemKind: 'quiz' | 'interview'): ActionHandler {
  return {
    verb: 'report',
    async run([id], ctx) {
      const exists = id && (itemKind === 'quiz' ? ctx.guide.quizItem(id) : ctx.guide.question(id));
      if (!id || !exists) return errorReply('That question is no longer in the bank.');
      const stored = await ctx.store.addReport({
        platform: ctx.scope.platform,
        workspaceId: ctx.scope.workspaceId,
        userId: ctx.scope.userId,
        itemKind,
        itemId: id,
        reason: null,
        createdAt: ctx.clock.now().getTime(),
      });
      return {
        visibility: 'private',
        text: stored
          ? `Thanks, your report is stored. The admins here see it with /reports and mark it resolved once it is dealt with; the maintainers of the question bank review reported questions too. You will not get a separate message.`
          : 'You already reported this question; thanks, it is on the admins’ /reports list.',
        cards: [],
        actions: [],
      };
    },
  };
}
