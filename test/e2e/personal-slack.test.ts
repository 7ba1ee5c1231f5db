/**
 * Issue 15 on Slack, end to end with the REAL commands (/quiz, /practice,
 * /mock, /plan, /me): the real Bolt app and the real core (SQLite, the guide's
 * data, a hand-moved clock) against the fake Slack, over Socket Mode and over
 * HTTP. The fake checks every message and view against Slack's documented
 * limits; what a member sees is read off what it recorded (response_url posts,
 * ephemerals, modals, IM messages, the published Home tab).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, CHANNEL, fromResponse, posted, startHarness, textOf, type Channel, type ClickTarget, type Harness } from './fake-slack/harness.js';
import type { FakeUser } from './fake-slack/server.js';
import { validateView } from './fake-slack/validate.js';
import { readQuestion } from '../helpers/read-question.js';

const DAY = 86_400_000;
type Body = Record<string, unknown>;

for (const mode of ['socket', 'http'] as const) {
  describe(`issue 15 through the fake Slack with the real commands (${mode === 'socket' ? 'Socket Mode' : 'HTTP'})`, () => {
    let h: Harness;
    const DAN: FakeUser = { id: 'U0DAN0001', name: 'dan' };
    const ERIN: FakeUser = { id: 'U0ERIN001', name: 'erin' };

    beforeAll(async () => {
      h = await startHarness(mode, { start: '2026-03-02T08:00:00Z' }); // a Monday
      h.fake.addUser(DAN);
      h.fake.addUser(ERIN);
    });
    afterEach(() => {
      expect(h.fake.violations).toEqual([]);
      expect(h.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    });
    afterAll(async () => {
      await h?.close();
    });

    const imOf = (u: FakeUser): Channel => ({ id: h.fake.ims.get(u.id)!, name: 'directmessage' });
    const open = (body: Body, channel = CHANNEL): ClickTarget => fromResponse(body, channel);
    const button = (label: string) => (e: { text?: string }) => e.text === label;

    it('GIVEN a member who misses two items of a channel quiz WHEN they /practice the next day THEN both come back as due; answered right, a later /practice that day no longer shows them', async () => {
      const started = await h.ask(ALICE, '/quiz', 'questions:2 seconds:10');
      expect(started.response_type).toBe('ephemeral');
      const missed: string[] = [];
      const seenRounds = new Set<string>();
      for (let k = 0; k < 2; k++) {
        const round = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL.id).find((m) => !seenRounds.has(m.ts) && /Quiz \d\/2/.test(textOf(m))), `quiz question ${k + 1}`);
        seenRounds.add(round.ts);
        const q = readQuestion(h.bot.guide, textOf(round));
        missed.push(q.item.id);
        const fb = await h.clickAndWait(ALICE, posted(round, CHANNEL), button(q.wrong));
        expect(fb.response_type).toBe('ephemeral');
        expect(String(fb.text)).toContain(`you answered ${q.wrong}`);
        const updates = h.fake.callsTo('chat.update').length;
        h.clock.advance(10_000);
        await h.bot.tick(); // the reveal
        await h.fake.waitForCalls('chat.update', updates + 1);
        const revealed = h.fake.channelMessages(CHANNEL.id).find((m) => m.ts === round.ts)!;
        expect(revealed.text).toContain(`Quiz answer: ${q.right}.`);
        h.clock.advance(3_000);
        await h.bot.tick(); // the next question
      }

      h.clock.advance(DAY);
      let shown = await h.ask(ALICE, '/practice');
      expect(shown.response_type).toBe('ephemeral');
      expect(textOf(shown)).toContain('2 items due now');
      const back: string[] = [];
      for (let k = 0; k < 2; k++) {
        expect(textOf(shown)).toContain('Due for review');
        const q = readQuestion(h.bot.guide, textOf(shown));
        back.push(q.item.id);
        const fb = await h.clickAndWait(ALICE, open(shown), button(q.right));
        expect(fb.response_type).toBe('ephemeral');
        expect(textOf(fb)).toContain(`Right — ${q.right}`);
        expect(textOf(fb)).toMatch(/Comes back in \d+ days/);
        shown = await h.clickAndWait(ALICE, open(fb), button('Next'));
      }
      expect(back.sort()).toEqual([...missed].sort());
      expect(textOf(shown)).toMatch(/0 items due now · next due in \d+ days/);

      h.clock.advance(3 * 3_600_000);
      const later = await h.ask(ALICE, '/practice');
      expect(textOf(later)).toContain('0 items due now');
      expect(missed).not.toContain(readQuestion(h.bot.guide, textOf(later)).item.id);
    });

    it('GIVEN /mock WHEN the member writes an answer in the modal (view_submission) and marks every point THEN the score is in /mock history, and /mock forget + confirm empties it', async () => {
      const asked = await h.ask(BOB, '/mock', 'rag senior');
      expect(asked.response_type).toBe('ephemeral');
      const question = h.bot.guide.interviewQuestions.find((q) => textOf(asked).includes(q.question))!;
      expect(question).toMatchObject({ topic: 'rag', level: 'senior' });

      const views = h.fake.views.size;
      await h.click(BOB, open(asked), button('Write my answer'));
      const modal = await h.fake.waitFor(() => h.fake.views.size > views && h.fake.lastModal(BOB.id), 'the answer modal (views.open)');
      expect(validateView(modal.view)).toEqual([]); // and views.open refused anything beyond the limits
      expect((modal.view.blocks as Body[])[0]).toMatchObject({ type: 'input', element: { type: 'plain_text_input', multiline: true, max_length: 3000 } });

      const ephemerals = h.fake.ephemerals.length;
      const ack = await h.interactive(h.fake.viewSubmission(BOB, modal, { answer: 'I would check chunking first <@U0ALICE01> <!channel> *loud*\nthen retrieval recall.' }));
      expect(ack?.response_action).toBeUndefined(); // the modal closes
      const graded = await h.fake.waitFor(() => h.fake.ephemerals.slice(ephemerals).find((e) => e.user === BOB.id), 'the outline, privately');
      expect(graded.channel).toBe(CHANNEL.id);
      let out: Body = { text: graded.text, blocks: graded.blocks };
      expect(textOf(out)).toContain('Your answer');
      expect(textOf(out)).not.toContain('<@U0ALICE01>'); // no ping from the member's own text
      expect(textOf(out)).not.toContain('<!channel>');
      expect(textOf(out)).toContain(question.outline[0]!.slice(0, 60));

      const n = question.outline.length;
      for (let i = 1; i <= n; i++) out = await h.clickAndWait(BOB, open(out), button(i % 2 ? `${i} covered` : `${i} missed`));
      const covered = Math.ceil(n / 2);
      expect(textOf(out)).toContain(`Score: ${covered}/${n}`);

      expect(textOf(await h.ask(BOB, '/mock', 'history'))).toContain(`RAG and retrieval · Senior · *${covered}/${n}*`);
      expect(textOf(await h.ask(CAROL, '/mock', 'history'))).toContain('No mock interviews yet'); // not another member's

      const ask = await h.ask(BOB, '/mock', 'forget');
      expect(String(ask.text)).toBe('Delete your 1 stored mock answer and its score? This cannot be undone.');
      expect(textOf(await h.clickAndWait(BOB, open(ask), button('Delete 1 mock answer')))).toContain('Deleted 1 mock answer');
      expect(textOf(await h.ask(BOB, '/mock', 'history'))).toContain('No mock interviews yet');
    });

    it('GIVEN /plan nudge mon 09:00 Europe/Berlin WHEN the bot ticks at that instant THEN exactly one DM (conversations.open + chat.postMessage); "Stop these reminders" clicked in the IM stops it, and a week later no DM', async () => {
      h.clock.set('2026-03-04T12:00:00Z');
      const on = await h.ask(CAROL, '/plan', 'nudge mon 09:00 Europe/Berlin');
      expect(textOf(on)).toContain('Mondays at 09:00 (Europe/Berlin)');

      h.clock.set('2026-03-09T07:59:00Z'); // 08:59 in Berlin
      await h.bot.tick();
      expect(h.fake.dmMessages(CAROL.id)).toHaveLength(0);
      h.clock.set('2026-03-09T08:00:00Z'); // 09:00 in Berlin (CET)
      await h.bot.tick();
      expect(h.fake.callsTo('conversations.open').filter((c) => c.args.users === CAROL.id)).toHaveLength(1);
      const dms = h.fake.dmMessages(CAROL.id);
      expect(dms).toHaveLength(1);
      expect(textOf(dms[0]!)).toContain('0/12 roadmap items done');
      expect(textOf(dms[0]!)).toContain('Stop these reminders');
      expect(textOf(dms[0]!)).toContain('Type /practice to start'); // slash commands work in a Slack DM with the app
      h.clock.set('2026-03-09T08:01:00Z');
      await h.bot.tick();
      expect(h.fake.dmMessages(CAROL.id)).toHaveLength(1);

      const stopped = await h.clickAndWait(CAROL, posted(dms[0]!, imOf(CAROL)), button('Stop these reminders'));
      expect(String(stopped.text)).toMatch(/^Weekly reminders stopped/);
      expect(textOf(await h.ask(CAROL, '/plan'))).toContain('Weekly reminder: off');

      h.clock.set('2026-03-16T08:00:00Z');
      await h.bot.tick();
      expect(h.fake.dmMessages(CAROL.id)).toHaveLength(1);
      expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === imOf(CAROL).id)).toHaveLength(1);
    });

    it('GIVEN a member the app may not DM WHEN their nudge is due THEN one attempt, the nudge is off, and /plan tells them why in words meant for them', async () => {
      h.fake.dmErrors.set(ERIN.id, 'user_is_restricted');
      h.clock.set('2026-03-17T12:00:00Z');
      await h.ask(ERIN, '/plan', 'nudge mon 09:00 UTC');
      h.clock.set('2026-03-23T09:00:00Z');
      await h.bot.tick();
      const attempts = () => h.fake.callsTo('conversations.open').filter((c) => c.args.users === ERIN.id);
      expect(attempts()).toHaveLength(1);
      const plan = textOf(await h.ask(ERIN, '/plan'));
      expect(plan).toContain('Weekly reminder: off. I could not send your last reminder: a workspace setting stops the app from messaging you.');
      expect(plan).not.toContain(`<@${ERIN.id}>`);
      h.clock.set('2026-03-30T09:00:00Z');
      await h.bot.tick();
      expect(attempts()).toHaveLength(1);
    });

    it('GIVEN app_home_opened THEN views.publish shows the member\'s own practice due and plan progress within Block Kit limits; its Practice button answers by DM', async () => {
      h.clock.set('2026-04-01T10:00:00Z');
      // Dan misses a practice item and marks a plan item done.
      const q0 = await h.ask(DAN, '/practice');
      const q = readQuestion(h.bot.guide, textOf(q0));
      await h.clickAndWait(DAN, open(q0), button(q.wrong));
      const plan = await h.ask(DAN, '/plan');
      const mark = await h.click(DAN, open(plan), (e) => e.type === 'static_select' && e.action_id.startsWith('plan:done'), { selected: { text: 'LLM Fundamentals', value: 'llm-fundamentals' } });
      expect(textOf((await h.fake.waitForResponse(mark.responseUrl)).body)).toContain('Marked *LLM Fundamentals* done');
      h.clock.advance(DAY);

      const publishes = h.fake.callsTo('views.publish').length;
      await h.event(h.fake.homeOpened(DAN));
      await h.fake.waitForCalls('views.publish', publishes + 1);
      const home = h.fake.home(DAN.id)!;
      expect(validateView(home.view)).toEqual([]);
      const shown = textOf({ blocks: home.view.blocks });
      expect(shown).toContain('1 item due now');
      expect(shown).toContain('Your plan: 1/12 done');
      expect(shown).not.toMatch(/U0ALICE01|U0BOB0001|U0CAROL01/); // nobody else's data

      const dms = h.fake.dmMessages(DAN.id).length;
      await h.interactive(h.fake.homeClick(DAN, button('Practice')));
      const dm = await h.fake.waitFor(() => h.fake.dmMessages(DAN.id)[dms], 'the practice question by DM');
      expect(textOf(dm)).toContain('Due for review');
      const again = readQuestion(h.bot.guide, textOf(dm));
      expect(again.item.id).toBe(q.item.id);
      const fb = await h.clickAndWait(DAN, posted(dm, imOf(DAN)), button(again.right));
      expect(textOf(fb)).toContain(`Right — ${again.right}`);
    });
  });
}
