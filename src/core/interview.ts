/** Picking interview questions for a member: shared by /interview and /mock. */
import type { CommandContext } from './command.js';
import type { InterviewQuestion } from './guide/model.js';

export interface Pick {
  q: InterviewQuestion;
  /** Set when every question of the pool had been shown to this user: the pool starts over. */
  allSeen?: number;
}

/**
 * A question of the topic and level this user has not been shown yet; when they
 * have seen them all, the one they saw longest ago. What was shown is stored,
 * so a restart or another day does not start the round again.
 */
export async function pickQuestion(ctx: CommandContext, topic?: string, level?: string): Promise<Pick | undefined> {
  const pool = ctx.guide.interviewQuestions.filter((q) => (!topic || q.topic === topic) && (!level || q.level === level));
  if (!pool.length) return undefined;
  const { platform, workspaceId, userId } = ctx.scope;
  const seen = await ctx.store.seenQuestions(platform, workspaceId, userId);
  const unseen = pool.filter((q) => !seen.has(q.id));
  const result: Pick = unseen.length
    ? { q: unseen[Math.floor(ctx.random() * unseen.length)]! }
    : { q: [...pool].sort((a, b) => seen.get(a.id)! - seen.get(b.id)! || a.id.localeCompare(b.id))[0]!, allSeen: pool.length };
  await ctx.store.markSeen(platform, workspaceId, userId, result.q.id, ctx.clock.now().getTime());
  return result;
}

/** The footer suffix that says a question and its outline are the guide's own words (nothing for careerbot's). */
export function outlineSource(q: InterviewQuestion): string {
  return q.source === 'guide' ? ' · question and outline from the guide' : '';
}
