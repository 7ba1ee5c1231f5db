/**
 * The guide's transition roadmap as a personal checklist: items marked done per
 * member, progress per phase, the suggested next item with its /skill card and
 * a practice question, and the weekly nudge settings.
 */
import type { CommandContext } from './command.js';
import type { Guide, Phase, RoadmapItem, Topic } from './guide/model.js';
import type { MemberKey, NudgeSetting, Store } from '../store/store.js';
import { errorReply, type Action, type Card, type Reply } from './reply.js';
import { phaseTitle, phaseWhen } from './format.js';
import { topicLabel } from './labels.js';
import { SHOWN, truncate } from './limits.js';
import { memberOf } from './practice.js';
import { WEEKDAY_ORDER } from './time.js';

/** careerbot's choice of quiz topic for practising each roadmap item (not the guide's). */
const ITEM_TOPIC: Record<string, Topic> = {
  'llm-fundamentals': 'llm-basics',
  'llm-apis': 'llm-basics',
  'prompt-basics': 'prompting',
  'first-app': 'rag',
  'rag-pipelines': 'rag',
  'vector-stores': 'embeddings',
  'agent-frameworks': 'agents',
  'llm-evaluation-basics': 'evaluation',
  'production-deployment': 'llmops',
  'portfolio-projects': 'ai-system-design',
  'interview-prep': 'ai-system-design',
  'job-applications': 'career',
};

export function itemTopic(itemId: string): Topic | undefined {
  return ITEM_TOPIC[itemId];
}

export interface PlanProgress {
  phases: { phase: Phase; done: number; total: number }[];
  done: number;
  total: number;
  /** The first item not done, in roadmap order. */
  next: { phase: Phase; item: RoadmapItem } | null;
  doneIds: Set<string>;
}

export function progress(guide: Guide, done: ReadonlyMap<string, number>): PlanProgress {
  const phases = guide.roadmap.phases.map((phase) => ({ phase, done: phase.items.filter((i) => done.has(i.id)).length, total: phase.items.length }));
  let next: PlanProgress['next'] = null;
  for (const phase of guide.roadmap.phases) {
    const item = phase.items.find((i) => !done.has(i.id));
    if (item) {
      next = { phase, item };
      break;
    }
  }
  const doneIds = new Set(guide.roadmap.phases.flatMap((p) => p.items.map((i) => i.id)).filter((id) => done.has(id)));
  return { phases, done: phases.reduce((a, p) => a + p.done, 0), total: phases.reduce((a, p) => a + p.total, 0), next, doneIds };
}

export async function memberProgress(guide: Guide, store: Store, m: MemberKey): Promise<PlanProgress> {
  return progress(guide, await store.planItems(m));
}

/** The skill whose roadmap steps include this item (the guide links them by id). */
export function skillFor(guide: Guide, itemId: string) {
  return guide.skills.find((s) => s.roadmap_steps.includes(itemId));
}

const WEEKDAY_NAMES: Record<(typeof WEEKDAY_ORDER)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

export function describeNudge(n: NudgeSetting | null): string {
  if (!n || !n.enabled) return n?.disabledReason ? `Weekly reminder: off. ${n.disabledReason}` : 'Weekly reminder: off · `/plan nudge mon 09:00 Europe/Berlin` turns it on';
  return `Weekly reminder: ${WEEKDAY_NAMES[n.weekday]}s at ${n.time} (${n.timezone}) by direct message`;
}

export const nudgeId = (m: MemberKey) => `${m.platform}:${m.workspaceId}:${m.userId}`;

export async function planReply(ctx: CommandContext, lead?: string): Promise<Reply> {
  const m = memberOf(ctx.scope);
  const done = await ctx.store.planItems(m);
  const p = progress(ctx.guide, done);
  const cards: Card[] = p.phases.map(({ phase, done: d, total }) => ({
    title: `🗺️ ${phaseTitle(phase)} (${phaseWhen(phase)}) · ${d}/${total} done`,
    body: phase.items.map((i) => `${p.doneIds.has(i.id) ? '✅' : '⬜'} **${i.name}**: ${i.detail}`).join('\n'),
    footer: 'Roadmap phase and items from the guide',
    accent: d === total ? 'success' : 'ai',
  }));
  const actions: Action[][] = [];
  const row: Action[] = [];
  if (p.next) {
    const skill = skillFor(ctx.guide, p.next.item.id);
    const topic = itemTopic(p.next.item.id);
    const fields = [];
    if (skill) fields.push({ label: 'Matching skill', value: `${skill.name}: /skill ${skill.id}` });
    if (topic) fields.push({ label: 'Practice', value: `A question on ${topicLabel(topic)}` });
    cards.push({
      title: `👉 Next: ${p.next.item.name}`,
      body: `${p.next.item.detail}\n\n${p.done}/${p.total} items done.`,
      fields,
      footer: `${phaseTitle(p.next.phase)} · item from the guide`,
      accent: 'info',
    });
    if (skill) row.push({ kind: 'button', id: `skill:show:${skill.id}`, label: truncate(`Skill: ${skill.name}`, SHOWN.buttonLabel), style: 'secondary' });
    if (topic) row.push({ kind: 'button', id: `practice:start:${topic}`, label: 'A practice question', style: 'primary' });
  } else {
    cards.push({ title: `🎉 All ${p.total} roadmap items done`, body: 'Keep your skills fresh with `/practice` and `/mock`.', accent: 'success' });
  }
  const nudge = await ctx.store.getNudge(nudgeId(m));
  cards.push({ title: '⏰ Weekly reminder', body: describeNudge(nudge), accent: 'neutral' });
  if (nudge?.enabled) row.push({ kind: 'button', id: 'plan:nudgeoff', label: 'Stop these reminders', style: 'danger' });
  const undone = ctx.guide.roadmap.phases.flatMap((ph) => ph.items.filter((i) => !p.doneIds.has(i.id)).map((i) => ({ ph, i })));
  const doneItems = ctx.guide.roadmap.phases.flatMap((ph) => ph.items.filter((i) => p.doneIds.has(i.id)).map((i) => ({ ph, i })));
  if (undone.length)
    actions.push([{ kind: 'select', id: 'plan:done', placeholder: 'Mark an item done', options: undone.slice(0, 25).map(({ ph, i }) => ({ label: truncate(i.name, 75), value: i.id, description: `Phase ${ph.number}` })) }]);
  if (doneItems.length)
    actions.push([{ kind: 'select', id: 'plan:undo', placeholder: 'Mark an item not done', options: doneItems.slice(0, 25).map(({ ph, i }) => ({ label: truncate(i.name, 75), value: i.id, description: `Phase ${ph.number}` })) }]);
  if (row.length) actions.push(row);
  return {
    visibility: 'private',
    lead,
    text: `Your roadmap: ${p.done}/${p.total} items done${p.next ? `; next: ${p.next.item.name}` : ''}.`,
    cards,
    actions,
  };
}

export async function mark(ctx: CommandContext, itemId: string | undefined, done: boolean): Promise<Reply> {
  const found = itemId ? ctx.guide.roadmapItem(itemId) : undefined;
  if (!found) return errorReply('That roadmap item no longer exists.', '/plan');
  const changed = await ctx.store.setPlanItem(memberOf(ctx.scope), found.item.id, done, ctx.clock.now().getTime());
  const what = done ? 'done' : 'not done';
  return planReply(ctx, changed ? `Marked **${found.item.name}** ${what}.` : `**${found.item.name}** was already ${what}.`);
}

export function weekdayWord(t: string): (typeof WEEKDAY_ORDER)[number] | undefined {
  const k = t.trim().toLowerCase().slice(0, 3);
  return /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*$/i.test(t.trim()) ? WEEKDAY_ORDER.find((d) => d === k) : undefined;
}
