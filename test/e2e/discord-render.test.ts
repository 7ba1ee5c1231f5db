/**
 * The pure parts of the Discord adapter: Reply -> message payload, CommandDef ->
 * command JSON and the registration diff, and the environment config. Every
 * rendered payload is checked with the same validator the fake Discord uses.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACCENT_COLOURS, EPHEMERAL, embedChars, renderChoices, renderMessage, allowedMentions } from '../../src/adapters/discord/render.js';
import { buildCommand, buildCommands, CommandDefinitionError, diffCommands, hasChanges, normaliseCommand } from '../../src/adapters/discord/commands.js';
import { loadDiscordConfig, DiscordConfigError, discordEnabled, DEFAULT_DISCORD_API_URL } from '../../src/adapters/discord/config.js';
import { nonceFor } from '../../src/adapters/discord/poster.js';
import { isTransient, withBackoff } from '../../src/adapters/discord/backoff.js';
import { checkCommandList, checkMessage, checkChoices } from './fake-discord/validate.js';
import { DISCORD_DOCS as L } from './fake-discord/limits.js';
import type { CommandDef } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import { realGuide } from '../helpers/bot.js';
import { loadCommands } from '../../src/core/registry.js';

const base = (over: Partial<Reply> = {}): Reply => ({ visibility: 'public', text: 'hello', cards: [], actions: [], ...over });
const long = (n: number, ch = 'x'): string => ch.repeat(n);

describe('renderMessage', () => {
  it('GIVEN a private reply WHEN rendered for an interaction THEN it is ephemeral; public and channel posts are not', () => {
    expect(renderMessage(base({ visibility: 'private' })).flags).toBe(EPHEMERAL);
    expect(renderMessage(base()).flags).toBeUndefined();
    expect(renderMessage(base({ visibility: 'private' }), { target: 'channel' }).flags).toBeUndefined();
    expect(renderMessage(base({ visibility: 'private' }), { target: 'edit' }).flags).toBeUndefined();
  });

  it('GIVEN cards WHEN rendered THEN they become embeds with accent colours, inline fields and footers, and text is not repeated', () => {
    const m = renderMessage(
      base({
        text: 'fallback',
        cards: [{ title: 'T', body: '**bold** _it_ `code`\n- a\n- b', fields: [{ label: 'A', value: '1', inline: true }, { label: 'B', value: '2' }], footer: 'F', accent: 'ai' }],
      }),
    );
    expect(m.content).toBe('');
    expect(m.embeds).toEqual([
      { color: ACCENT_COLOURS.ai, title: 'T', description: '**bold** _it_ `code`\n- a\n- b', fields: [{ name: 'A', value: '1', inline: true }, { name: 'B', value: '2' }], footer: { text: 'F' } },
    ]);
    expect(renderMessage(base({ cards: [{ title: 'no accent' }] })).embeds[0]!.color).toBe(ACCENT_COLOURS.neutral);
  });

  it('GIVEN every part over its limit WHEN rendered THEN each is cut with an ellipsis and the total stays ≤ 6000', () => {
    const m = renderMessage(
      base({
        text: long(3000),
        cards: Array.from({ length: 12 }, () => ({
          title: long(300),
          body: long(5000),
          fields: Array.from({ length: 30 }, () => ({ label: long(300), value: long(2000) })),
          footer: long(3000),
        })),
      }),
    );
    expect(checkMessage(m, { requireBody: true, allowEphemeral: true })).toEqual([]);
    expect(embedChars(m.embeds)).toBeLessThanOrEqual(L.embedTotal);
    expect(m.embeds[0]!.title).toHaveLength(L.embedTitle);
    expect(m.embeds[0]!.title!.endsWith('…')).toBe(true);
    const textOnly = renderMessage(base({ text: long(3000) }));
    expect(textOnly.content).toHaveLength(L.content);
    expect(checkMessage(textOnly, { requireBody: true })).toEqual([]);
  });

  it('GIVEN many small cards WHEN rendered THEN at most 10 embeds are sent', () => {
    const m = renderMessage(base({ cards: Array.from({ length: 14 }, (_, k) => ({ title: `c${k}`, body: 'b' })) }));
    expect(m.embeds).toHaveLength(L.embeds);
  });

  it('GIVEN empty labels and values WHEN rendered THEN fields stay valid (zero-width space)', () => {
    const m = renderMessage(base({ cards: [{ title: 't', fields: [{ label: '', value: '' }] }] }));
    expect(checkMessage(m)).toEqual([]);
  });

  it('GIVEN a surrogate pair at the cut WHEN truncated THEN it is not split', () => {
    const m = renderMessage(base({ cards: [{ title: long(L.embedTitle - 2) + '😀😀' }] }));
    expect(m.embeds[0]!.title).not.toMatch(/[\ud800-\udbff]…$/);
  });

  it('GIVEN actions over the limits WHEN rendered THEN rows hold ≤ 5 buttons, a select sits alone, ≤ 5 rows, ids are unique and ≤ 100', () => {
    const m = renderMessage(
      base({
        actions: [
          Array.from({ length: 12 }, (_, k) => ({ kind: 'button' as const, id: `a:${k}`, label: long(100) })),
          [
            { kind: 'button', id: 'a:0', label: 'duplicate id' },
            { kind: 'button', id: long(101), label: 'id too long' },
            { kind: 'select', id: 'pick', placeholder: long(200), options: Array.from({ length: 30 }, (_, k) => ({ label: long(150), value: `v${k}`, description: long(150) })) },
            { kind: 'button', id: 'after', label: 'after the select', style: 'danger' },
          ],
        ],
      }),
    );
    expect(checkMessage(m)).toEqual([]);
    expect(m.components).toHaveLength(L.actionRows);
    expect(m.components.map((r) => r.components.length)).toEqual([5, 5, 2, 1, 1]);
    expect(m.components[3]!.components[0]).toMatchObject({ type: 3, custom_id: 'pick' });
    expect((m.components[3]!.components[0] as { options: unknown[] }).options).toHaveLength(25);
    expect(m.components[4]!.components[0]).toMatchObject({ type: 2, custom_id: 'after', style: 4 });
    expect(m.components.flatMap((r) => r.components).every((c) => c.custom_id.length <= 100)).toBe(true);
  });

  it('GIVEN a channel post with mentions in its text WHEN rendered THEN content carries exactly those mentions and only they may ping', () => {
    const m = renderMessage(base({ text: '@here <@&123456789012345678> Question of the day', cards: [{ title: 'Q' }] }), { target: 'channel' });
    expect(m.content).toBe('@here <@&123456789012345678>');
    expect(m.allowed_mentions).toEqual({ parse: ['everyone'], roles: ['123456789012345678'] });
    expect(renderMessage(base({ text: '@here hi', cards: [{ title: 'Q' }] })).allowed_mentions).toEqual({ parse: [] });
    expect(allowedMentions('<@123456789012345678> and <@!223456789012345678>')).toEqual({ parse: [], users: ['123456789012345678', '223456789012345678'] });
  });

  it('GIVEN autocomplete suggestions WHEN rendered THEN ≤ 25 valid choices; values that do not fit are dropped, integer options get numbers', () => {
    const choices = Array.from({ length: 40 }, (_, k) => ({ name: long(150), value: k === 0 ? long(101) : `v${k}` }));
    const out = renderChoices(choices);
    expect(out).toHaveLength(25);
    expect(out[0]!.value).toBe('v1');
    expect(checkChoices(out)).toEqual([]);
    expect(renderChoices([{ name: 'three', value: '3' }, { name: 'bad', value: 'x' }], 'integer')).toEqual([{ name: 'three', value: 3 }]);
  });

  it('GIVEN the renderers WHEN their sources are read THEN they import no SDK at run time (pure, testable)', () => {
    for (const f of ['render.ts', 'commands.ts']) {
      const src = readFileSync(fileURLToPath(new URL(`../../src/adapters/discord/${f}`, import.meta.url)), 'utf8');
      const imports = src.match(/^import\s(?!type\s).*from\s+'([^']+)'/gm) ?? [];
      for (const line of imports) expect(line).not.toMatch(/discord\.js|@discordjs|discord-api-types/);
    }
  });
});

describe('command JSON and the registration diff', () => {
  const def = (over: Partial<CommandDef> = {}): CommandDef => ({
    name: 'demo',
    description: 'A demo',
    example: '/demo',
    run: () => base(),
    ...over,
  });

  it('GIVEN the real commands WHEN built THEN Discord would accept them (names, descriptions, choices, order, 8000 chars)', async () => {
    const defs = await loadCommands(realGuide());
    for (const scope of ['global', 'guild'] as const) {
      const json = buildCommands(defs, scope);
      expect(checkCommandList(json)).toEqual([]);
    }
    const global = buildCommands(defs, 'global');
    const daily = global.find((c) => c.name === 'daily')!;
    expect(daily.default_member_permissions).toBe('32');
    expect(daily.contexts).toEqual([0]);
    expect(daily.integration_types).toEqual([0]);
    const channelOpt = daily.options!.find((o) => o.name === 'set')!.options!.find((o) => o.name === 'channel')!;
    expect(channelOpt).toMatchObject({ type: 7, required: true, channel_types: [0, 5] });
    const skill = global.find((c) => c.name === 'skill')!;
    expect(skill.options!.find((o) => o.name === 'name')).toMatchObject({ type: 3, autocomplete: true });
    expect(skill.default_member_permissions).toBeNull();
    expect(buildCommands(defs, 'guild').every((c) => c.contexts === undefined && c.integration_types === undefined)).toBe(true);
  });

  it('GIVEN options out of order, choices, integers and autocomplete WHEN built THEN required come first and types map to Discord', () => {
    const c = buildCommand(
      def({
        options: [
          { name: 'opt', description: 'optional', type: 'string', choices: [{ name: 'A', value: 'a' }], autocomplete: () => [] },
          { name: 'n', description: 'count', type: 'integer', required: true, min: 1, max: 10, choices: [{ name: 'one', value: '1' }] },
          { name: 'flag', description: 'flag', type: 'boolean' },
        ],
      }),
      'guild',
    );
    expect(c.options).toEqual([
      { type: 4, name: 'n', description: 'count', required: true, choices: [{ name: 'one', value: 1 }], min_value: 1, max_value: 10 },
      { type: 3, name: 'opt', description: 'optional', choices: [{ name: 'A', value: 'a' }] },
      { type: 5, name: 'flag', description: 'flag' },
    ]);
  });

  it('GIVEN invalid definitions WHEN built THEN they fail here with the command and option named', () => {
    expect(() => buildCommand(def({ name: 'Bad Name' }), 'global')).toThrow(CommandDefinitionError);
    expect(() => buildCommand(def({ options: [{ name: 'x', description: 'x', type: 'string', choices: Array.from({ length: 26 }, (_, k) => ({ name: `${k}`, value: `${k}` })) }] }), 'global')).toThrow(/option "x": 26 choices/);
    expect(() => buildCommand(def({ options: [{ name: 'x', description: 'x', type: 'string', choices: [{ name: 'v', value: long(101) }] }] }), 'global')).toThrow(/choice value/);
    expect(() => buildCommands([def(), def()], 'global')).toThrow(/declared twice/);
    expect(buildCommand(def({ description: long(150) }), 'global').description).toHaveLength(L.commandDescription);
  });

  it('GIVEN what Discord echoes back (ids, versions, defaults) WHEN diffed THEN it equals the local JSON; a real change is detected', () => {
    const local = [buildCommand(def({ options: [{ name: 'q', description: 'query', type: 'string', required: false }] }), 'global')];
    const echoed = [
      {
        id: '1234567890123456789',
        application_id: '1234567890123456780',
        version: '1234567890123456781',
        type: 1,
        name: 'demo',
        description: 'A demo',
        default_member_permissions: null,
        dm_permission: true,
        contexts: [0],
        integration_types: [0],
        nsfw: false,
        name_localizations: null,
        description_localizations: null,
        options: [{ type: 3, name: 'q', description: 'query', max_length: 100 }],
      },
    ];
    expect(hasChanges(diffCommands(local, echoed, 'global'))).toBe(false);
    expect(diffCommands(local, [{ ...echoed[0], description: 'changed' }], 'global').changed).toEqual(['demo']);
    expect(diffCommands(local, [], 'global').added).toEqual(['demo']);
    expect(diffCommands(local, [...echoed, { ...echoed[0], name: 'old' }], 'global').removed).toEqual(['old']);
    expect(diffCommands(local, [{ ...echoed[0], contexts: null }], 'global').changed).toEqual(['demo']);
    // Guild commands: contexts are not ours to compare.
    const guildLocal = [buildCommand(def(), 'guild')];
    expect(hasChanges(diffCommands(guildLocal, [{ ...echoed[0], options: undefined, contexts: null, guild_id: '1' }], 'guild'))).toBe(false);
    expect(normaliseCommand({ name: 'x', description: 'y' }, 'global')).toMatchObject({ type: 1, default_member_permissions: null, integration_types: [0] });
  });
});

describe('Discord config from the environment', () => {
  const env = { DISCORD_TOKEN: 'MTIz.NDU2.secret-part-xyz', DISCORD_APPLICATION_ID: '123456789012345678' };

  it('GIVEN the required variables WHEN parsed THEN defaults apply and the API URL is normalised', () => {
    expect(loadDiscordConfig(env)).toEqual({ token: env.DISCORD_TOKEN, applicationId: env.DISCORD_APPLICATION_ID, apiUrl: DEFAULT_DISCORD_API_URL, shards: 'auto' });
    expect(loadDiscordConfig({ ...env, DISCORD_API_URL: 'http://127.0.0.1:9999/api/v10/', DISCORD_GUILD_ID: '223456789012345678' })).toMatchObject({
      apiUrl: 'http://127.0.0.1:9999/api',
      guildId: '223456789012345678',
    });
    expect(loadDiscordConfig({ ...env, DISCORD_GUILD_ID: '' }).guildId).toBeUndefined();
    expect(discordEnabled({})).toBe(false);
    expect(discordEnabled(env)).toBe(true);
  });

  it('GIVEN bad values WHEN parsed THEN the error names each variable and never shows the token', () => {
    let err: unknown;
    try {
      loadDiscordConfig({ DISCORD_TOKEN: 'not a token at all', DISCORD_APPLICATION_ID: 'abc', DISCORD_API_URL: 'ftp://x', DISCORD_GUILD_ID: '12' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiscordConfigError);
    const msg = (err as Error).message;
    for (const v of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'DISCORD_GUILD_ID']) expect(msg).toContain(v);
    expect(msg).not.toContain('not a token at all');
    expect(() => loadDiscordConfig({})).toThrow(/DISCORD_TOKEN: is required/);
  });

  it('GIVEN DISCORD_SHARDS and DISCORD_SHARD_IDS WHEN parsed THEN counts, lists and ranges are read, and bad ones are named', () => {
    expect(loadDiscordConfig({ ...env, DISCORD_SHARDS: '8', DISCORD_SHARD_IDS: '0-2,5' })).toMatchObject({ shards: 8, shardIds: [0, 1, 2, 5] });
    expect(loadDiscordConfig({ ...env, DISCORD_SHARDS: 'AUTO', DISCORD_SHARD_IDS: '3' })).toMatchObject({ shards: 'auto', shardIds: [3] });
    expect(() => loadDiscordConfig({ ...env, DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS: must be auto or a whole number/);
    expect(() => loadDiscordConfig({ ...env, DISCORD_SHARD_IDS: '3-1' })).toThrow(/DISCORD_SHARD_IDS: must list shard ids/);
    expect(() => loadDiscordConfig({ ...env, DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '2-4' })).toThrow(/DISCORD_SHARD_IDS: every id must be below DISCORD_SHARDS \(4\)/);
  });
});

describe('poster helpers', () => {
  it('GIVEN an idempotency key WHEN turned into a nonce THEN it is ≤ 25 chars and stable', () => {
    expect(nonceFor('short-key')).toBe('short-key');
    const k = 'daily:discord:123456789012345678:223456789012345678:2026-11-25';
    expect(nonceFor(k)).toHaveLength(25);
    expect(nonceFor(k)).toBe(nonceFor(k));
    expect(nonceFor(k)).not.toBe(nonceFor(k + 'x'));
  });

  it('GIVEN failures WHEN retried THEN only transient ones are, with growing delays', async () => {
    expect(isTransient({ status: 503 })).toBe(true);
    expect(isTransient({ status: 404 })).toBe(false);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new Error('plain'))).toBe(false);
    let n = 0;
    const delays: number[] = [];
    await expect(withBackoff(async () => { n++; throw { status: 500 }; }, { attempts: 3, baseMs: 10, maxMs: 100 }, (_e, _a, d) => delays.push(d))).rejects.toEqual({ status: 500 });
    expect(n).toBe(3);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    n = 0;
    await expect(withBackoff(async () => { n++; throw { status: 400 }; }, { attempts: 3, baseMs: 10 })).rejects.toEqual({ status: 400 });
    expect(n).toBe(1);
  });
});
