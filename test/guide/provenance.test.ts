/**
 * Issue 10, item 16: "From the guide" appears only on what the guide says. What
 * careerbot wrote around the guide's content is labeled as ours. What the guide
 * says is transcribed here from ../shared/guide/ai-engineer-vs-software-engineer-2026.txt:
 * - its four interview questions give a strong answer only; no pitfalls, no follow-ups;
 * - only Q1 says "What the interviewer is testing: RAG architecture knowledge, system
 *   design thinking, awareness of production concerns.";
 * - the only phase goal is Phase 1's ("Goal: Understand the AI engineering landscape and
 *   build your first LLM-powered application.");
 * - on research roles: "Avoid roles that are primarily research or data science unless
 *   you want to invest in graduate-level ML theory."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import type { Reply } from '../../src/core/reply.js';

let tb: TestBot;
beforeAll(async () => {
  tb = await makeTestBot();
});
afterAll(async () => {
  await tb.cleanup();
});
const text = (r: Reply) => [r.text, r.lead ?? '', ...r.cards.flatMap((c) => [c.title ?? '', c.body ?? '', c.footer ?? '', ...(c.fields ?? []).flatMap((f) => `${f.label}\n${f.value}`)])].join('\n');

describe('the guide’s four interview questions', () => {
  const guideQs = () => tb.bot.guide.interviewQuestions.filter((q) => q.source === 'guide');

  it('the guide has no pitfalls or follow-ups for them: ours, and labeled so', () => {
    for (const q of guideQs()) {
      expect(q.ours, q.id).toEqual(expect.arrayContaining(['pitfalls', 'follow_ups']));
    }
  });

  it('only Q1 has "What the interviewer is testing" in the guide; the other three are ours', () => {
    const byId = new Map(guideQs().map((q) => [q.id, q]));
    expect(byId.get('guide-doc-qa-10k')!.ours).not.toContain('tests');
    for (const id of ['guide-agent-vs-rag', 'guide-evaluate-llm-system', 'guide-swe-joining-ai-team']) expect(byId.get(id)!.ours, id).toContain('tests');
  });

  it('the question card and the strong answer say which parts are the guide’s', async () => {
    const me = scope();
    const card = text(await tb.bot.runAction('interview:show:guide-agent-vs-rag:any:any', me));
    expect(card).toMatch(/What the interviewer is testing \(careerbot’s note\)/);
    expect(card).toMatch(/Question from the guide/);
    const q1 = text(await tb.bot.runAction('interview:show:guide-doc-qa-10k:any:any', me));
    expect(q1).not.toMatch(/careerbot’s note/);
    const answer = text(await tb.bot.runAction('interview:reveal:guide-agent-vs-rag', me));
    expect(answer).toMatch(/Common pitfalls \(careerbot’s notes\)/);
    expect(answer).toMatch(/Likely follow-ups \(careerbot’s notes\)/);
    expect(answer).toMatch(/outline from the guide/i);
    expect(answer).not.toMatch(/· from the guide$/m);
  });
});

describe('skills, roadmap and quiz explanations', () => {
  it('reasoning we added to skills is a separate, labeled note', async () => {
    const g = tb.bot.guide;
    for (const id of ['python', 'algorithms-data-structures']) {
      const s = g.skill(id)!;
      expect(s.note, id).toBeTruthy();
      expect(s.why_it_matters, id).not.toMatch(/since|because/);
      expect(text(await tb.bot.runText(`/skill ${id}`, scope())), id).toMatch(/careerbot’s note/);
    }
  });

  it('the guide states a goal for Phase 1 only; Phases 2 and 3 show theirs as our summary', async () => {
    const phases = tb.bot.guide.roadmap.phases;
    expect(phases.map((p) => p.goal_by)).toEqual(['guide', 'careerbot', 'careerbot']);
    expect(text(await tb.bot.runText('/roadmap 1', scope()))).not.toMatch(/careerbot’s summary/);
    for (const n of [2, 3]) expect(text(await tb.bot.runText(`/roadmap ${n}`, scope()))).toMatch(/Goal: careerbot’s summary/);
  });

  it('the explanation of q-career-research-roles-advice separates the guide’s advice from our reasoning', () => {
    const q = tb.bot.guide.quizItem('q-career-research-roles-advice')!;
    expect(q.explanation).toMatch(/Our note:/);
    const guidePart = q.explanation.split('Our note:')[0]!;
    expect(guidePart).not.toMatch(/because|foundation/);
    expect(guidePart).toMatch(/graduate-level ML theory/);
  });
});

describe('/help', () => {
  it('does not call the project-written banks "from the guide"', async () => {
    const help = text(await tb.bot.runText('/help', scope()));
    expect(help).not.toMatch(/interview practice and team quizzes, from the guide/);
    expect(help).toMatch(/written for careerbot/);
  });
});
