/**
 * Mock interviews, the plan checklist and /me, typed through the console as a
 * member would (the answer form is filled in as console lines ending with ".").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import { makeTestBot } from '../helpers/bot.js';
import { ConsoleChat, runConsole } from '../../src/adapters/console/chat.js';
import { PassThrough } from 'node:stream';
import { MOCK_ANSWER_MAX } from '../../src/core/mock.js';

const flat = (t: string) => t.replace(/\s+/g, ' ');
const me = { platform: 'console' as const, workspaceId: 'console', userId: 'ada' };
let s: ConsoleSession;
afterEach(async () => {
  await s.cleanup();
});

describe('/mock', () => {
  it('GIVEN a mock question WHEN the member writes an answer in the form and marks each outline point THEN the score is stored once, shown in /mock history, and /mock forget removes it', async () => {
    s = await consoleSession();
    const q = await s.type('/mock rag senior');
    expect(q).toContain('Mock interview');
    const question = s.bot.guide.interviewQuestions.find((x) => flat(q).includes(flat(x.question)))!;
    expect(question.topic).toBe('rag');
    expect(question.level).toBe('senior');

    const form = await s.type(s.button(q, 'Write my answer'));
    expect(form).toContain('[form: Your answer]');
    expect(form).toContain(`end with a line containing only "."`);
    expect(form).toContain(`at most ${MOCK_ANSWER_MAX} characters`);
    expect(await s.type('I would check chunking first <@U999> @everyone **loud**')).toBe('');
    expect(await s.type('then retrieval recall.')).toBe('');
    const graded = await s.type('.');
    // The member's own text comes back inert: no ping, no formatting.
    expect(graded).toContain('Your answer');
    expect(graded).toContain('I would check chunking first @U999 @\u200beveryone ∗∗loud∗∗');
    expect(graded).not.toContain('<@U999>');
    expect(flat(graded)).toContain(flat(question.outline[0]!));
    if (question.source === 'guide') expect(graded).toContain('from the guide');

    const n = question.outline.length;
    let out = graded;
    for (let i = 1; i <= n; i++) out = await s.type(s.button(out, i % 2 ? `${i} covered` : `${i} missed`));
    const covered = Math.ceil(n / 2);
    expect(out).toContain(`Score: ${covered}/${n}`);
    // A second click on an already marked point changes nothing.
    const again = await s.type(s.button(graded, '1 missed'));
    expect(again).toContain('Point 1 was already marked');
    expect(again).toContain(`Score: ${covered}/${n}`);
    expect(await s.store.mockHistory(me, 10)).toHaveLength(1);

    const hist = flat(await s.type('/mock history'));
    expect(hist).toContain(`RAG and retrieval · Senior · ${covered}/${n}`);
    expect(hist).toContain('By topic');
    expect(hist).not.toContain('weakest first'); // one topic is not "the weakest"
    expect(hist).toContain('Suggested next');

    const ask = await s.type('/mock forget');
    expect(ask).toMatch(/Delete your 1 stored mock answer/);
    expect(await s.store.mockHistory(me, 10)).toHaveLength(1); // nothing deleted before the confirmation
    expect(await s.type(s.button(ask, 'Delete 1 mock answer'))).toContain('Deleted 1 mock answer');
    expect(await s.type('/mock history')).toContain('No mock interviews yet');
  });

  it('an empty answer stores nothing; /cancel leaves the form; another member cannot grade someone else\'s answer', async () => {
    s = await consoleSession();
    const q = await s.type('/mock');
    await s.type(s.button(q, 'Write my answer'));
    expect(await s.type('/cancel')).toContain('form cancelled');
    expect(await s.store.mockHistory(me, 10)).toHaveLength(0);
    expect(await s.type('/mock history')).toContain('No mock interviews yet'); // a command again, not a form line
    await s.type(s.button(q, 'Write my answer'));
    const empty = await s.type('.');
    expect(empty).toContain('This field is required');
    await s.type('my answer');
    const graded = await s.type('.');
    expect(graded).toContain('covered');
    await s.type('/as bob');
    expect(await s.type(s.button(graded, '1 covered'))).toMatch(/not yours/);
    expect((await s.store.mockHistory(me, 10))[0]!.graded).toBe(0);

    // One form, one attempt: a second submit of the same form (a retried modal submission) stores nothing new.
    const question = s.bot.guide.interviewQuestions[0]!;
    const formReply = await s.bot.runAction(`mock:write:${question.id}`, s.chat.scope());
    const form = formReply.form!;
    expect(form.fields[0]).toMatchObject({ id: 'answer', multiline: true, maxLength: MOCK_ANSWER_MAX });
    const first = await s.bot.runSubmit(form.id, { answer: 'bob answers' }, s.chat.scope());
    const second = await s.bot.runSubmit(form.id, { answer: 'bob answers again' }, s.chat.scope());
    expect(first.error).toBeUndefined();
    expect(second.lead).toContain('You submitted this form already');
    const bobs = await s.store.mockHistory({ ...me, userId: 'bob' }, 10);
    expect(bobs.map((a) => a.answer)).toEqual(['bob answers']);
    // Someone else's form token is not theirs to fill.
    await s.type('/as ada');
    expect((await s.bot.runSubmit(form.id, { answer: 'mine?' }, s.chat.scope())).text).toMatch(/not yours/);
  });
});

describe('/mock free text', () => {
  it('words that name no action are the start options; a typo of an action gets "did you mean"; a bad topic is a friendly error', async () => {
    s = await consoleSession();
    expect(flat(await s.type('/mock evals junior'))).toMatch(/LLM evaluation Level: Junior/);
    expect(await s.type('/mock histroy')).toContain('Did you mean history?');
    const bad = await s.type('/mock wizardry');
    expect(bad).toContain('Hmm, that did not work');
    expect(bad).toContain('wizardry');
    expect(s.chat.failures).toBe(2);
  });
});

describe('the console form in piped mode', () => {
  it('reads the multi-line answer from the piped lines up to "." and submits it; exits without failures', async () => {
    const t = await makeTestBot();
    s = { ...t, cleanup: t.cleanup } as ConsoleSession;
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d) => (out += String(d)));
    const done = runConsole(t.bot, { input, output, interactive: false, userName: 'ada' });
    input.end('/mock agents\n1\nfirst line of my answer\nsecond line\n.\n/mock history\n');
    const r = await done;
    expect(r.failures).toBe(0);
    expect(out).toContain('[form: Your answer]');
    expect(out).toContain('first line of my answer\nsecond line');
    expect(out).toContain('1 covered');
    expect(flat(out)).toContain('Agents and tool use');
    expect(flat(out)).toMatch(/not graded yet \(0\/\d marked\)/);
  });
});

describe('/plan', () => {
  it('GIVEN items marked done WHEN the bot restarts on the same SQLite file THEN the progress is still there', async () => {
    s = await consoleSession();
    const plan = await s.type('/plan');
    expect(plan).toContain('Phase 1: Foundation (month 1) · 0/4 done');
    expect(plan).toContain('Roadmap phase and items from the guide');
    expect(plan).toContain('Next: LLM Fundamentals');
    expect(plan).toContain('Skill: Token economics'); // the skill whose roadmap steps include llm-fundamentals
    const marked = await s.type(s.button(plan, 'LLM Fundamentals'));
    expect(marked).toContain('Marked LLM Fundamentals done');
    expect(marked).toContain('Phase 1: Foundation (month 1) · 1/4 done');
    expect(marked).toContain('Next: OpenAI / Anthropic API');
    const twice = await s.type(s.button(plan, 'LLM Fundamentals'));
    expect(twice).toContain('was already done');
    const q = await s.type(s.button(marked, 'A practice question'));
    expect(q).toContain('LLM basics');

    // Restart: close the store, open the same file, a new bot.
    const dbPath = s.dbPath;
    await s.bot.stop();
    await s.store.close();
    const t = await makeTestBot({ dbPath });
    const out: string[] = [];
    const chat = new ConsoleChat(t.bot, (x) => out.push(x), 'ada');
    await chat.handle('/plan');
    const after = out.join('');
    expect(after).toContain('Phase 1: Foundation (month 1) · 1/4 done');
    expect(after).toContain('✅ LLM Fundamentals');
    expect(after).toContain('Mark an item not done');
    await t.cleanup();
    s.cleanup = async () => {};
  });

  it('/plan nudge validates day, time and timezone like /daily, and turns off', async () => {
    s = await consoleSession();
    expect(await s.type('/plan nudge mon 9am Europe/Berlin')).toContain('“9am” is not a time');
    expect(await s.type('/plan nudge mon 09:00 berlin')).toContain('Did you mean Europe/Berlin?');
    expect(await s.type('/plan nudge funday 09:00 UTC')).toContain('“funday” is not a weekday');
    expect(await s.type('/plan nudge mon')).toContain('needs a local time');
    const on = await s.type('/plan nudge mon 09:00 Europe/Berlin');
    expect(on).toContain('Mondays at 09:00 (Europe/Berlin)');
    expect((await s.store.getNudge('console:console:ada'))!.enabled).toBe(true);
    expect(await s.type('/plan nudge off')).toContain('Weekly reminders stopped');
    expect((await s.store.getNudge('console:console:ada'))!.enabled).toBe(false);
  });
});

describe('/me', () => {
  it('shows practice, streak, plan and mock scores with buttons within Block Kit budgets, and /me forget deletes personal data but not the leaderboard', async () => {
    s = await consoleSession();
    const started = await s.type('/quiz');
    const round = (await s.store.openRounds('console', 'console'))[0]!;
    const item = s.bot.guide.quizItem(round.itemId)!;
    const right = 'ABCD'[round.optionOrder.indexOf(item.options.findIndex((o) => o.correct))]!;
    await s.type(s.button(started, right));
    s.clock.advance(31_000);
    await s.bot.tick();
    await s.type('/plan nudge fri 17:30 America/New_York');
    const plan = await s.type('/plan');
    await s.type(s.button(plan, 'LLM Fundamentals'));

    const home = await s.bot.runCommand('me', { options: {} }, s.chat.scope());
    expect(home.visibility).toBe('private');
    expect(home.cards.length).toBeLessThanOrEqual(6);
    expect(home.actions.length).toBeLessThanOrEqual(5);
    const text = flat((await s.type('/me')));
    expect(text).toContain('0 items due now · next due in');
    expect(text).toContain('1 day in a row');
    expect(text).toContain('Your plan: 1/12 done');
    expect(text).toContain('Fridays at 17:30 (America/New_York)');
    for (const b of ['Practice', 'My plan', 'Mock interview', 'Mock history', 'Delete my data']) expect(text).toContain(`] ${b}`);

    const ask = await s.type('/me forget');
    expect(ask).toContain('Leaderboards are not affected');
    const done = await s.type(s.button(ask, 'Delete all my data'));
    expect(done).toContain('Deleted your personal data');
    expect(await s.store.practiceCards(me)).toEqual([]);
    expect((await s.store.planItems(me)).size).toBe(0);
    expect(await s.store.getNudge('console:console:ada')).toBeNull();
    expect(await s.type('/leaderboard')).toMatch(/@ada — 1 right of 1/);
  });
});
