/**
 * Section 6 of the guide, "Salary and Compensation (US Market, 2026)": every figure of
 * both tables, the open-ended tops, the market note and the premium with its drivers.
 * The expected tables below are transcribed by hand from the guide text.
 */
import { describe, expect, it } from 'vitest';
import { usdRange } from '../../src/core/guide/model.js';
import { flat, guide, missing } from './_helpers.js';

type Row = {
  role: 'swe' | 'ai';
  level: 'junior' | 'mid' | 'senior' | 'staff';
  /** The row label exactly as the guide prints it. */
  label: string;
  codes: string[];
  years: [number, number];
  base: [number, number];
  tc: [number, number];
  /** "$500K+" / "$650K+" */
  openTop: boolean;
  /** The two cells as the guide prints them. */
  baseText: string;
  tcText: string;
};

// | Level | Years of Experience | Base Salary | Total Compensation |  (Software Engineer table)
const SWE: Row[] = [
  { role: 'swe', level: 'junior', label: 'Junior SWE (L3/E3)', codes: ['L3', 'E3'], years: [0, 2], base: [110_000, 145_000], tc: [130_000, 185_000], openTop: false, baseText: '$110K–$145K', tcText: '$130K–$185K' },
  { role: 'swe', level: 'mid', label: 'Mid-Level SWE (L4/E4)', codes: ['L4', 'E4'], years: [2, 5], base: [145_000, 185_000], tc: [180_000, 270_000], openTop: false, baseText: '$145K–$185K', tcText: '$180K–$270K' },
  { role: 'swe', level: 'senior', label: 'Senior SWE (L5/E5)', codes: ['L5', 'E5'], years: [5, 10], base: [180_000, 220_000], tc: [250_000, 380_000], openTop: false, baseText: '$180K–$220K', tcText: '$250K–$380K' },
  { role: 'swe', level: 'staff', label: 'Staff SWE (L6/E6)', codes: ['L6', 'E6'], years: [8, 15], base: [210_000, 260_000], tc: [320_000, 500_000], openTop: true, baseText: '$210K–$260K', tcText: '$320K–$500K+' },
];

// | Level | Years of Experience | Base Salary | Total Compensation |  (AI Engineer table)
const AI: Row[] = [
  { role: 'ai', level: 'junior', label: 'Junior AI Engineer', codes: [], years: [0, 2], base: [120_000, 160_000], tc: [145_000, 210_000], openTop: false, baseText: '$120K–$160K', tcText: '$145K–$210K' },
  { role: 'ai', level: 'mid', label: 'Mid-Level AI Engineer', codes: [], years: [2, 5], base: [160_000, 210_000], tc: [210_000, 320_000], openTop: false, baseText: '$160K–$210K', tcText: '$210K–$320K' },
  { role: 'ai', level: 'senior', label: 'Senior AI Engineer', codes: [], years: [5, 10], base: [200_000, 260_000], tc: [300_000, 450_000], openTop: false, baseText: '$200K–$260K', tcText: '$300K–$450K' },
  { role: 'ai', level: 'staff', label: 'Staff / Principal AI Engineer', codes: [], years: [8, 15], base: [240_000, 320_000], tc: [400_000, 650_000], openTop: true, baseText: '$240K–$320K', tcText: '$400K–$650K+' },
];

const ALL = [...SWE, ...AI];

describe('salary tables (guide section 6)', () => {
  const g = guide();

  it('has exactly the 8 rows of the two tables, one per role and level', () => {
    const got = g.salaries.bands.map((b) => `${b.role}/${b.level}`).sort();
    const want = ALL.map((r) => `${r.role}/${r.level}`).sort();
    expect(got).toEqual(want);
  });

  it('orders the levels junior → mid → senior → staff', () => {
    expect(g.salaries.levels.map((l) => l.id)).toEqual(['junior', 'mid', 'senior', 'staff']);
    expect(g.salaries.levels.map((l) => l.order)).toEqual([1, 2, 3, 4]);
  });

  describe.each(ALL)('$label', (row) => {
    const b = () => g.band(row.role, row.level);

    it(`row label is "${row.label}"`, () => {
      expect(b().title).toBe(row.label);
    });

    it(`years of experience ${row.years[0]}–${row.years[1]}`, () => {
      expect([b().years.min, b().years.max]).toEqual(row.years);
    });

    it(`base ${row.baseText}`, () => {
      expect(b().base.min).toBe(row.base[0]);
      expect(b().base.max).toBe(row.base[1]);
    });

    it(`total compensation ${row.tcText}`, () => {
      expect(b().total_comp.min).toBe(row.tc[0]);
      expect(b().total_comp.max).toBe(row.tc[1]);
      expect(b().total_comp.open_ended).toBe(row.openTop);
    });

    it('figures are whole US dollars as numbers, not strings', () => {
      for (const n of [b().base.min, b().base.max, b().total_comp.min, b().total_comp.max]) {
        expect(typeof n).toBe('number');
        expect(Number.isInteger(n)).toBe(true);
      }
    });

    it(`level codes ${row.codes.length ? row.codes.join('/') : '(none in the guide)'}`, () => {
      expect([...b().level_codes]).toEqual(row.codes);
    });

    it('formats back to the cells the guide prints', () => {
      expect(usdRange(b().base)).toBe(row.baseText);
      expect(usdRange(b().total_comp)).toBe(row.tcText);
    });
  });

  it('only the two staff rows are open-ended ($500K+ and $650K+)', () => {
    const open = g.salaries.bands.filter((b) => b.total_comp.open_ended).map((b) => `${b.role}/${b.level}:${b.total_comp.max}`);
    expect(open.sort()).toEqual(['ai/staff:650000', 'swe/staff:500000']);
  });

  it('level codes L3–L6 / E3–E6 are lookup aliases of the four levels', () => {
    const codes: [string, string][] = [
      ['L3', 'junior'], ['E3', 'junior'],
      ['L4', 'mid'], ['E4', 'mid'],
      ['L5', 'senior'], ['E5', 'senior'],
      ['L6', 'staff'], ['E6', 'staff'],
    ];
    for (const [code, level] of codes) expect(g.level(code)?.id, code).toBe(level);
  });

  it('years of experience are the same for both roles at each level', () => {
    for (const level of ['junior', 'mid', 'senior', 'staff'] as const)
      expect(g.band('ai', level).years).toEqual(g.band('swe', level).years);
  });
});

describe('market note', () => {
  const m = guide().salaries.market;

  it('is the US market in 2026, in USD', () => {
    expect(m.region).toBe('US');
    expect(m.year).toBe(2026);
    expect(m.currency).toBe('USD');
  });

  it('total compensation = base salary + equity (RSUs) + annual bonus', () => {
    const inc = m.total_comp_includes.map(flat);
    expect(inc).toHaveLength(3);
    expect(inc.some((x) => x.includes('base'))).toBe(true);
    expect(inc.some((x) => x.includes('equity') && x.includes('rsu'))).toBe(true);
    expect(inc.some((x) => x.includes('bonus'))).toBe(true);
  });

  it('says the figures are broad medians and FAANG / AI labs / top quartile pay more', () => {
    const text = `${m.basis} ${m.note}`;
    expect(missing(text, ['median', 'FAANG', 'AI labs', 'top quartile', 'higher'])).toEqual([]);
  });
});

describe('AI premium', () => {
  const p = guide().salaries.premium;

  it('is $20K–$60K in base salary', () => {
    expect(p.base).toEqual({ min: 20_000, max: 60_000 });
    expect(usdRange(p.base)).toBe('$20K–$60K');
  });

  it('has exactly the three drivers the guide names, with what each means', () => {
    expect(p.drivers.map((d) => d.name)).toEqual([
      'Supply-demand imbalance',
      'Specialized knowledge barrier',
      'Business impact multiplier',
    ]);
    const [supply, barrier, impact] = p.drivers;
    // "far more teams that want to build AI products than there are engineers"; "above-market rates"
    expect(missing(supply!.detail, ['teams', 'engineers', 'above market'])).toEqual([]);
    // software engineering fundamentals (years) + AI-specific expertise: prompt engineering, RAG, agents, evaluation
    expect(missing(barrier!.detail, ['software engineering fundamentals', 'years', 'prompt engineering', 'RAG', 'agents', 'evaluation'])).toEqual([]);
    // AI features are the highest-priority initiatives; shipping them reliably is paid accordingly
    expect(missing(impact!.detail, ['AI features', 'priorit', 'reliabl'])).toEqual([]);
  });

  it('the summary states the $20K to $60K base premium at the same company', () => {
    expect(flat(p.summary)).toMatch(/\$20k (to|-) \$60k/);
    expect(missing(p.summary, ['same company', 'base'])).toEqual([]);
  });

  it('the AI comparison column carries the same premium (+$20K–$60K)', () => {
    const ai = guide().role('ai')!;
    expect(ai.comparison_points.some((c) => flat(c).includes('+$20k-$60k'))).toBe(true);
  });

  it('the FAQ quotes the senior bands from the table ($200K–$260K vs $180K–$220K)', () => {
    const f = guide().faq.find((x) => /pays more|earns more|paid more/i.test(x.question));
    expect(f).toBeDefined();
    expect(missing(f!.answer, ['$200K-$260K', '$180K-$220K', '2026'])).toEqual([]);
  });
});
