/**
 * The quiz and daily-post promises under ordinary latency and faults, through
 * the real Bolt app (HTTP mode) against the fake Slack, with the bot's
 * background scheduler running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, ALICE, startHarness, textOf, type Channel, type Harness } from './fake-slack/harness.js';
import type { StoredMessage } from './fake-slack/server.js';
import { BACKENDS } from '../helpers/bot.js';

const isQuestion = (m: StoredMessage): boolean => m.text.startsWith('Quiz:');
const isRevealed = (m: StoredMessage): boolean => m.text.startsWith('Quiz answer:');

describe.each(BACKENDS)('Slack: quiz and daily lifecycle under latency, faults and restarts, on %s', (backend) => {
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const chans = (n: number): Channel[] => Array.from({ length: n }, (_, i) => ({ id: `C0Q${String(i).padStart(6, '0')}`, name: `q${i}` }));

  for (const latencyMs of [250, 1500]) {
    it(`GIVEN ${latencyMs} ms posting latency and the sweeper running WHEN 50 quizzes start at once THEN each channel gets exactly one question message, and every one is revealed`, async () => {
      h = await startHarness('http', { start: '2026-03-02T10:00:00Z', backend });
      const harness = h;
      harness.fake.latency('chat.postMessage', latencyMs);
      harness.fake.latency('chat.update', latencyMs);
      harness.bot.start();
      const list = chans(50);
      const started = await Promise.all(list.map((c) => harness.ask(ALICE, '/quiz', 'questions:1 seconds:10', c)));
      for (const s of started) expect(textOf(s)).toMatch(/Started/);
      await harness.fake.waitFor(() => list.every((c) => harness.fake.channelMessages(c.id).some(isQuestion)) || undefined, 'a question everywhere', 20_000);
      harness.clock.advance(11_000);
      await harness.fake.waitFor(() => list.every((c) => harness.fake.channelMessages(c.id).some(isRevealed)) || undefined, 'a reveal everywhere', 40_000);
      await harness.bot.stop();
      for (const c of list) {
        const msgs = harness.fake.channelMessages(c.id);
        expect(msgs, `messages in ${c.id}`).toHaveLength(1);
        expect(isRevealed(msgs[0]!)).toBe(true);
      }
    }, 90_000);
  }

  it('GIVEN a channel the bot cannot see WHEN /quiz starts THEN the starter is told why, nothing is retried, and the next /quiz is not blocked', async () => {
    h = await startHarness('http', { start: '2026-03-02T10:00:00Z', backend });
    const c: Channel = { id: 'C0PRIVATE1', name: 'secret' };
    h.fake.channelErrors.set(c.id, 'channel_not_found');
    const a = await h.ask(ALICE, '/quiz', 'questions:3 seconds:10', c);
    expect(a.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(textOf(a)).toMatch(/can.t post in <#C0PRIVATE1>/);
    const posts = () => h!.fake.callsTo('chat.postMessage').filter((x) => x.args.channel === c.id).length;
    const before = posts();
    for (let i = 0; i < 6; i++) {
      h.clock.advance(15_000);
      await h.bot.quiz.sweep();
    }
    expect(posts()).toBe(before);
    h.fake.channelErrors.delete(c.id);
    const b = await h.ask(ALICE, '/quiz', 'questions:1 seconds:10', c);
    expect(textOf(b)).toMatch(/Started/);
  });

  it('GIVEN a daily schedule in an archived channel WHEN it comes due THEN it pauses itself after the first permanent error, and /daily status says why', async () => {
    h = await startHarness('http', { start: '2026-03-02T08:59:00Z', backend });
    const c: Channel = { id: 'C0ARCHIVE1', name: 'old' };
    const set = await h.ask(ADMIN, '/daily', 'set <#C0ARCHIVE1|old> 09:00 UTC', c);
    expect(textOf(set)).not.toMatch(/only admins/i);
    h.fake.channelErrors.set(c.id, 'is_archived');
    h.clock.set('2026-03-02T09:00:30Z');
    await h.bot.daily.tick();
    const posts = () => h!.fake.callsTo('chat.postMessage').filter((x) => x.args.channel === c.id).length;
    const after = posts();
    expect(after).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(30 * 60_000);
      await h.bot.daily.tick();
    }
    expect(posts()).toBe(after);
    const status = await h.ask(ADMIN, '/daily', 'status', c);
    expect(textOf(status)).toMatch(/paused/i);
    expect(textOf(status)).toMatch(/archived/);
    expect(textOf(status)).toContain('/daily resume');
  });
});
