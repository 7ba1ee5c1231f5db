/** Small formatting helpers shared by commands (platform-free markdown subset). */
import type { Entry, Guide, Skill, Term } from './guide/model.js';
import type { Requirement } from './guide/schema.js';
import type { Card, Reply, Action } from './reply.js';
import { truncate, SHOWN } from './limits.js';

export const REQUIREMENT_TEXT: Record<Requirement, string> = {
  required: 'Required',
  interviews: 'Required for interviews',
  central: 'Central to the role',
  peripheral: 'Less prominent day to day',
  differentiator: 'Key differentiator',
  'not-required': 'Not required (a plus)',
};

export const CATEGORY_TEXT: Record<Skill['category'], string> = {
  shared: 'Shared foundation (both roles)',
  'swe-centric': 'Software-engineering-centric',
  'ai-differentiator': 'AI Engineer differentiator',
};

export function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}

export function roleNeeds(roles: readonly string[]): string {
  const s = new Set(roles);
  if (s.has('swe') && s.has('ai')) return 'Both roles';
  return s.has('ai') ? 'AI Engineers' : 'Software Engineers';
}

/** How a roadmap phase is named everywhere: "Phase 2: Core Patterns". */
export function phaseTitle(p: { number: number; name: string }): string {
  return `Phase ${p.number}: ${p.name}`;
}

export function roadmapLine(guide: Guide, itemId: string): string | null {
  const hit = guide.roadmapItem(itemId);
  if (!hit) return null;
  return `${hit.item.name} (${phaseTitle(hit.phase)}, ${phaseWhen(hit.phase)})`;
}

/** When a phase falls in the guide's plan: "month 1", "months 2–3". */
export function phaseWhen(p: { months: { from: number; to: number } }): string {
  const m = p.months;
  return m.from === m.to ? `month ${m.from}` : `months ${m.from}–${m.to}`;
}

export function entryName(guide: Guide, id: string): string {
  return guide.entry(id)?.name ?? id;
}

function relatedButtons(guide: Guide, ids: readonly string[]): Action[] {
  return ids
    .filter((id) => guide.entry(id))
    .slice(0, 5)
    .map((id) => ({ kind: 'button' as const, id: `skill:show:${id}`, label: truncate(entryName(guide, id), SHOWN.buttonLabel), style: 'secondary' as const }));
}

export function skillCard(guide: Guide, s: Skill): Reply {
  const fields: Card['fields'] = [
    { label: 'Why it matters', value: s.why_it_matters },
    { label: 'Software Engineer', value: REQUIREMENT_TEXT[s.requirement.swe] + (s.category === 'swe-centric' && s.role_note ? ` — ${s.role_note}` : ''), inline: true },
    {
      label: 'AI Engineer',
      value: REQUIREMENT_TEXT[s.requirement.ai] + (s.ai_adds ? ` (plus ${s.ai_adds})` : '') + (s.category !== 'swe-centric' && s.role_note ? ` — ${s.role_note}` : ''),
      inline: true,
    },
  ];
  if (s.note) fields.push({ label: 'careerbot’s note', value: s.note });
  if (s.tools.length) fields.push({ label: 'Tools', value: s.tools.join(', ') });
  const road = s.roadmap_steps.map((r) => roadmapLine(guide, r)).filter((x): x is string => !!x);
  fields.push({ label: 'On the transition roadmap', value: road.length ? road.join('\n') : 'Not a separate roadmap step; it builds on what you already do.' });
  if (s.related.length) fields.push({ label: 'Related', value: s.related.map((r) => entryName(guide, r)).join(', ') });
  const related = relatedButtons(guide, s.related);
  return {
    visibility: 'private',
    text: `${s.name}: ${truncate(s.summary, 200)}`,
    cards: [{ title: s.name, body: s.summary, fields, footer: `Skill · ${CATEGORY_TEXT[s.category]}`, accent: s.category === 'ai-differentiator' ? 'ai' : s.category === 'swe-centric' ? 'swe' : 'info' }],
    actions: related.length ? [related] : [],
    share: `skill:show:${s.id}`,
  };
}

export function termCard(guide: Guide, t: Term): Reply {
  const fields: Card['fields'] = [
    { label: 'Why it matters', value: t.why_it_matters },
    { label: 'Example', value: t.example },
    { label: 'Who needs it', value: roleNeeds(t.roles), inline: true },
  ];
  if (t.related.length) fields.push({ label: 'Related', value: t.related.map((r) => entryName(guide, r)).join(', '), inline: true });
  const related = relatedButtons(guide, t.related);
  return {
    visibility: 'private',
    text: `${t.term}: ${truncate(t.definition, 200)}`,
    cards: [{ title: t.term, body: t.definition, fields, footer: 'Glossary', accent: 'info' }],
    actions: related.length ? [related] : [],
    share: `skill:show:${t.id}`,
  };
}

export function entryCard(guide: Guide, e: Entry): Reply {
  return e.kind === 'skill' ? skillCard(guide, e.skill) : termCard(guide, e.term);
}
