/** Every command's name, description, options and choices fit both platforms' limits. */
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/core/registry.js';
import { DISCORD_LIMITS, SLACK_LIMITS } from '../../src/core/limits.js';
import { realGuide } from '../helpers/bot.js';
import type { OptionDef } from '../../src/core/command.js';

const defs = await loadCommands(realGuide());

describe('command definitions fit Discord and Slack', () => {
  it('has the minimum command set', () => {
    const names = defs.map((d) => d.name);
    for (const n of ['salary', 'skill', 'interview', 'quiz', 'leaderboard', 'daily', 'roadmap', 'career', 'compare', 'dayinlife', 'faq', 'help']) expect(names).toContain(n);
    expect(names.length).toBeLessThanOrEqual(100);
  });

  for (const d of defs) {
    it(`/${d.name}`, () => {
      const problems: string[] = [];
      const check = (ok: boolean, what: string) => ok || problems.push(what);
      check(DISCORD_LIMITS.commandNamePattern.test(d.name) && d.name === d.name.toLowerCase(), `name "${d.name}"`);
      check(d.name.length <= SLACK_LIMITS.commandName, 'name too long for Slack');
      check(d.description.length >= 1 && d.description.length <= DISCORD_LIMITS.commandDescription, `description ${d.description.length} chars`);
      check(d.example.startsWith(`/${d.name}`), 'example must start with the command');
      const checkOpts = (opts: OptionDef[], at: string) => {
        check(opts.length <= DISCORD_LIMITS.options, `${at}: too many options`);
        const names = new Set<string>();
        let seenOptional = false;
        for (const o of opts) {
          check(/^[-_\p{Ll}\p{N}]{1,32}$/u.test(o.name), `${at}.${o.name}: option name`);
          check(!names.has(o.name), `${at}.${o.name}: duplicate`);
          names.add(o.name);
          check(o.description.length >= 1 && o.description.length <= DISCORD_LIMITS.commandDescription, `${at}.${o.name}: description ${o.description.length}`);
          if (o.required) check(!seenOptional, `${at}.${o.name}: required options must come first (Discord)`);
          else seenOptional = true;
          check(!(o.choices && o.autocomplete), `${at}.${o.name}: choices and autocomplete are exclusive on Discord`);
          for (const c of o.choices ?? []) {
            check(c.name.length >= 1 && c.name.length <= DISCORD_LIMITS.choiceName, `${at}.${o.name}: choice name "${c.name}"`);
            check(c.value.length <= DISCORD_LIMITS.choiceValue, `${at}.${o.name}: choice value "${c.value}"`);
          }
          check((o.choices ?? []).length <= DISCORD_LIMITS.choices, `${at}.${o.name}: too many choices`);
        }
      };
      if (d.subcommands) {
        check(d.subcommands.length <= DISCORD_LIMITS.options, 'too many subcommands');
        for (const s of d.subcommands) {
          check(/^[-_\p{Ll}\p{N}]{1,32}$/u.test(s.name), `subcommand ${s.name}`);
          check(s.description.length >= 1 && s.description.length <= DISCORD_LIMITS.commandDescription, `subcommand ${s.name} description`);
          checkOpts(s.options, s.name);
        }
      } else checkOpts(d.options ?? [], d.name);
      const total = JSON.stringify(d, (k, v) => (typeof v === 'function' ? undefined : v)).length;
      check(total <= DISCORD_LIMITS.commandTotal, `definition ${total} chars`);
      expect(problems).toEqual([]);
    });
  }
});
