/**
 * Issue 10, item 17: Principal is not Staff. The guide's SWE salary row is
 * Staff (L6/E6); Principal is the next step on its IC ladder and has no band.
 * L/E codes belong to the SWE rows, as in the guide.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import type { Reply } from '../../src/core/reply.js';

let tb: TestBot;
beforeAll(async () => {
  tb = await makeTestBot();
});
afterAll(async () => {
  await tb.cleanup();
});
const all = (r: Reply) => [r.text, r.lead ?? '', ...r.cards.flatMap((c) => [c.title ?? '', c.body ?? '', c.footer ?? '', ...(c.fields ?? []).flatMap((f) => `${f.label}\n${f.value}`)])].join('\n').replace(/\s+/g, ' ');
const salary = async (text: string) => all(await tb.bot.runCommandText('salary', text, scope()));

describe('/salary and Principal', () => {
  it('swe principal says the guide has no Principal band and shows Staff as the nearest', async () => {
    const r = await salary('swe principal');
    expect(r).toMatch(/no Principal SWE band|no band for Principal/i);
    expect(r).toMatch(/Principal SWE is the step above Staff SWE/);
    expect(r).toContain('Staff SWE (L6/E6)');
    expect(r).toContain('$210K–$260K');
    expect(r).toMatch(/nearest/i);
  });

  it('ai principal is the guide’s own Staff / Principal AI row, without that note', async () => {
    const r = await salary('ai principal');
    expect(r).toContain('Staff / Principal AI Engineer');
    expect(r).toContain('$240K–$320K');
    expect(r).not.toMatch(/step above Staff/);
  });

  it('principal alone compares both, with the note for the SWE side; staff alone is not called Principal for SWE', async () => {
    const both = await salary('principal');
    expect(both).toMatch(/Principal SWE is the step above Staff SWE/);
    const staff = await salary('staff');
    expect(staff).not.toMatch(/Staff \/ Principal: Software Engineer/);
    expect(staff).toContain('Staff SWE (L6/E6)');
  });

  it('an L/E code with the AI role says the codes are the SWE rows’ and which AI level is shown', async () => {
    const r = await salary('ai L5');
    expect(r).toContain('Senior AI Engineer');
    expect(r).toMatch(/L5\/E5 is the guide’s code for Senior SWE/);
    const swe = await salary('swe E5');
    expect(swe).toContain('Senior SWE (L5/E5)');
    expect(swe).not.toMatch(/guide’s code for/);
  });
});
