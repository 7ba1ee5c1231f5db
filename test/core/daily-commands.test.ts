/**
 * Issue 10, items 7–9: a /daily that explains itself. Which schedule each
 * action works on, what `set` over an existing schedule changed (and kept),
 * a preview that is the real next question, and pause by date or duration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console.js';
import { ManualClock } from '../../src/core/clock.js';
import { RecordingPoster } from '../helpers/recording-poster.js';
import { renderMessage } from '../../src/adapters/discord/render.js';
import { renderReply } from '../../src/adapters/slack/render.js';
import { scope } from '../helpers/bot.js';

let s: ConsoleSession;
const flat = (t: string) => t.replace(/\s+/g, ' ');

beforeEach(async () => {
  // Wednesday 25 November 2026, 07:00 UTC. The console user is in #console.
  s = await consoleSession({ clock: new ManualClock('2026-11-25T07:00:00Z') });
});
afterEach(async () => {
  await s.cleanup();
});

describe('which schedule an action works on (item 7)', () => {
  it('with one schedule set from another channel, skip/pause/resume/now/off use it', async () => {
    await s.type('/daily set #eng 09:00 UTC weekdays');
    const skip = flat(await s.type('/daily skip'));
    expect(skip).not.toMatch(/no daily question set up/i);
    expect(skip).toContain('#eng');
    expect(skip).toContain('2026-11-25');
    expect(flat(await s.type('/daily pause 3d'))).toContain('#eng');
    expect(flat(await s.type('/daily resume'))).toContain('#eng');
    expect(flat(await s.type('/daily now'))).toMatch(/Preview/);
    expect(flat(await s.type('/daily off'))).toMatch(/#eng is off/);
    expect(await s.store.listSchedules()).toEqual([]);
  });

  it('with several, an action without a channel asks which (and changes nothing); with a channel it acts', async () => {
    await s.type('/daily set #eng 09:00 UTC');
    await s.type('/daily set #ml 10:00 UTC');
    const ask = flat(await s.type('/daily skip'));
    expect(ask).toMatch(/2 daily questions/);
    expect(ask).toContain('#eng');
    expect(ask).toContain('#ml');
    expect(ask).toContain('/daily skip #eng');
    expect((await s.store.listSchedules()).every((x) => x.skipDates.length === 0)).toBe(true);
    expect(flat(await s.type('/daily skip #ml'))).toContain('#ml');
    expect((await s.store.getSchedule('console:console:ml'))!.skipDates).toEqual(['2026-11-25']);
  });

  it('in a channel that has its own schedule, that one is meant', async () => {
    await s.type('/daily set #eng 09:00 UTC');
    await s.type('/daily set #console 10:00 UTC');
    expect(flat(await s.type('/daily skip'))).toContain('#console');
  });

  it('status lists every schedule in the workspace, wherever it is asked', async () => {
    await s.type('/daily set #eng 09:00 UTC');
    await s.type('/daily set #ml 10:00 Europe/Berlin');
    const status = flat(await s.type('/daily status'));
    expect(status).toContain('#eng');
    expect(status).toContain('#ml');
  });

  it('with none, actions say so and show how to set one', async () => {
    const r = flat(await s.type('/daily skip'));
    expect(r).toMatch(/No daily question is set up/);
    expect(r).toContain('/daily set');
  });
});

describe('set over an existing schedule (item 8)', () => {
  it('says what changed, and the console, Discord and Slack all show it', async () => {
    await s.type('/daily set #eng 09:00 UTC');
    const r = await s.bot.runText('/daily set #eng 10:00 Europe/Berlin', s.chat.scope());
    const lead = /updated.*time 09:00 → 10:00.*timezone UTC → Europe\/Berlin/;
    expect(flat((await s.type('/daily set #eng 10:30 Europe/Berlin')))).toMatch(/time 10:00 → 10:30/);
    expect(flat(JSON.stringify(renderMessage(r, { target: 'reply' }).content))).toMatch(lead);
    expect(flat(JSON.stringify(renderReply(r).blocks))).toMatch(lead);
  });

  it('keeps an active pause, skip dates, topic and mention unless told otherwise', async () => {
    await s.type('/daily set #eng 09:00 UTC topic:rag @here');
    await s.type('/daily pause 2026-12-10 #eng');
    await s.type('/daily skip #eng');
    const before = (await s.store.getSchedule('console:console:eng'))!;
    expect(before.skipDates).toEqual(['2026-12-10']); // paused until the 10th, so the next post skipped is that one
    const r = flat(await s.type('/daily set #eng 10:00 UTC'));
    const after = (await s.store.getSchedule('console:console:eng'))!;
    expect(after.pausedUntil).toBe('2026-12-10');
    expect(after.topic).toBe('rag');
    expect(after.mention).toBe('@here');
    expect(after.skipDates).toEqual(before.skipDates);
    expect(after.days).toEqual(before.days);
    expect(r).toMatch(/paused until 2026-12-10/);

    await s.type('/daily set #eng 10:00 UTC topic:all mention:none');
    const cleared = (await s.store.getSchedule('console:console:eng'))!;
    expect(cleared.topic).toBeNull();
    expect(cleared.mention).toBeNull();
  });

  it('the same settings again: nothing changed', async () => {
    await s.type('/daily set #eng 09:00 UTC');
    expect(flat(await s.type('/daily set #eng 09:00 UTC'))).toMatch(/nothing changed/i);
  });

  it('a timezone alias is kept as written, with a note on the clock it keeps', async () => {
    const r = flat(await s.type('/daily set #eng 09:00 cet'));
    expect(r).toContain('09:00 CET');
    expect(r).toMatch(/CET is an alias: same clock as Europe\/Brussels/);
    expect((await s.store.getSchedule('console:console:eng'))!.timezone).toBe('CET');
  });
});

describe('/daily now and pause (item 9)', () => {
  it('now previews the real next question of the only schedule (its topic, its rotation), and when it goes out', async () => {
    const poster = new RecordingPoster('console');
    s.bot.attachPoster(poster);
    await s.type('/daily set #eng 09:00 UTC daily topic:rag');
    const preview = await s.bot.runText('/daily now', s.chat.scope());
    expect(preview.visibility).toBe('private');
    expect(flat(preview.cards.map((c) => `${c.body} ${c.footer}`).join(' '))).toMatch(/Wed 25 Nov, 09:00 UTC/);
    s.clock.set('2026-11-25T09:00:30Z');
    await s.bot.tick();
    const posted = poster.posts[0]!.reply;
    expect(posted.actions[0]![0]!.id).toBe(preview.actions[0]![0]!.id); // interview:reveal:<same question>
    // The next preview is the next question, not the one just posted.
    const next = await s.bot.runText('/daily now', s.chat.scope());
    expect(next.actions[0]![0]!.id).not.toBe(posted.actions[0]![0]!.id);
    expect(flat(next.cards.map((c) => `${c.body} ${c.footer}`).join(' '))).toMatch(/Thu 26 Nov/);
  });

  it('pause takes a number of days or weeks', async () => {
    await s.type('/daily set #eng 09:00 UTC');
    expect(flat(await s.type('/daily pause 2w'))).toContain('2026-12-09');
    expect((await s.store.getSchedule('console:console:eng'))!.pausedUntil).toBe('2026-12-09');
    await s.type('/daily pause 10');
    expect((await s.store.getSchedule('console:console:eng'))!.pausedUntil).toBe('2026-12-05');
    await s.type('/daily pause 3d');
    expect((await s.store.getSchedule('console:console:eng'))!.pausedUntil).toBe('2026-11-28');
    await s.type('/daily resume');
    expect((await s.store.getSchedule('console:console:eng'))!.pausedUntil).toBeNull();
  });

  it('examples never show a date in the past', async () => {
    await s.cleanup();
    s = await consoleSession({ clock: new ManualClock('2027-06-01T07:00:00Z') });
    await s.type('/daily set #eng 09:00 UTC');
    const dates = (t: string) => [...t.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]);
    for (const line of ['/daily pause 2026-12-28', '/daily pause 2027-02-30', '/daily pause soon', '/help daily', '/daily pause']) {
      const out = await s.type(line);
      const shown = dates(out).filter((d) => !line.includes(d));
      expect(shown.every((d) => d > '2027-06-01'), `${line}: ${shown.join(', ')}`).toBe(true);
    }
  });

  it('on Discord, a status line names every schedule and no reply leaks a raw date example', async () => {
    const discord = scope({ platform: 'discord', workspaceId: '111111111111111111', channelId: '222222222222222222', mentions: { everyone: true, hint: '' } });
    await s.bot.runText('/daily set <#333333333333333333> 09:00 UTC', discord);
    const r = await s.bot.runText('/daily', discord);
    expect(r.cards[0]?.body).toContain('<#333333333333333333>');
  });
});
