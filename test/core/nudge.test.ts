/**
 * The weekly plan nudge (issue 15): once per week at the member's local time,
 * across DST changes, never after opt-out, off for good after a permanent DM
 * failure, and one DM even when two bots (two processes) tick on one store.
 * Time is the injected clock; the bot's own tick drives the sends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import { BACKENDS, makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import { PostError, type MessageRef, type PostOptions, type Poster } from '../../src/core/poster.js';
import type { Reply } from '../../src/core/reply.js';
import { isoWeek } from '../../src/core/nudge.js';
import { Metrics } from '../../src/server/metrics.js';

const open: { cleanup(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.cleanup()));
});

/** Ticks the bot every `stepMin` minutes from `from` to `to` and returns when each DM was printed. */
async function drive(s: ConsoleSession, from: string, to: string, stepMin = 15): Promise<string[]> {
  const sent: string[] = [];
  s.clock.set(from);
  s.drain();
  while (s.clock.now().getTime() <= new Date(to).getTime()) {
    await s.bot.tick();
    const out = s.drain();
    const n = out.split('[DM to ada]').length - 1;
    for (let i = 0; i < n; i++) sent.push(s.clock.now().toISOString());
    s.clock.advance(stepMin * 60_000);
  }
  return sent;
}

describe('weekly nudge through the console', () => {
  it('GIVEN a weekly nudge WHEN two weeks of ticks pass THEN the operator sees two sent nudges in the Prometheus counter', async () => {
    const metrics = new Metrics();
    const s = await consoleSession({ metrics });
    open.push(s);
    s.clock.set('2026-06-01T08:00:00Z');
    await s.type('/plan nudge mon 10:15 UTC');
    const sent = await drive(s, '2026-06-01T09:00:00Z', '2026-06-09T00:00:00Z', 30);
    expect(sent).toHaveLength(2);
    expect(await metrics.registry.metrics()).toContain('careerbot_nudges_total{platform="console",outcome="sent"} 2');
  });

  it('GIVEN Mondays 09:00 Europe/Berlin WHEN the clocks go forward on 2026-03-29 THEN one DM a week at 09:00 local: 08:00 UTC before, 07:00 UTC after', async () => {
    const s = await consoleSession({ clock: undefined });
    open.push(s);
    s.clock.set('2026-03-20T12:00:00Z');
    expect(await s.type('/plan nudge mon 09:00 Europe/Berlin')).toContain('Weekly reminder on');
    const sent = await drive(s, '2026-03-21T00:00:00Z', '2026-04-07T00:00:00Z');
    expect(sent).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z']);
  });

  it('GIVEN Sundays 01:30 America/New_York WHEN 01:30 happens twice on 2026-11-01 THEN one DM that week (the first 01:30), and the next week at 01:30 EST', async () => {
    const s = await consoleSession();
    open.push(s);
    s.clock.set('2026-10-20T12:00:00Z');
    await s.type('/plan nudge sun 01:30 America/New_York');
    const sent = await drive(s, '2026-10-24T00:00:00Z', '2026-11-09T00:00:00Z');
    expect(sent).toEqual(['2026-10-25T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-08T06:30:00.000Z']);
  });

  it('the DM lists the next plan items and the practice due; "Stop these reminders" on it ends them for good', async () => {
    const s = await consoleSession();
    open.push(s);
    s.clock.set('2026-06-01T08:00:00Z');
    await s.type('/plan nudge mon 10:15 UTC');
    const plan = await s.type('/plan');
    await s.type(s.button(plan, 'LLM Fundamentals'));
    const q = await s.type('/practice');
    await s.type(s.button(q, 'A'));
    s.clock.set('2026-06-01T10:15:00Z');
    await s.bot.tick();
    const dm = s.drain();
    expect(dm).toContain('[DM to ada]');
    expect(dm).toContain('1/12 roadmap items done');
    expect(dm).toContain('OpenAI / Anthropic API');
    expect(dm).toMatch(/0 items due now · next due in/);
    const stop = await s.type(s.button(dm, 'Stop these reminders'));
    expect(stop).toContain('Weekly reminders stopped');
    const later = await drive(s, '2026-06-01T10:30:00Z', '2026-06-30T00:00:00Z', 60);
    expect(later).toEqual([]);
    expect((await s.store.getNudge('console:console:ada'))!.enabled).toBe(false);
  });
});

/** A platform poster that records DMs (the core's view of Discord or Slack), optionally failing. */
class DmPoster implements Poster {
  dms: { userId: string; key: string; reply: Reply }[] = [];
  fail: Error | null = null;
  constructor(readonly platform: 'slack' | 'discord' = 'slack') {}
  async post(channelId: string): Promise<MessageRef> {
    return { channelId, messageId: 'x' };
  }
  async edit(): Promise<void> {}
  async direct(userId: string, reply: Reply, key: string, _opts?: PostOptions): Promise<MessageRef> {
    await new Promise((r) => setImmediate(r)); // a network round trip: the other process gets to run meanwhile
    if (this.fail) throw this.fail;
    this.dms.push({ userId, key, reply });
    return { channelId: `D-${userId}`, messageId: `dm-${this.dms.length}` };
  }
}

describe.each(BACKENDS)('nudges on %s', (backend) => {
  it('two bots on one store ticking at once send each member one nudge', async () => {
    const a = await makeTestBot({ backend });
    open.push(a);
    const b: TestBot = await makeTestBot(backend === 'postgres' ? { databaseUrl: a.databaseUrl } : { dbPath: a.dbPath });
    open.push(b);
    const [pa, pb] = [new DmPoster(), new DmPoster()];
    a.bot.attachPoster(pa);
    b.bot.attachPoster(pb);
    a.clock.set('2026-03-02T07:00:00Z');
    for (let i = 0; i < 10; i++) {
      const r = await a.bot.runCommandText('plan', 'nudge mon 08:00 UTC', scope({ platform: 'slack', workspaceId: 'T1', userId: `U${i}` }));
      expect(r.error).toBeUndefined();
    }
    for (const t of ['2026-03-02T08:00:00Z', '2026-03-02T08:01:00Z', '2026-03-02T09:00:00Z']) {
      a.clock.set(t);
      b.clock.set(t);
      await Promise.all([a.bot.tick(), b.bot.tick(), a.bot.nudges.tick(), b.bot.nudges.tick()]);
    }
    const all = [...pa.dms, ...pb.dms];
    expect(all.map((d) => d.userId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `U${i}`).sort());
    expect(new Set(all.map((d) => d.key)).size).toBe(10);
    expect(all[0]!.key).toMatch(/^nudge:slack:T1:U\d:2026-W10$/);
  });

  it('a permanent DM failure turns the nudge off with the reason; a transient one is retried', async () => {
    const t = await makeTestBot({ backend });
    open.push(t);
    const p = new DmPoster('discord');
    t.bot.attachPoster(p);
    t.clock.set('2026-03-02T07:00:00Z');
    const who = scope({ platform: 'discord', workspaceId: 'G1', userId: 'U1' });
    await t.bot.runCommandText('plan', 'nudge mon 08:00 UTC', who);
    t.clock.set('2026-03-02T08:00:00Z');
    p.fail = new Error('socket hang up');
    await t.bot.nudges.tick();
    expect(p.dms).toHaveLength(0);
    p.fail = null;
    t.clock.set('2026-03-02T08:05:00Z');
    await t.bot.nudges.tick();
    expect(p.dms).toHaveLength(1);
    expect((await t.store.getNudgeSend('discord:G1:U1', '2026-W10'))!.attempts).toBe(2);

    p.fail = new PostError('permanent', 'I cannot send you direct messages: your DMs are closed.', 50007);
    t.clock.set('2026-03-09T08:00:00Z');
    await t.bot.nudges.tick();
    const n = await t.store.getNudge('discord:G1:U1');
    expect(n!.enabled).toBe(false);
    expect(n!.disabledReason).toContain('DMs are closed');
    p.fail = null;
    t.clock.set('2026-03-16T08:00:00Z');
    await t.bot.nudges.tick();
    expect(p.dms).toHaveLength(1);
    expect((await t.bot.runCommand('plan', { options: {} }, who)).cards.some((c) => c.body?.includes('DMs are closed'))).toBe(true);
  });
});

describe('isoWeek', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(isoWeek('2026-03-23')).toBe('2026-W13');
    expect(isoWeek('2026-03-29')).toBe('2026-W13');
    expect(isoWeek('2026-03-30')).toBe('2026-W14');
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });
});
