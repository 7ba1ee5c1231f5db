/**
 * Every command typed as a user would, through the console adapter, reading
 * what it prints. Expectations come from the guide, not from the data files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';

let s: ConsoleSession;
/** The console wraps long lines; compare prose with whitespace flattened. */
const flat = (t: string) => t.replace(/\s+/g, ' ');
beforeEach(async () => {
  s = await consoleSession();
});
afterEach(async () => {
  await s.cleanup();
});

describe('lookups', () => {
  it('/salary ai senior shows the senior AI band, the premium over senior SWE, and a Post to channel button', async () => {
    const out = await s.type('/salary ai senior');
    expect(out).toContain('only you can see this');
    expect(out).toContain('Senior AI Engineer');
    expect(out).toContain('$200K–$260K');
    expect(out).toContain('$300K–$450K');
    expect(out).toContain('5–10 years');
    expect(out).toContain('+$20K to +$40K'); // 200-180 and 260-220
    expect(out).toContain('$20K–$60K');
    expect(out).toMatch(/\[\d+\] Post to channel/);
  });

  it('/salary level:L5 compares both roles side by side', async () => {
    const out = await s.type('/salary level:L5');
    expect(out).toContain('Senior SWE (L5/E5)');
    expect(out).toContain('$180K–$220K');
    expect(out).toContain('Senior AI Engineer');
    expect(out).toContain('$200K–$260K');
  });

  it('/salary swe shows the whole ladder with the open-ended staff top', async () => {
    const out = await s.type('/salary swe');
    for (const v of ['$110K–$145K', '$145K–$185K', '$180K–$220K', '$210K–$260K', '$320K–$500K+']) expect(out).toContain(v);
    expect(out).not.toContain('$650K+');
  });

  it('/salary with aliases: "staff ai", "principal", "jr swe", "E4"', async () => {
    expect(await s.type('/salary staff ai')).toContain('$400K–$650K+');
    expect(await s.type('/salary ai principal')).toContain('$240K–$320K');
    expect(await s.type('/salary jr swe')).toContain('$130K–$185K');
    expect(await s.type('/SALARY E4')).toContain('$160K–$210K');
  });

  it('Post to channel re-posts the lookup publicly', async () => {
    const out = await s.type('/salary ai junior');
    const shared = await s.type(s.button(out, 'Post to channel'));
    expect(shared).toContain('#console · careerbot');
    expect(shared).toContain('$120K–$160K');
    expect(shared).not.toContain('only you can see this');
  });

  it('/salary public:true posts directly', async () => {
    const out = await s.type('/salary mid ai public:yes');
    expect(out).toContain('#console · careerbot');
    expect(out).not.toContain('Post to channel');
  });

  it('/skill rag explains the skill, who needs it, tools and its roadmap phase', async () => {
    const out = await s.type('/skill rag');
    expect(out).toContain('RAG architecture');
    expect(out).toContain('Why it matters');
    expect(out).toMatch(/AI Engineer:\s+Key differentiator/);
    expect(out).toContain('Phase 2');
  });

  it('/skill finds glossary terms by alias (top p, nucleus sampling, bm25)', async () => {
    expect(await s.type('/skill nucleus sampling')).toMatch(/Top-p/i);
    expect(await s.type('/skill BM25')).toContain('BM25');
  });

  it('/skill with a misspelling suggests the nearest entries as buttons, and a button opens one', async () => {
    const out = await s.type('/skill promt enginering');
    expect(out).toMatch(/Did you mean/);
    expect(out).toMatch(/\[\d+\] Prompt engineering/);
    const card = await s.type(s.button(out, 'Prompt engineering'));
    expect(card).toContain('Why it matters');
  });

  it('/skill with nonsense says so and shows a working example', async () => {
    const out = await s.type('/skill qwxzv');
    expect(out).toMatch(/I don't know “qwxzv”/);
    expect(out).toContain('/skill rag');
  });

  it('/interview rag gives a RAG question; "Show strong answer" reveals the outline', async () => {
    const out = await s.type('/interview rag');
    expect(out).toContain('RAG and retrieval');
    expect(out).toContain('What the interviewer is testing');
    const ans = await s.type(s.button(out, 'Show strong answer'));
    expect(ans).toContain('A strong answer covers');
    expect(ans).toMatch(/\n1\. /);
    expect(ans).toContain('Common pitfalls');
  });

  it('/roadmap, /roadmap 3, /career, /career ic, /compare, /compare skills, /dayinlife ai, /faq, /help', async () => {
    const road = flat(await s.type('/roadmap'));
    expect(road).toMatch(/3–6 months/);
    expect(road).toContain('Phase 1');
    const p3 = flat(await s.type('/roadmap 3'));
    expect(p3).toMatch(/Months 4–6/);
    expect(p3).toMatch(/Vercel|Railway|Hugging Face/);
    const career = flat(await s.type('/career'));
    expect(career).toContain('Distinguished Engineer');
    expect(career).toContain('VP of Engineering');
    const ic = flat(await s.type('/career ic'));
    expect(ic).toMatch(/Senior SWE → Staff SWE → Principal SWE/);
    const cmp = await s.type('/compare');
    expect(cmp).toMatch(/Verdict/);
    const skills = await s.type('/compare skills');
    expect(skills).toContain('Shared foundation');
    const day = await s.type('/dayinlife ai');
    for (const t of ['09:00', '10:30', '12:00', '14:00', '16:00']) expect(day).toContain(t);
    expect(day).toContain('3.2%');
    const faq = flat(await s.type('/faq which pays more'));
    expect(faq).toContain('$200K');
    const faqAll = await s.type('/faq');
    expect(faqAll).toMatch(/\[\d+\] /);
    const help = await s.type('/help');
    for (const c of ['salary', 'skill', 'interview', 'quiz', 'leaderboard', 'daily', 'roadmap', 'career', 'compare', 'dayinlife', 'faq', 'help'])
      expect(help).toContain(`/${c}`);
    expect(await s.type('/help daily')).toContain('/daily set #eng 09:00 Europe/Berlin weekdays');
  });

  it('/faq menu choices open an answer', async () => {
    const list = await s.type('/faq');
    const q = s.bot.guide.faq.find((f) => f.id === 'faq-which-pays-more')!.question;
    const n = s.button(list, q.slice(0, 40));
    expect(await s.type(n)).toContain('$180K');
  });
});

describe('bad input gets a friendly private reply with a working example', () => {
  it.each([
    ['/salary wizard', /“wizard” is not a role or level/, '/salary ai senior'],
    ['/salary level:L9', /“L9” is not a level/, 'Try'],
    ['/quiz questions:0', /at least 1/, 'Try'],
    ['/quiz questions:many', /whole number/, 'Try'],
    ['/quiz seconds:5000', /at most 300/, 'Try'],
    ['/daily set #eng 25:00 Europe/Berlin', /“25:00” is not a time: use 24-hour HH:MM/, '/daily set'],
    ['/daily set #eng 09:00 Mars/Olympus', /“Mars\/Olympus” is not a timezone/, '/daily set'],
    ['/daily pause 2026-02-30', /not a date/, '/daily pause'],
    ['/daily explode', /no “explode” action/, '/daily set'],
    ['/frobnicate', /no \/frobnicate command/, '/help'],
    ['/skil rag', /Did you mean \/skill\?/, '/help'],
  ])('%s', async (line, problem, example) => {
    const out = await s.type(line);
    expect(out).toContain('only you can see this');
    expect(out).toMatch(problem);
    expect(out).toContain(example);
  });

  it('an unknown button number is explained', async () => {
    expect(await s.type('999')).toMatch(/no button 999/);
  });

  it('a forged or stale action id gets a friendly reply, not a crash', async () => {
    for (const id of ['nope', 'quiz:a:doesnotexist:1', 'skill:show:not-a-skill', 'interview:reveal:missing', 'share:salary:role=wizard', 'x'.repeat(200)]) {
      const r = await s.bot.runAction(id, s.chat.scope());
      expect(r.visibility).toBe('private');
      expect(r.text.length).toBeGreaterThan(0);
    }
  });

  it('non-admins cannot change the daily schedule, and are told why', async () => {
    const r = await s.bot.runText('/daily set #eng 09:00 UTC', { ...s.chat.scope(), isAdmin: false, adminHint: 'You need the Manage Server permission.' });
    expect(r.text).toMatch(/Only admins can use `\/daily set`/);
    expect(r.cards[0]?.body).toContain('Manage Server');
    expect(await s.store.listSchedules()).toHaveLength(0);
  });
});

describe('/skill with no name', () => {
  it('lists the guide skills by group with a menu, and a menu choice opens one', async () => {
    const s2 = await consoleSession();
    try {
      const out = await s2.type('/skill');
      expect(out).toContain('Skills in the guide');
      expect(out).toMatch(/AI Engineer differentiator: Prompt engineering/);
      const card = await s2.type(s2.button(out, 'Vector databases'));
      expect(card).toContain('Why it matters');
      expect(card).toMatch(/Pinecone/);
    } finally {
      await s2.cleanup();
    }
  });
});
