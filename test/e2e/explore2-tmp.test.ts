import { afterAll, beforeAll, describe, it } from 'vitest';
import { ALICE, BOB, CHANNEL, fromResponse, posted, startHarness, textOf, type Harness } from './fake-slack/harness.js';

describe('explore slack', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('socket'); });
  afterAll(async () => { await h?.close(); });
  it('x', async () => {
    const log = (n: string, b: unknown) => console.log(n, JSON.stringify(b, null, 1));
    const p = await h.ask(ALICE, '/practice');
    log('PRACTICE', p);
    const fb = await h.clickAndWait(ALICE, fromResponse(p, CHANNEL), (e) => e.text === 'B');
    log('FEEDBACK', { text: fb.text, t: textOf(fb) });
    await h.ask(ALICE, '/plan', 'nudge mon 09:00 Europe/Berlin');
    await h.event(h.fake.homeOpened(ALICE));
    const home = await h.fake.waitFor(() => h.fake.home(ALICE.id), 'home');
    log('HOME', home.view);
    await h.interactive(h.fake.homeClick(ALICE, (e) => e.text === 'Practice'));
    const dm = await h.fake.waitFor(() => h.fake.dmMessages(ALICE.id)[0], 'dm');
    log('HOMEDM', { text: dm.text, t: textOf(dm) });
    h.clock.set('2026-03-09T08:00:00Z'); await h.bot.tick();
    const n = h.fake.dmMessages(ALICE.id);
    log('NUDGE', n.map((m) => textOf(m)));
    const m = await h.ask(BOB, '/mock', 'rag');
    log('MOCK', textOf(m));
    h.fake.dmErrors.set(BOB.id, 'cannot_dm_bot');
    await h.ask(BOB, '/plan', 'nudge mon 09:00 UTC');
    h.clock.set('2026-03-16T09:00:00Z'); await h.bot.tick();
    log('BOBPLAN', textOf(await h.ask(BOB, '/plan')));
  });
});
