/**
 * The end-to-end scenarios both transports must pass (HTTP and Socket Mode):
 * the real Bolt app, the real core and store, the fake Slack on 127.0.0.1.
 * Every payload the app sends is validated by the fake; any violation fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { METADATA_EVENT_TYPE } from '../../../src/adapters/slack/poster.js';
import {
  ADMIN, ALICE, BOB, CAROL, CHANNEL, ENG, LISTED, OWNER,
  fromResponse, posted, startHarness, textOf, type Harness, type Mode,
} from './harness.js';

const SET_DAILY = `set <#${ENG.id}|${ENG.name}> 09:00 Europe/Berlin weekdays`;

export function sharedScenarios(mode: Mode): void {
  let h: Harness;

  beforeAll(async () => {
    // 07:00 UTC on Monday 2 March 2026 = 08:00 in Berlin, an hour before the daily slot.
    h = await startHarness(mode, { start: '2026-03-02T07:00:00Z' });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.fake.violations).toEqual([]);
    expect(h.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  describe(`GIVEN the Slack adapter over ${mode === 'http' ? 'HTTP' : 'Socket Mode'}`, () => {
    it('WHEN /salary ai senior THEN it is acked at once and answered ephemerally with Block Kit; "Post to channel" posts it in_channel', async () => {
      const { responseUrl, ackMs } = await h.command(ALICE, '/salary', 'ai senior');
      expect(ackMs).toBeLessThan(3000);
      const body = (await h.fake.waitForResponse(responseUrl)).body;
      expect(body.response_type).toBe('ephemeral');
      expect(String(body.text)).toMatch(/Senior AI Engineer: base \$/);
      const blocks = body.blocks as { type: string }[];
      expect(blocks[0]?.type).toBe('header');
      expect(blocks.some((b) => b.type === 'actions')).toBe(true);

      const shared = await h.clickAndWait(ALICE, fromResponse(body, CHANNEL), (e) => e.value?.startsWith('share:salary:') === true);
      expect(shared.response_type).toBe('in_channel');
      expect(shared.replace_original).toBe(false);
      expect(String(shared.text)).toMatch(/Senior AI Engineer/);
    });

    it('WHEN /skill is misspelled THEN nearest matches come back as buttons, and a click shows the entry', async () => {
      const body = await h.ask(BOB, '/skill', 'retreival');
      expect(body.response_type).toBe('ephemeral');
      expect(textOf(body)).toMatch(/Did you mean/);
      const suggestion = fromResponse(body, CHANNEL);
      const entry = await h.clickAndWait(BOB, suggestion, (e) => e.value === 'skill:show:rag-architecture');
      expect(textOf(entry)).toMatch(/RAG architecture/);
      expect(entry.response_type).toBe('ephemeral');
    });

    it('WHEN an unknown command arrives THEN it is still acked and answered with a friendly error', async () => {
      const body = await h.ask(ALICE, '/salery', 'ai');
      expect(textOf(body)).toMatch(/There is no `\/salery` command/);
    });

    it('WHEN three users play a quiz round, one clicking twice THEN the first answer counts, and the deadline reveal is a chat.update', async () => {
      const before = h.fake.callsTo('chat.postMessage').length;
      const started = await h.ask(ALICE, '/quiz', 'questions:1 seconds:30');
      expect(String(started.text)).toMatch(/Started a quiz question/);
      const [roundCall] = (await h.fake.waitForCalls('chat.postMessage', before + 1)).slice(before);
      expect(roundCall?.args.channel).toBe(CHANNEL.id);
      const round = h.fake.channelMessages(CHANNEL.id).at(-1)!;
      const asPosted = posted({ ...round, blocks: structuredClone(round.blocks) }, CHANNEL);
      const letterButtons = ['A', 'B', 'C', 'D'].map((l) => (e: { text?: string }) => e.text === l);

      const a = await h.clickAndWait(ALICE, posted(round, CHANNEL), letterButtons[0]!);
      const b = await h.clickAndWait(BOB, posted(round, CHANNEL), letterButtons[1]!);
      const c1 = await h.clickAndWait(CAROL, posted(round, CHANNEL), letterButtons[2]!);
      const c2 = await h.clickAndWait(CAROL, posted(round, CHANNEL), letterButtons[3]!);
      for (const r of [a, b, c1, c2]) {
        expect(r.response_type).toBe('ephemeral');
        expect(r.replace_original).toBe(false);
      }
      expect(String(a.text)).toMatch(/Got it: you answered A/);
      expect(String(c1.text)).toMatch(/Got it: you answered C/);
      expect(String(c2.text)).toMatch(/You already answered C/);
      expect(h.fake.callsTo('chat.update')).toHaveLength(0);

      h.clock.advance(31_000);
      await h.bot.tick();
      const [update] = await h.fake.waitForCalls('chat.update', 1);
      expect(update?.args.ts).toBe(round.ts);
      const reveal = h.fake.channelMessages(CHANNEL.id).find((m) => m.ts === round.ts)!;
      const correct = /Quiz answer: ([A-D])\./.exec(reveal.text)?.[1];
      expect(correct).toBeDefined();
      const chose: Record<string, string> = { A: ALICE.id, B: BOB.id, C: CAROL.id };
      const shown = textOf(reveal);
      for (const [letter, user] of Object.entries(chose)) {
        if (letter === correct) expect(shown).toContain(`<@${user}>`);
        else expect(shown).not.toContain(`<@${user}>`);
      }
      expect(shown).toContain(`Right (${correct === 'D' ? 0 : 1}/3)`);

      expect(shown).toMatch(/Why/);
      // A late click (a client still showing the buttons) is refused politely.
      const late = await h.clickAndWait(BOB, asPosted, letterButtons[0]!);
      expect(String(late.text)).toMatch(/already ended/);
    });

    it('WHEN a non-admin runs /daily set THEN it is refused with the reason; admins, owners and listed users may', async () => {
      const refused = await h.ask(ALICE, '/daily', SET_DAILY);
      expect(textOf(refused)).toMatch(/Only admins can use `\/daily set`/);
      expect(textOf(refused)).toMatch(/workspace admins and owners/);
      expect(h.fake.callsTo('users.info').some((c) => c.args.user === ALICE.id)).toBe(true);

      const listed = await h.ask(LISTED, '/daily', 'status');
      expect(textOf(listed)).not.toMatch(/Only admins/);
      expect(h.fake.callsTo('users.info').some((c) => c.args.user === LISTED.id)).toBe(false); // allow-list: no lookup

      const owner = await h.ask(OWNER, '/daily', 'status');
      expect(textOf(owner)).not.toMatch(/Only admins/);

      // Listed users may manage /daily, but pinging the whole channel needs a workspace admin.
      const ping = await h.ask(LISTED, '/daily', `${SET_DAILY} @channel`);
      expect(textOf(ping)).toMatch(/only workspace admins and owners can make the bot ping/i);
      expect(h.fake.callsTo('users.info').some((c) => c.args.user === LISTED.id)).toBe(true);

      const ok = await h.ask(ADMIN, '/daily', `${SET_DAILY} @here`);
      expect(ok.response_type).toBe('ephemeral');
      expect(String(ok.text)).toBe(`Daily interview question set up for <#${ENG.id}>.`);
    });

    it('WHEN the daily slot comes THEN one chat.postMessage with metadata, and a second tick posts nothing more', async () => {
      const before = h.fake.callsTo('chat.postMessage').length;
      await h.bot.tick(); // 08:00 Berlin: not yet
      expect(h.fake.channelMessages(ENG.id)).toHaveLength(0);

      h.clock.set('2026-03-02T08:00:30Z'); // 09:00:30 in Berlin
      await h.bot.tick();
      const msgs = h.fake.channelMessages(ENG.id);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]?.text.startsWith('<!here> ')).toBe(true); // a Slack mention that really notifies
      expect(msgs[0]?.metadata).toEqual({
        event_type: METADATA_EVENT_TYPE,
        event_payload: { key: `daily:slack:${h.fake.workspace.teamId}:${ENG.id}:2026-03-02` },
      });

      h.clock.advance(60_000);
      await h.bot.tick();
      expect(h.fake.channelMessages(ENG.id)).toHaveLength(1);
      expect(h.fake.callsTo('chat.postMessage').length).toBe(before + 1);
    });

    it('WHEN a daily post is retried with the same key THEN the earlier message is returned, even if the first answer was lost', async () => {
      const reply = { visibility: 'public' as const, text: 'Daily question', cards: [{ title: 'Q', body: 'Why?' }], actions: [] };
      const first = await h.handle.poster.post(ENG.id, reply, 'daily:test:lost');
      // A retry that may follow a post that went through (a lease taken over) looks in history first.
      const again = await h.handle.poster.post(ENG.id, reply, 'daily:test:lost', { mayExist: true });
      expect(again).toEqual({ ...first, existing: true });
      expect(h.fake.callsTo('conversations.history').at(-1)?.args).toMatchObject({ channel: ENG.id, include_all_metadata: 'true' });

      // The post goes through but the answer is a 500: the retry must find it, not post twice.
      h.fake.fault('chat.postMessage', { kind: 'lost', status: 500 });
      const countBefore = h.fake.channelMessages(ENG.id).length;
      const ref = await h.handle.poster.post(ENG.id, reply, 'daily:test:lost-2');
      expect(h.fake.channelMessages(ENG.id)).toHaveLength(countBefore + 1);
      expect(ref.messageId).toBe(h.fake.channelMessages(ENG.id).at(-1)?.ts);
    });

    it('WHEN chat.postMessage answers 429 with Retry-After THEN the post waits that long and then succeeds', async () => {
      h.fake.fault('chat.postMessage', { kind: 'ratelimit', retryAfterSec: 1 });
      const before = h.fake.callsTo('chat.postMessage').length;
      const { responseUrl, ackMs } = await h.command(BOB, '/quiz', 'seconds:10', ENG);
      // The ack does not wait for the rate limit: the retried post had not been made yet.
      expect(h.fake.callsTo('chat.postMessage').slice(before).filter((c) => c.status === 200)).toHaveLength(0);
      expect(ackMs).toBeLessThan(3000);
      const started = (await h.fake.waitForResponse(responseUrl, 1, 8000)).body;
      expect(String(started.text)).toMatch(/Started/);
      const calls = h.fake.callsTo('chat.postMessage').slice(before);
      expect(calls.map((c) => c.status)).toEqual([429, 200]);
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
      h.clock.advance(11_000);
      await h.bot.tick(); // close the round so later tests start clean
    });

    it('WHEN chat.postMessage fails once with a 5xx THEN it is retried and posted once', async () => {
      h.fake.fault('chat.postMessage', { kind: 'http', status: 503 });
      const before = h.fake.channelMessages(CHANNEL.id).length;
      const ref = await h.handle.poster.post(CHANNEL.id, { visibility: 'public', text: 'hello', cards: [], actions: [] });
      expect(h.fake.channelMessages(CHANNEL.id)).toHaveLength(before + 1);
      expect(ref.messageId).toBe(h.fake.channelMessages(CHANNEL.id).at(-1)?.ts);
    });
  });
}
