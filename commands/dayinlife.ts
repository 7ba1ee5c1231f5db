import { defineCommand } from '../src/core/command.js';
import type { Card } from '../src/core/reply.js';
import type { Guide, RoleId } from '../src/core/guide/model.js';

function dayCard(g: Guide, role: RoleId): Card {
  const r = g.role(role)!;
  const day = g.days.find((d) => d.role === role)!;
  return {
    title: `🕘 A day as ${/^[AEIOU]/.test(r.name) ? 'an' : 'a'} ${r.name}`,
    fields: day.entries.map((e) => ({ label: `${e.time} · ${e.title}`, value: e.detail })),
    footer: day.summary,
    accent: role,
  };
}

export default defineCommand((guide) => ({
  name: 'dayinlife',
  description: 'A day in the life of a Software Engineer and an AI Engineer, hour by hour',
  example: '/dayinlife ai',
  shareable: true,
  options: [
    {
      name: 'role',
      type: 'string',
      description: 'swe or ai; leave out for both',
      choices: guide.roles.map((r) => ({ name: r.name, value: r.id, aliases: [r.short_name, ...r.aliases] })),
    },
  ],
  run(input, ctx) {
    const role = input.options.role as RoleId | undefined;
    const roles: RoleId[] = role ? [role] : ['swe', 'ai'];
    return {
      visibility: 'private',
      text: role ? `A day in the life of ${ctx.guide.role(role)!.name}` : 'A day in the life: Software Engineer and AI Engineer',
      cards: roles.map((r) => dayCard(ctx.guide, r)),
      actions: [],
    };
  },
}));
