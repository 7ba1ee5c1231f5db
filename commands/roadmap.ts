import { defineCommand } from '../src/core/command.js';
import type { Guide, Phase } from '../src/core/guide/model.js';
import { bullets, phaseTitle } from '../src/core/format.js';
import type { Card } from '../src/core/reply.js';

function months(p: Phase): string {
  return p.months.from === p.months.to ? `Month ${p.months.from}` : `Months ${p.months.from}–${p.months.to}`;
}

function phaseCard(g: Guide, p: Phase): Card {
  const fields: Card['fields'] = p.items.map((it) => ({ label: it.name, value: it.detail, inline: true }));
  for (const step of g.roadmap.plan.filter((s) => s.phase === p.id)) fields.push({ label: `📆 ${step.when}`, value: step.summary });
  if (p.id === g.roadmap.phases[1]?.id) fields.push({ label: 'Before you move on', value: g.roadmap.evaluation_note });
  if (p.number === g.roadmap.phases.length) {
    fields.push({ label: 'A portfolio project should have', value: bullets(g.roadmap.portfolio_criteria) });
    fields.push({ label: 'Job titles to look for', value: `${g.roadmap.target_titles.join(', ')}\n${g.roadmap.title_note}` });
    fields.push({ label: 'In interviews, emphasize', value: bullets(g.roadmap.interview_emphasis) });
  }
  const footer = p.goal_by === 'careerbot' ? 'Goal: careerbot’s summary of this phase (the guide states a goal for Phase 1 only); items and months are the guide’s' : undefined;
  return { title: `🗺️ ${phaseTitle(p)} · ${months(p)}`, body: p.goal, fields, footer, accent: 'ai' };
}

export default defineCommand((guide) => ({
  name: 'roadmap',
  description: 'The SWE → AI Engineer transition roadmap: phases, months, what to learn',
  example: '/roadmap 2',
  shareable: true,
  options: [
    {
      name: 'phase',
      type: 'string',
      description: 'A phase: 1, 2 or 3 (or its name); leave out for the overview',
      choices: guide.roadmap.phases.map((p) => ({ name: phaseTitle(p), value: p.id, aliases: [String(p.number), `phase ${p.number}`, p.name, `phase${p.number}`, phaseTitle(p), ...p.aliases] })),
    },
  ],
  run(input, ctx) {
    const g = ctx.guide;
    const id = input.options.phase as string | undefined;
    const phase = id ? g.roadmap.phases.find((p) => p.id === id) : undefined;
    if (phase)
      return { visibility: 'private', text: `Roadmap phase ${phase.number}: ${phase.name}`, cards: [phaseCard(g, phase)], actions: [], share: `roadmap:phase:${phase.id}` };
    const d = g.roadmap.duration_months;
    return {
      visibility: 'private',
      text: `The SWE → AI Engineer roadmap: ${d.min}–${d.max} months in ${g.roadmap.phases.length} phases.`,
      cards: [
        {
          title: `🗺️ SWE → AI Engineer: ${d.min}–${d.max} months, ${g.roadmap.phases.length} phases`,
          body: g.roadmap.summary,
          fields: g.roadmap.phases.map((p) => ({
            label: `${phaseTitle(p)} (${months(p).toLowerCase()})`,
            value: p.items.map((i) => `- **${i.name}**: ${i.detail}`).join('\n'),
          })),
          footer: 'Details of a phase: /roadmap 1, /roadmap 2, /roadmap 3',
          accent: 'ai',
        },
      ],
      actions: [g.roadmap.phases.map((p) => ({ kind: 'button' as const, id: `roadmap:phase:${p.id}`, label: phaseTitle(p), style: 'secondary' as const }))],
    };
  },
  actions: [
    {
      verb: 'phase',
      run([id], ctx) {
        const p = ctx.guide.roadmap.phases.find((x) => x.id === id);
        if (!p) return { visibility: 'private', text: 'That phase no longer exists; see /roadmap.', cards: [], actions: [] };
        return { visibility: 'private', text: `Roadmap phase ${p.number}: ${p.name}`, cards: [phaseCard(ctx.guide, p)], actions: [], share: `roadmap:phase:${p.id}` };
      },
    },
  ],
}));
