import { defineCommand } from '../src/core/command.js';
import type { Guide, Track } from '../src/core/guide/model.js';
import type { Card } from '../src/core/reply.js';

function trackCard(g: Guide, t: Track): Card {
  const fields: Card['fields'] = [];
  if (t.steps.length) fields.push({ label: 'The ladder', value: t.steps.join(' → ') });
  if (t.leads_to.length) fields.push({ label: 'Where it leads', value: t.leads_to.join(', ') });
  if (t.requirements) fields.push({ label: 'What it asks of you', value: t.requirements });
  fields.push({ label: 'Context', value: t.role === 'swe' ? g.tracksData.ladder_note : g.tracksData.ai_ladder_note });
  return { title: `🧭 ${t.name}`, body: t.summary, fields, footer: t.role === 'swe' ? 'Software Engineer career' : 'AI Engineer career', accent: t.role };
}

export default defineCommand((guide) => ({
  name: 'career',
  description: 'Career tracks: the SWE IC and management ladders, AI tracks and specializations',
  example: '/career product-ai',
  shareable: true,
  options: [
    {
      name: 'track',
      type: 'string',
      description: 'ic, em, product-ai, research-adjacent, ai-infrastructure; leave out for all',
      choices: guide.tracks.map((t) => ({ name: t.name, value: t.id, aliases: [...t.aliases] })),
    },
  ],
  run(input, ctx) {
    const g = ctx.guide;
    const id = input.options.track as string | undefined;
    const t = id ? g.tracks.find((x) => x.id === id) : undefined;
    if (t) return { visibility: 'private', text: `${t.name} track`, cards: [trackCard(g, t)], actions: [], share: `career:track:${t.id}` };
    const ladders = g.tracks.filter((x) => x.kind === 'ladder');
    const tracks = g.tracks.filter((x) => x.kind === 'track');
    return {
      visibility: 'private',
      text: 'Career tracks for Software and AI Engineers.',
      cards: [
        {
          title: '🧭 Software Engineer ladders',
          body: g.tracksData.ladder_note,
          fields: ladders.map((l) => ({ label: l.name, value: l.steps.join(' → ') })),
          accent: 'swe',
        },
        {
          title: '🧭 AI Engineer tracks',
          body: g.tracksData.ai_ladder_note,
          fields: [
            ...tracks.map((x) => ({ label: x.name, value: x.leads_to.length ? `${x.summary}\n→ ${x.leads_to.join(', ')}` : x.summary })),
            { label: 'Fast-growing specializations', value: g.tracksData.specialisations.map((s) => `- **${s.name}**: ${s.focus}`).join('\n') },
          ],
          accent: 'ai',
        },
      ],
      actions: [g.tracks.slice(0, 5).map((x) => ({ kind: 'button' as const, id: `career:track:${x.id}`, label: x.name, style: 'secondary' as const }))],
    };
  },
  actions: [
    {
      verb: 'track',
      run([id], ctx) {
        const t = ctx.guide.tracks.find((x) => x.id === id);
        if (!t) return { visibility: 'private', text: 'That track no longer exists; see /career.', cards: [], actions: [] };
        return { visibility: 'private', text: `${t.name} track`, cards: [trackCard(ctx.guide, t)], actions: [], share: `career:track:${t.id}` };
      },
    },
  ],
}));
