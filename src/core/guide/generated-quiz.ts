/**
 * Quiz items built by code from the typed guide, so they stay true when the
 * data changes: salary bands, years per level, the premium, which skills each
 * role requires, roadmap phases, where tracks lead, ladder steps.
 */
import type * as S from './schema.js';
import { usd, usdRange, type QuizItem } from './model.js';
import { truncate } from '../limits.js';

interface Parts {
  roles: S.RolesData['roles'];
  salaries: S.SalariesData;
  skills: S.SkillsData['skills'];
  roadmap: S.RoadmapData;
  tracks: S.TracksData['tracks'];
  tracksData: S.TracksData;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Correct answer + up to 3 distinct distractors, correct placed at a position derived from the id. */
function item(
  id: string,
  difficulty: QuizItem['difficulty'],
  question: string,
  correct: string,
  distractors: string[],
  explanation: string,
): QuizItem | null {
  const wrong = [...new Set(distractors.filter((d) => d !== correct))].slice(0, 3);
  if (wrong.length < 2) return null;
  const options = wrong.map((text) => ({ text, correct: false }));
  options.splice(hash(id) % (wrong.length + 1), 0, { text: correct, correct: true });
  return { id, topic: 'career', difficulty, question, options, explanation: truncate(explanation, 700), generated: true };
}

const REQUIREMENT_LABEL: Record<string, string> = {
  'required/required': 'Required in both roles',
  'interviews/interviews': 'Required for interviews in both roles',
  'central/peripheral': 'Central to SWE work, less prominent for AI Engineers',
  'not-required/differentiator': 'An AI-specific differentiator that SWEs add',
};

function requirementLabel(r: { swe: string; ai: string }): string {
  return REQUIREMENT_LABEL[`${r.swe}/${r.ai}`] ?? `SWE: ${r.swe.replace(/-/g, ' ')}; AI Engineer: ${r.ai.replace(/-/g, ' ')}`;
}

export function generateQuizItems(p: Parts): QuizItem[] {
  const out: (QuizItem | null)[] = [];
  const { salaries: s } = p;
  const roleName = (id: string) => p.roles.find((r) => r.id === id)?.name ?? id;
  const market = `${s.market.region} market, ${s.market.year}`;

  // Salary bands: base and total compensation, per role and level.
  for (const b of s.bands) {
    const others = s.bands.filter((o) => o !== b);
    const near = [...others].sort(
      (x, y) => Math.abs(x.base.min - b.base.min) - Math.abs(y.base.min - b.base.min),
    );
    out.push(
      item(
        `gen-salary-base-${b.role}-${b.level}`,
        'medium',
        `What base salary range does the guide give for ${withArticle(b.title)} (${market})?`,
        usdRange(b.base),
        near.map((o) => usdRange(o.base)),
        `${b.title}: base ${usdRange(b.base)}, total compensation ${usdRange(b.total_comp)}, with ${b.years.min}–${b.years.max} years of experience. Figures are broad market medians.`,
      ),
    );
    const nearTc = [...others].sort(
      (x, y) => Math.abs(x.total_comp.min - b.total_comp.min) - Math.abs(y.total_comp.min - b.total_comp.min),
    );
    out.push(
      item(
        `gen-salary-tc-${b.role}-${b.level}`,
        'hard',
        `What total-compensation range (base + equity + bonus) does the guide give for ${withArticle(b.title)}?`,
        usdRange(b.total_comp),
        nearTc.map((o) => usdRange(o.total_comp)),
        `${b.title}: total compensation ${usdRange(b.total_comp)} on a base of ${usdRange(b.base)}. Total compensation counts ${s.market.total_comp_includes.join(', ')}.`,
      ),
    );
  }

  // Years of experience per level.
  for (const l of s.levels) {
    const band = s.bands.find((b) => b.level === l.id);
    if (!band) continue;
    const yrs = (b: { years: { min: number; max: number } }) => `${b.years.min}–${b.years.max} years`;
    out.push(
      item(
        `gen-years-${l.id}`,
        'easy',
        `How many years of experience does the guide associate with the ${l.name} level?`,
        yrs(band),
        s.levels.map((o) => s.bands.find((b) => b.level === o.id)).filter((b) => b !== undefined).map(yrs),
        `The guide places ${l.name} engineers at ${yrs(band)} of experience, for both Software and AI Engineers.`,
      ),
    );
  }

  // The premium.
  const pr = s.premium.base;
  const span = pr.max - pr.min;
  out.push(
    item(
      'gen-premium-range',
      'easy',
      `By how much does an AI Engineer's base salary typically exceed an equivalent Software Engineer's at the same company?`,
      `${usd(pr.min)}–${usd(pr.max)}`,
      [
        `${usd(Math.max(1000, Math.round(pr.min / 4)))}–${usd(Math.max(2000, Math.round(pr.min / 2)))}`,
        `${usd(pr.max)}–${usd(pr.max + span)}`,
        `${usd(pr.max + span)}–${usd(pr.max + 3 * span)}`,
      ],
      `The guide puts the AI premium at ${usd(pr.min)}–${usd(pr.max)} in base salary, driven by ${s.premium.drivers.map((d) => d.name.toLowerCase()).join(', ')}.`,
    ),
  );
  const [d0] = s.premium.drivers;
  if (d0)
    out.push(
      item(
        'gen-premium-driver',
        'medium',
        'Which of these is one of the drivers of the AI Engineer salary premium named in the guide?',
        d0.name,
        ['Shorter on-call rotations', 'A legal licensing requirement', 'Lower cost of living in AI hubs'],
        `The guide names ${s.premium.drivers.length} drivers: ${s.premium.drivers.map((d) => d.name).join('; ')}. ${d0.detail}`,
      ),
    );

  // Which skills each role requires.
  const labels = [...new Set([...Object.values(REQUIREMENT_LABEL), ...p.skills.map((k) => requirementLabel(k.requirement))])];
  for (const k of p.skills) {
    const correct = requirementLabel(k.requirement);
    out.push(
      item(
        `gen-skill-${k.id}`,
        k.category === 'shared' ? 'easy' : 'medium',
        `How does the guide classify "${k.name}" across the two roles?`,
        correct,
        labels,
        `${k.name}: ${correct.toLowerCase()}.${k.ai_adds ? ` The AI role adds ${k.ai_adds}.` : ''}${k.role_note ? ` ${k.role_note}` : ''}`,
      ),
    );
  }

  // Roadmap: which phase covers what.
  const phaseLabel = (ph: S.RoadmapData['phases'][number]) =>
    `Phase ${ph.number}: ${ph.name} (${ph.months.from === ph.months.to ? `month ${ph.months.from}` : `months ${ph.months.from}–${ph.months.to}`})`;
  for (const ph of p.roadmap.phases)
    for (const it of ph.items)
      out.push(
        item(
          `gen-roadmap-${it.id}`,
          'medium',
          `In the SWE → AI Engineer roadmap, which phase covers "${it.name}"?`,
          phaseLabel(ph),
          p.roadmap.phases.filter((o) => o !== ph).map(phaseLabel),
          `"${it.name}" (${it.detail}) belongs to ${phaseLabel(ph)}.`,
        ),
      );
  const dm = p.roadmap.duration_months;
  out.push(
    item(
      'gen-roadmap-duration',
      'easy',
      'How long does the guide say a realistic SWE → AI Engineer transition plan takes?',
      `${dm.min}–${dm.max} months`,
      [`${Math.max(1, Math.round(dm.min / 3))}–${Math.max(2, Math.round(dm.max / 3))} weeks`, `${dm.max * 2}–${dm.max * 3} months`, `${dm.max}–${dm.max * 2} years`],
      `The plan runs ${dm.min}–${dm.max} months, depending on prior ML background, in ${p.roadmap.phases.length} phases.`,
    ),
  );

  // Where AI tracks lead.
  const aiTracks = p.tracks.filter((t) => t.kind === 'track');
  for (const t of aiTracks)
    for (const dest of t.leads_to) {
      const slug = dest.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      out.push(
        item(
          `gen-track-${t.id}-${slug}`.slice(0, 48).replace(/-$/, ''),
          'medium',
          `Which AI engineering track does the guide say can lead to "${dest}"?`,
          t.name,
          [...aiTracks.filter((o) => o !== t && !o.leads_to.includes(dest)).map((o) => o.name), ...p.tracks.filter((o) => o.kind === 'ladder').map((o) => o.name)],
          `${t.name}: ${t.summary} It can lead to ${t.leads_to.join(', ')}.`,
        ),
      );
    }

  // Ladder steps.
  for (const t of p.tracks.filter((x) => x.kind === 'ladder')) {
    const allSteps = [...new Set(p.tracks.flatMap((x) => x.steps))];
    t.steps.slice(0, -1).forEach((step, i) => {
      const next = t.steps[i + 1]!;
      out.push(
        item(
          `gen-ladder-${t.id}-${i + 1}`,
          'easy',
          `On the ${t.name} ladder, what comes right after ${step}?`,
          next,
          allSteps.filter((x) => x !== step && x !== next && !t.steps.slice(0, i + 1).includes(x)),
          `${t.name}: ${t.steps.join(' → ')}.`,
        ),
      );
    });
  }

  // Specialisations.
  const specs = p.tracksData.specialisations;
  for (const sp of specs)
    out.push(
      item(
        `gen-specialisation-${sp.id}`,
        'medium',
        `Which fast-growing AI specialization is about this: ${sp.focus.replace(/\.$/, '')}?`,
        sp.name,
        specs.filter((o) => o !== sp).map((o) => o.name),
        `${sp.name}: ${sp.focus}`,
      ),
    );

  // Nature of each role.
  for (const r of p.roles) {
    const other = p.roles.find((o) => o !== r);
    if (!other) continue;
    out.push(
      item(
        `gen-nature-${r.id}`,
        'easy',
        `According to the guide, which kind of systems does ${withArticle(r.name)} mainly build?`,
        `${cap(r.nature)} systems`,
        [`${cap(other.nature)} systems`, 'Hardware-bound embedded systems', 'Purely manual, non-software processes'],
        `${roleName(r.id)}: ${r.tagline}. ${r.nature_detail}`.slice(0, 700),
      ),
    );
  }

  return out.filter((x): x is QuizItem => x !== null);
}

/** "an AI Engineer", "a Senior SWE": the article goes by the sound (acronyms by their first letter's name). */
export function withArticle(noun: string): string {
  const first = noun.split(/[\s/]/)[0] ?? '';
  const acronym = /^[A-Z]{2,}/.test(first);
  const vowel = acronym ? /^[AEFHILMNORSX]/.test(first) : /^[aeiou]/i.test(first) && !/^(one|uni|use|usu)/i.test(first);
  return `${vowel ? 'an' : 'a'} ${noun}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
