import { defineCommand } from '../src/core/command.js';
import type { Band, Guide, LevelId, RoleId } from '../src/core/guide/model.js';
import { usd, usdRange } from '../src/core/guide/model.js';
import type { Card } from '../src/core/reply.js';

function signed(n: number): string {
  return n >= 0 ? `+${usd(n)}` : `−${usd(-n)}`;
}

/** How much more (or less) an AI band's base pays than the SWE band at the same level. */
function premiumLine(ai: Band, swe: Band): string {
  const lo = ai.base.min - swe.base.min;
  const hi = ai.base.max - swe.base.max;
  return lo === hi ? `${signed(lo)} base` : `${signed(lo)} to ${signed(hi)} base (bottom and top of the bands)`;
}

function bandValue(b: Band): string {
  return `Base **${usdRange(b.base)}**\nTotal comp **${usdRange(b.total_comp)}**\n${b.years.min}–${b.years.max} years`;
}

function footer(guide: Guide): string {
  const m = guide.salaries.market;
  return `${m.basis} · ${m.year}, ${m.currency} · total comp = ${m.total_comp_includes.join(' + ')} · ${m.note}`;
}

/** What a level choice means: a guide level, maybe asked as Principal or by an SWE level code. */
interface LevelAsked {
  level: LevelId;
  /** "principal": the SWE ladder's step above Staff, which has no band in the guide. */
  principal?: boolean;
  /** "L5/E5": a code the guide gives the SWE row only. */
  code?: string;
}

function asked(guide: Guide, value: string): LevelAsked {
  if (value === 'principal') return { level: 'staff', principal: true };
  const coded = guide.salaries.bands.find((b) => b.role === 'swe' && b.level_codes[0]?.toLowerCase() === value);
  if (coded) return { level: coded.level, code: coded.level_codes.join('/') };
  return { level: value as LevelId };
}

/** Notes that keep the answer true to the guide, for the roles shown. */
function notes(guide: Guide, a: LevelAsked, roles: RoleId[]): Card['fields'] {
  const out: NonNullable<Card['fields']> = [];
  if (a.principal && roles.includes('swe')) {
    const ladder = guide.tracks.find((t) => t.id === 'swe-ic')?.steps ?? [];
    out.push({
      label: 'Principal is not Staff',
      value: `The guide gives no Principal SWE band: on its IC ladder (${ladder.join(' → ')}) Principal SWE is the step above Staff SWE, and its SWE table stops at ${guide.band('swe', 'staff').title}. Shown here: that nearest band.${roles.includes('ai') ? ` The AI row, ${guide.band('ai', 'staff').title}, covers both.` : ''}`,
    });
  }
  if (a.code && roles.includes('ai')) {
    out.push({
      label: 'About level codes',
      value: `${a.code} is the guide’s code for ${guide.band('swe', a.level).title.replace(/\s*\(.*\)$/, '')}; its AI rows have no codes, so the AI figures are for the same level, ${guide.band('ai', a.level).title}.`,
    });
  }
  return out;
}

export default defineCommand((guide) => {
  const levelChoices = [
    // L/E codes get choices of their own (below), so /salary can say they are the SWE rows' codes.
    ...guide.salaries.levels.map((l) => ({ name: l.name, value: l.id as string, aliases: l.aliases.filter((a) => !/^[le]\d$/i.test(a)) })),
    { name: 'Principal (SWE: the step above Staff)', value: 'principal', aliases: ['principal engineer'] },
    ...guide.salaries.bands
      .filter((b) => b.role === 'swe' && b.level_codes.length)
      .map((b) => ({ name: `${b.level_codes.join('/')} (${b.title.replace(/\s*\(.*\)$/, '')})`, value: b.level_codes[0]!.toLowerCase(), aliases: [...b.level_codes, b.level_codes.join('/')] })),
  ];
  const roleChoices = guide.roles.map((r) => ({ name: r.name, value: r.id, aliases: [r.short_name, ...r.aliases] }));
  const p = guide.salaries.premium;
  const premiumGuide = `The guide puts the AI premium at **${usd(p.base.min)}–${usd(p.base.max)}** in base salary at the same company.`;

  return {
    name: 'salary',
    description: 'Salary bands by role and level (US, 2026), with the AI Engineer premium',
    example: '/salary ai senior',
    shareable: true,
    options: [
      { name: 'role', type: 'string', description: 'swe (Software Engineer) or ai (AI Engineer); leave out to compare both', choices: roleChoices },
      { name: 'level', type: 'string', description: 'junior, mid, senior, staff or principal (or the SWE codes L3–L6, E3–E6)', choices: levelChoices },
    ],
    run(input, ctx) {
      const g = ctx.guide;
      const role = input.options.role as RoleId | undefined;
      const ask = input.options.level === undefined ? undefined : asked(g, String(input.options.level));
      const level = ask?.level;
      const levels = g.salaries.levels;
      const roleName = (r: RoleId) => g.role(r)!.name;

      if (role && level) {
        const b = g.band(role, level);
        const fields: Card['fields'] = [
          { label: 'Base salary', value: usdRange(b.base), inline: true },
          { label: 'Total compensation', value: usdRange(b.total_comp), inline: true },
          { label: 'Experience', value: `${b.years.min}–${b.years.max} years`, inline: true },
        ];
        const swe = g.band('swe', level);
        const ai = g.band('ai', level);
        fields.push({
          label: role === 'ai' ? `Premium over ${swe.title}` : `${ai.title} earns`,
          value: `${premiumLine(ai, swe)}. ${premiumGuide}`,
        });
        fields.push(...(notes(g, ask!, [role]) ?? []));
        return {
          visibility: 'private',
          text: `${b.title}: base ${usdRange(b.base)}, total comp ${usdRange(b.total_comp)}.`,
          cards: [{ title: `💰 ${b.title}`, fields, footer: footer(g), accent: role }],
          actions: [],
        };
      }

      if (level) {
        const swe = g.band('swe', level);
        const ai = g.band('ai', level);
        return {
          visibility: 'private',
          text: `${levels.find((l) => l.id === level)!.name}: SWE base ${usdRange(swe.base)} vs AI Engineer base ${usdRange(ai.base)}.`,
          cards: [
            {
              title: `💰 ${levels.find((l) => l.id === level)!.name}: Software Engineer vs AI Engineer`,
              fields: [
                { label: swe.title, value: bandValue(swe), inline: true },
                { label: ai.title, value: bandValue(ai), inline: true },
                { label: 'AI premium at this level', value: `${premiumLine(ai, swe)}. ${premiumGuide}` },
                ...(notes(g, ask!, ['swe', 'ai']) ?? []),
              ],
              footer: footer(g),
              accent: 'ai',
            },
          ],
          actions: [],
        };
      }

      const roles: RoleId[] = role ? [role] : ['swe', 'ai'];
      const fields: Card['fields'] = levels.map((l) => ({
        label: l.name,
        value: roles
          .map((r) => {
            const b = g.band(r, l.id);
            return `${role ? '' : `**${r === 'ai' ? 'AI' : 'SWE'}** `}base ${usdRange(b.base)} · TC ${usdRange(b.total_comp)} · ${b.years.min}–${b.years.max} yrs`;
          })
          .join('\n'),
      }));
      fields.push({
        label: 'Why AI pays more',
        value: `${premiumGuide}\n${p.drivers.map((d) => `- **${d.name}**: ${d.detail}`).join('\n')}`,
      });
      return {
        visibility: 'private',
        text: role ? `${roleName(role)} salary ladder.` : 'Salary bands for both roles, junior to staff.',
        cards: [
          {
            title: role ? `💰 ${roleName(role)} salary ladder` : '💰 Salary bands: Software Engineer vs AI Engineer',
            body: role ? undefined : 'Base and total compensation (TC) per level. Add a role and a level for one band, e.g. `/salary ai senior`.',
            fields,
            footer: footer(g),
            accent: role ?? 'neutral',
          },
        ],
        actions: [],
      };
    },
  };
});
