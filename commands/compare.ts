import { defineCommand } from '../src/core/command.js';
import { bullets } from '../src/core/format.js';
import type { Card } from '../src/core/reply.js';

export default defineCommand(() => ({
  name: 'compare',
  description: 'Software Engineer vs AI Engineer side by side: work, skills, when to choose which',
  example: '/compare skills',
  shareable: true,
  options: [
    {
      name: 'aspect',
      type: 'string',
      description: 'overview (default), work (responsibilities) or skills',
      choices: [
        { name: 'Overview', value: 'overview', aliases: ['summary', 'vs'] },
        { name: 'Day-to-day work', value: 'work', aliases: ['responsibilities', 'duties'] },
        { name: 'Skills', value: 'skills', aliases: ['skill'] },
      ],
    },
  ],
  run(input, ctx) {
    const g = ctx.guide;
    const [swe, ai] = [g.role('swe')!, g.role('ai')!];
    const aspect = (input.options.aspect as string | undefined) ?? 'overview';
    let card: Card;
    if (aspect === 'work') {
      card = {
        title: '⚖️ What each role does',
        body: g.contrast,
        fields: [
          { label: `${swe.name}`, value: bullets(swe.responsibilities), inline: true },
          { label: `${ai.name}`, value: bullets(ai.responsibilities), inline: true },
          { label: 'Works on', value: `**SWE:** ${swe.works_on.join(', ')}\n**AI:** ${ai.works_on.join(', ')}` },
        ],
        accent: 'neutral',
      };
    } else if (aspect === 'skills') {
      const by = (c: string) => g.skills.filter((s) => s.category === c);
      card = {
        title: '⚖️ Skills: what is shared and what differs',
        body: g.sharedFoundation,
        fields: [
          { label: 'Shared foundation', value: by('shared').map((s) => `- ${s.name}${s.ai_adds ? ` (AI adds ${s.ai_adds})` : ''}`).join('\n') },
          { label: 'Central to SWE, less so for AI', value: bullets(by('swe-centric').map((s) => s.name)), inline: true },
          { label: 'AI Engineer differentiators', value: bullets(by('ai-differentiator').map((s) => s.name)), inline: true },
        ],
        footer: 'Details of any skill: /skill <name>',
        accent: 'neutral',
      };
    } else {
      card = {
        title: '⚖️ Software Engineer vs AI Engineer',
        body: `${g.contrast}`,
        fields: [
          { label: `${swe.name}: ${swe.tagline}`, value: bullets(swe.comparison_points), inline: true },
          { label: `${ai.name}: ${ai.tagline}`, value: bullets(ai.comparison_points), inline: true },
          { label: `Choose a ${swe.name} when…`, value: swe.choose_when },
          { label: `Choose an ${ai.name} when…`, value: ai.choose_when },
          { label: 'Verdict', value: g.verdict },
        ],
        footer: 'More: /compare work · /compare skills · /salary · /dayinlife',
        accent: 'neutral',
      };
    }
    return { visibility: 'private', text: 'Software Engineer vs AI Engineer', cards: [card], actions: [] };
  },
}));
