/**
 * Forms (modals), the App Home tab and direct messages on Slack, end to end: the
 * real Bolt app and the real core against the fake Slack, which checks every view
 * against Slack's documented limits (fake-slack/limits.ts, literal), hands out
 * trigger_ids valid 3 s, and sends view_submission / app_home_opened the way this
 * mode delivers them (Socket Mode envelopes, or signed HTTP requests).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, CHANNEL, ENG, fromResponse, startHarness, textOf, type Harness } from './fake-slack/harness.js';
import { validateView } from './fake-slack/validate.js';
import { FakeSlack } from './fake-slack/server.js';
import { formCommands, type Submission } from '../helpers/form-commands.js';
import { isPermanent, PostError } from '../../src/core/poster.js';
import { reply } from '../../src/core/reply.js';

type View = Record<string, any>;

for (const mode of ['socket', 'http'] as const) {
  describe(`Slack forms, App Home and DMs (${mode === 'socket' ? 'Socket Mode' : 'HTTP'})`, () => {
    let h: Harness;
    const submissions: Submission[] = [];
    let homeCards = 0;

    beforeAll(async () => {
      h = await startHarness(mode, { commands: formCommands(submissions, { homeCards: () => homeCards }) });
    });
    afterEach(() => {
      homeCards = 0;
      h.fake.notMember.clear();
      expect(h.fake.violations).toEqual([]);
    });
    afterAll(async () => {
      await h?.close();
    });

    const modalFor = async (user: { id: string }, after: number): Promise<{ id: string; view: View }> => {
      const opened = await h.fake.waitFor(() => {
        const v = h.fake.lastModal(user.id);
        return v && h.fake.views.size > after ? v : undefined;
      }, 'a modal opened with views.open');
      return { id: opened.id, view: opened.view as View };
    };

    it('GIVEN a command answering with a form WHEN it runs THEN views.open opens the modal with the trigger, and the submission is answered ephemerally in the channel', async () => {
      const before = h.fake.views.size;
      const { responseUrl } = await h.command(ALICE, '/formtest', '', ENG);
      const { view } = await modalFor(ALICE, before);
      expect(view).toMatchObject({ type: 'modal', callback_id: 'formtest:save:q1', title: { type: 'plain_text', text: 'Your answer' }, submit: { text: 'Save my answer' } });
      expect(JSON.parse(view.private_metadata)).toEqual({ c: ENG.id });
      const [answer, note] = view.blocks as View[];
      expect(answer).toMatchObject({ type: 'input', block_id: 'answer', optional: false, element: { type: 'plain_text_input', action_id: 'answer', multiline: true, min_length: 2, max_length: 2000 } });
      expect(note).toMatchObject({ type: 'input', block_id: 'note', optional: true, element: { action_id: 'note', max_length: 100, initial_value: 'first try' } });

      const opened = h.fake.lastModal(ALICE.id)!;
      const ack = await h.interactive(h.fake.viewSubmission(ALICE, opened, { answer: 'Retrieval <grounds> the *answer*', note: '' }));
      expect(ack?.response_action).toBeUndefined(); // a plain ack closes the modal
      const eph = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === ALICE.id && e.channel === ENG.id), 'the ephemeral answer');
      expect(textOf(eph)).toMatch(/Your answer, saved/);
      expect(submissions.at(-1)).toMatchObject({ id: 'formtest:save:q1', platform: 'slack', channelId: ENG.id, userId: ALICE.id, workspaceId: h.fake.workspace.teamId, values: { answer: 'Retrieval <grounds> the *answer*', note: '' } });
      // The form replaced the command's answer: nothing went to its response_url.
      expect(h.fake.responsesTo(responseUrl)).toHaveLength(0);
    });

    it('GIVEN a submission the action refuses (an error reply) THEN the ack shows the error on the form and nothing is posted', async () => {
      const before = h.fake.views.size;
      await h.command(BOB, '/formtest', '', CHANNEL);
      await modalFor(BOB, before);
      const posts = h.fake.ephemerals.length;
      const ack = await h.interactive(h.fake.viewSubmission(BOB, h.fake.lastModal(BOB.id)!, { answer: 'no' }));
      expect(ack).toMatchObject({ response_action: 'errors', errors: { answer: expect.stringMatching(/too short/) } });
      expect(h.fake.ephemerals).toHaveLength(posts);
    });

    it('GIVEN a submit action slower than the 3 s ack window THEN the view is acked in time and the answer follows in the channel', async () => {
      const before = h.fake.views.size;
      await h.command(BOB, '/formtest', '', ENG);
      await modalFor(BOB, before);
      const posts = h.fake.ephemerals.length;
      const t0 = Date.now();
      const ack = await h.interactive(h.fake.viewSubmission(BOB, h.fake.lastModal(BOB.id)!, { answer: 'slow' }));
      expect(Date.now() - t0).toBeLessThan(3_000); // the fake's Socket Mode ack timeout is 3 s as well
      expect(ack?.response_action).toBeUndefined();
      const eph = await h.fake.waitFor(() => h.fake.ephemerals.slice(posts).find((e) => e.user === BOB.id), 'the late answer', 5_000);
      expect(textOf(eph)).toMatch(/Your answer, saved/);
    });

    it('GIVEN a "Write my answer" button WHEN clicked THEN the click opens the modal, and the submission is answered; when the bot cannot post in the channel the answer comes as a DM', async () => {
      const body = await h.ask(CAROL, '/formbtn', '', CHANNEL);
      const before = h.fake.views.size;
      await h.click(CAROL, fromResponse(body, CHANNEL), (e) => e.text === 'Write my answer');
      const { view } = await modalFor(CAROL, before);
      expect(view.callback_id).toBe('formtest:save:q2');
      h.fake.notMember.add(CHANNEL.id); // chat.postEphemeral answers not_in_channel
      await h.interactive(h.fake.viewSubmission(CAROL, h.fake.lastModal(CAROL.id)!, { answer: 'From a button' }));
      const dm = await h.fake.waitFor(() => h.fake.dmMessages(CAROL.id)[0], 'the DM fallback');
      expect(textOf(dm)).toMatch(/Your answer, saved/);
      expect(submissions.at(-1)).toMatchObject({ id: 'formtest:save:q2', values: { answer: 'From a button', note: 'first try' } });
    });

    it('GIVEN a form whose title, labels and lengths exceed Slack limits THEN the renderer cuts them so the fake accepts the modal', async () => {
      const before = h.fake.views.size;
      await h.command(ALICE, '/formtest', 'long', CHANNEL);
      const { view } = await modalFor(ALICE, before);
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.title.text.endsWith('…')).toBe(true);
      expect(view.submit.text.length).toBeLessThanOrEqual(24);
      expect(view.blocks[0].element.max_length).toBe(3000);
      expect(view.blocks[0].element.placeholder.text.length).toBeLessThanOrEqual(150);
      expect(view.blocks[1].element.initial_value).toHaveLength(100);
      expect(validateView(view)).toEqual([]);
    });

    it('GIVEN a member opens the App Home tab THEN /me is published as their home view (the Messages tab publishes nothing)', async () => {
      const publishes = h.fake.callsTo('views.publish').length;
      await h.event(h.fake.homeOpened(ALICE, undefined, 'messages'));
      await h.event(h.fake.homeOpened(ALICE));
      const home = await h.fake.waitFor(() => h.fake.home(ALICE.id), 'the Home tab');
      expect((home.view as View).type).toBe('home');
      expect(textOf({ blocks: (home.view as View).blocks })).toMatch(/Your home/);
      expect(h.fake.callsTo('views.publish')).toHaveLength(publishes + 1);
    });

    it('GIVEN a home longer than a message may be THEN the Home tab keeps up to 100 blocks, within the limits the fake checks', async () => {
      homeCards = 60; // ~120 blocks of content
      await h.event(h.fake.homeOpened(BOB));
      const home = await h.fake.waitFor(() => h.fake.home(BOB.id), 'the long Home tab');
      const blocks = (home.view as View).blocks as View[];
      expect(blocks.length).toBeGreaterThan(50);
      expect(blocks.length).toBeLessThanOrEqual(100);
      expect(blocks.at(-1)!.type).toBe('actions'); // the buttons are kept
      expect(validateView(home.view)).toEqual([]);
    });

    it('GIVEN buttons on the Home tab WHEN clicked THEN they route like block actions: a form opens (its answer comes as a DM: no channel), another answer is a DM', async () => {
      await h.event(h.fake.homeOpened(CAROL));
      await h.fake.waitFor(() => h.fake.home(CAROL.id), 'the Home tab');
      const dms = h.fake.dmMessages(CAROL.id).length;
      await h.interactive(h.fake.homeClick(CAROL, (e) => e.text === 'Say hello'));
      const hello = await h.fake.waitFor(() => h.fake.dmMessages(CAROL.id)[dms], 'the DM answer');
      expect(hello.text).toMatch(/from your home/);

      const before = h.fake.views.size;
      await h.interactive(h.fake.homeClick(CAROL, (e) => e.text === 'Write my answer'));
      const { view } = await modalFor(CAROL, before);
      expect(view.callback_id).toBe('formtest:save:home');
      expect(JSON.parse(view.private_metadata)).toEqual({});
      await h.interactive(h.fake.viewSubmission(CAROL, h.fake.lastModal(CAROL.id)!, { answer: 'From my home' }));
      const saved = await h.fake.waitFor(() => h.fake.dmMessages(CAROL.id)[dms + 1], 'the saved answer as a DM');
      expect(textOf(saved)).toMatch(/Your answer, saved/);
      expect(submissions.at(-1)).toMatchObject({ id: 'formtest:save:home', channelId: '' });
    });

    const nudge = reply({ text: 'Your week: 3 practice items are due.', cards: [{ title: 'This week', body: 'Next on your plan: **evals**.' }] });

    it('GIVEN the core sends a DM WHEN the response is lost after Slack posted it THEN the retry finds it by its key, and a later retry with mayExist adds nothing', async () => {
      const ref0 = await h.handle.poster.direct(ALICE.id, nudge, 'nudge:alice:w1');
      expect(ref0.channelId).toBe(h.fake.ims.get(ALICE.id));
      const first = h.fake.dmMessages(ALICE.id).find((m) => m.ts === ref0.messageId)!;
      expect(first.metadata?.event_payload).toEqual({ key: 'nudge:alice:w1' });

      const count = h.fake.dmMessages(ALICE.id).length;
      h.fake.fault('chat.postMessage', { kind: 'lost', status: 503 });
      const ref = await h.handle.poster.direct(ALICE.id, nudge, 'nudge:alice:w2');
      expect(ref.existing).toBe(true);
      const again = await h.handle.poster.direct(ALICE.id, nudge, 'nudge:alice:w2', { mayExist: true });
      expect(again).toMatchObject({ existing: true, messageId: ref.messageId });
      expect(h.fake.dmMessages(ALICE.id)).toHaveLength(count + 1);
    });

    it('GIVEN a user the app cannot DM THEN direct() fails permanently with Slack\'s reason', async () => {
      h.fake.dmErrors.set('U0BOTUSER', 'cannot_dm_bot');
      const err = await h.handle.poster.direct('U0BOTUSER', nudge, 'nudge:bot:w1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PostError);
      expect(isPermanent(err)).toBe(true);
      expect((err as PostError).code).toBe('cannot_dm_bot');
      expect(h.fake.callsTo('conversations.open').filter((c) => c.args.users === 'U0BOTUSER')).toHaveLength(1); // not retried
    });
  });
}

describe('the fake Slack refuses views beyond the documented limits', () => {
  const input = { type: 'input', block_id: 'answer', label: { type: 'plain_text', text: 'Answer' }, optional: false, element: { type: 'plain_text_input', action_id: 'answer', max_length: 3000 } };
  const modal = { type: 'modal', callback_id: 'formtest:save:q1', title: { type: 'plain_text', text: 'Your answer' }, submit: { type: 'plain_text', text: 'Save' }, blocks: [input] };
  const section = { type: 'section', text: { type: 'mrkdwn', text: 'hi' } };

  it('GIVEN valid views THEN no problem; GIVEN each limit exceeded THEN a problem naming it', () => {
    expect(validateView(modal)).toEqual([]);
    expect(validateView({ type: 'home', blocks: Array(100).fill(section) })).toEqual([]);
    expect(validateView({ ...modal, title: { type: 'plain_text', text: 't'.repeat(25) } }).join()).toMatch(/title: 25 chars > 24/);
    expect(validateView({ ...modal, submit: { type: 'plain_text', text: 's'.repeat(25) } }).join()).toMatch(/submit: 25 chars > 24/);
    expect(validateView({ ...modal, submit: undefined }).join()).toMatch(/submit: required/);
    expect(validateView({ ...modal, private_metadata: 'm'.repeat(3001) }).join()).toMatch(/private_metadata/);
    expect(validateView({ ...modal, callback_id: 'c'.repeat(256) }).join()).toMatch(/callback_id/);
    expect(validateView({ type: 'home', blocks: Array(101).fill(section) }).join()).toMatch(/101 > 100/);
    expect(validateView({ ...modal, blocks: [{ ...input, element: { ...input.element, max_length: 3001 } }] }).join()).toMatch(/max_length/);
    expect(validateView({ ...modal, blocks: [{ ...input, element: { ...input.element, max_length: 5, initial_value: 'toolong' } }] }).join()).toMatch(/initial_value/);
    expect(validateView({ type: 'home', blocks: [input] }).join()).toMatch(/input blocks are for modals/);
  });

  it('GIVEN views.open with an over-long title, an unknown, a used or an expired trigger THEN Slack\'s errors', async () => {
    const fake = await FakeSlack.start();
    try {
      const open = async (trigger: string, view: unknown): Promise<{ ok: boolean; error?: string }> => {
        const res = await fetch(`${fake.apiUrl}views.open`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ trigger_id: trigger, view }),
        });
        return (await res.json()) as { ok: boolean; error?: string };
      };
      const t1 = fake.trigger();
      expect(await open(t1, { ...modal, title: { type: 'plain_text', text: 'A title well over 24 chars' } })).toMatchObject({ ok: false, error: 'invalid_arguments' });
      expect(fake.violations.join()).toMatch(/title: 26 chars > 24/);
      fake.violations.length = 0;
      expect(await open(t1, modal)).toMatchObject({ ok: true });
      expect(await open(t1, modal)).toMatchObject({ ok: false, error: 'exchanged_trigger_id' });
      expect(await open('no-such-trigger', modal)).toMatchObject({ ok: false, error: 'invalid_trigger_id' });
      const old = fake.trigger();
      (fake as unknown as { triggers: Map<string, { at: number }> }).triggers.get(old)!.at -= 3_001;
      expect(await open(old, modal)).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    } finally {
      await fake.close();
    }
  });
});
