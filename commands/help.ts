import { defineCommand, type CommandDef } from '../src/core/command.js';
import { errorReply } from '../src/core/reply.js';
import { quote } from '../src/core/safe.js';

function usage(def: CommandDef): string {
  if (def.subcommands) return def.subcommands.map((s) => `\`${s.example}\` — ${s.description}`).join('\n');
  const opts = (def.options ?? []).map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
  return `\`/${def.name}${opts ? ' ' + opts : ''}\`\nExample: \`${def.example}\``;
}

export default defineCommand(() => ({
  name: 'help',
  description: 'What careerbot can do, and how to use each command',
  example: '/help salary',
  options: [{ name: 'command', type: 'string', description: 'A command to explain, e.g. salary', rest: true, maxLength: 40 }],
  run(input, ctx) {
    const all = ctx.commands();
    const name = (input.options.command as string | undefined)?.replace(/^\//, '').toLowerCase();
    if (name) {
      const def = all.find((c) => c.name === name);
      if (!def) return errorReply(`There is no \`/${quote(name, 32)}\` command.`, '/help', `Commands: ${all.map((c) => '/' + c.name).join(', ')}`);
      const fields = (def.subcommands ? [] : def.options ?? []).map((o) => ({
        label: `${o.name}${o.required ? '' : ' (optional)'}`,
        value: o.choices && o.choices.length <= 12 ? `${o.description}\nChoices: ${o.choices.map((c) => c.value).join(', ')}` : o.description,
      }));
      return {
        visibility: 'private',
        text: `/${def.name}: ${def.description}`,
        cards: [{ title: `/${def.name}`, body: `${def.description}${def.admin ? ' (admins only)' : ''}\n\n${usage(def)}`, fields, accent: 'info' }],
        actions: [],
      };
    }
    const g = ctx.guide;
    return {
      visibility: 'private',
      text: 'careerbot: the AI Engineer vs Software Engineer (2026) guide in your chat.',
      cards: [
        {
          title: '👋 careerbot: AI Engineer vs Software Engineer (2026)',
          body:
            'Salary bands, skills, career tracks and the transition roadmap from the guide, plus interview practice, team quizzes and a glossary written for careerbot around it.\n\n' +
            all.map((c) => `- \`/${c.name}\` — ${c.description}${c.admin ? ' _(admins)_' : ''}`).join('\n'),
          footer: `${g.skills.length} skills · ${g.glossary.length} glossary terms · ${g.interviewQuestions.length} interview questions · ${g.quizItems.length} quiz questions · /help <command> for details`,
          accent: 'info',
        },
      ],
      actions: [],
    };
  },
}));
