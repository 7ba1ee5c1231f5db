/**
 * Issue 10, item 2: only people allowed to ping everyone can make the bot do it.
 * A daily mention of @everyone/@here (Discord) or @channel/@here (Slack), or of a
 * role the member could not mention themselves, is refused with the reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestBot, scope, type TestBot } from '../helpers/bot.js';
import type { Scope } from '../../src/core/command.js';

let tb: TestBot;
beforeEach(async () => {
  tb = await makeTestBot();
});
afterEach(async () => {
  await tb.cleanup();
});

const ROLES: Record<string, { name: string; mentionable: boolean }> = {
  '333333333333333331': { name: 'mods', mentionable: false },
  '333333333333333332': { name: 'study-group', mentionable: true },
};

/** A Discord member with Manage Server; `everyone` = the Mention Everyone permission. */
function discordMember(everyone: boolean): Scope {
  return scope({
    platform: 'discord',
    workspaceId: '111111111111111111',
    channelId: '222222222222222222',
    isAdmin: true,
    mentions: {
      everyone,
      hint: 'On Discord that needs the Mention Everyone permission.',
      role: async (id) => ROLES[id] ?? null,
    },
  });
}

const CH = '<#222222222222222229>';

describe('Discord', () => {
  it('a manager without Mention Everyone cannot schedule @everyone or @here; the reason is given and nothing is stored', async () => {
    for (const m of ['@everyone', '@here']) {
      const r = await tb.bot.runCommandText('daily', `set ${CH} 09:00 UTC ${m}`, discordMember(false));
      expect(r.visibility).toBe('private');
      expect(r.error).toBe(true);
      expect(r.cards[0]?.body).toMatch(/Mention Everyone/);
    }
    expect(await tb.store.listSchedules()).toEqual([]);
  });

  it('a member with Mention Everyone can', async () => {
    const r = await tb.bot.runCommandText('daily', `set ${CH} 09:00 UTC @here`, discordMember(true));
    expect(r.error).toBeFalsy();
    expect((await tb.store.listSchedules())[0]?.mention).toBe('@here');
  });

  it('a role that is not mentionable needs Mention Everyone; a mentionable one does not', async () => {
    const refused = await tb.bot.runCommandText('daily', `set ${CH} 09:00 UTC <@&333333333333333331>`, discordMember(false));
    expect(refused.error).toBe(true);
    expect(refused.cards[0]?.body).toMatch(/mods/);
    expect(refused.cards[0]?.body).toMatch(/not mentionable/);
    expect(await tb.store.listSchedules()).toEqual([]);

    const ok = await tb.bot.runCommandText('daily', `set ${CH} 09:00 UTC <@&333333333333333332>`, discordMember(false));
    expect(ok.error).toBeFalsy();
    expect((await tb.store.listSchedules())[0]?.mention).toBe('<@&333333333333333332>');

    const anyRole = await tb.bot.runCommandText('daily', `set ${CH} 10:00 UTC <@&333333333333333331>`, discordMember(true));
    expect(anyRole.error).toBeFalsy();
  });

  it('an unknown role is refused', async () => {
    const r = await tb.bot.runCommandText('daily', `set ${CH} 09:00 UTC <@&333333333333333339>`, discordMember(true));
    expect(r.error).toBe(true);
    expect(r.cards[0]?.body).toMatch(/no role/i);
  });

  it('with no way to check rights (an adapter that says nothing), channel-wide mentions are refused', async () => {
    const r = await tb.bot.runCommandText('daily', `set ${CH} 09:00 UTC @everyone`, { ...discordMember(true), mentions: undefined });
    expect(r.error).toBe(true);
  });
});

describe('Slack', () => {
  const slack = (everyone: boolean): Scope =>
    scope({
      platform: 'slack',
      workspaceId: 'T1',
      channelId: 'C0GENERAL',
      isAdmin: true,
      mentions: { everyone, hint: 'On Slack only workspace admins and owners can do that.' },
    });

  it('@channel and @here need a workspace admin; they are stored as Slack mentions that really notify', async () => {
    for (const m of ['@channel', '<!here>', '@here', '<!subteam^S0DEVS01|@devs>']) {
      const r = await tb.bot.runCommandText('daily', `set <#C0ENG0001|eng> 09:00 UTC ${m}`, slack(false));
      expect(r.error, m).toBe(true);
      expect(r.cards[0]?.body, m).toMatch(/workspace admins/);
    }
    expect(await tb.store.listSchedules()).toEqual([]);
    await tb.bot.runCommandText('daily', 'set <#C0ENG0001|eng> 09:00 UTC @here', slack(true));
    expect((await tb.store.listSchedules())[0]?.mention).toBe('<!here>');
  });

  it('a person may be mentioned by anyone who may use /daily', async () => {
    const r = await tb.bot.runCommandText('daily', 'set <#C0ENG0001|eng> 09:00 UTC <@U0ALICE01|alice>', slack(false));
    expect(r.error).toBeFalsy();
    expect((await tb.store.listSchedules())[0]?.mention).toBe('<@U0ALICE01>');
  });

  it('text that is not a mention is refused rather than posted as plain text', async () => {
    const r = await tb.bot.runCommandText('daily', 'set <#C0ENG0001|eng> 09:00 UTC @nobody', slack(true));
    expect(r.error).toBe(true);
  });
});
