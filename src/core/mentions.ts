/**
 * The one mention the bot ever sends: the one an admin configures for a daily
 * post. Who may configure which mention is decided here, once, from the
 * rights the adapter reports (Scope.mentions):
 * - a whole channel or server (@everyone, @here; Slack @channel): only members
 *   the platform lets do that themselves;
 * - a Discord role: anyone if the role is mentionable, else only those who may
 *   mention every role; a Slack user group: workspace admins;
 * - a person: anyone who may use /daily.
 * The mention is stored in the platform's own syntax, so it really notifies
 * (Slack only pings for <!here>, never for a plain "@here").
 */
import type { Scope } from './command.js';
import { quote } from './safe.js';

export type MentionCheck = { ok: true; mention: string | null } | { ok: false; problem: string };

const WIDE = /^(?:@|<!)(everyone|here|channel)(?:\|[^>]*)?>?$/i;

export async function checkDailyMention(raw: string | undefined, scope: Scope): Promise<MentionCheck> {
  if (raw === undefined) return { ok: true, mention: null };
  const t = raw.trim();
  if (/^(none|off|no|nobody)$/i.test(t)) return { ok: true, mention: null };
  const rights = scope.mentions;
  const mayPingAll = async (): Promise<boolean> => {
    const e = rights?.everyone;
    return typeof e === 'function' ? await e().catch(() => false) : e === true;
  };
  const refuse = (what: string): MentionCheck => ({
    ok: false,
    problem: `You cannot make the daily question ping ${what}. ${rights?.hint ?? 'Only members allowed to ping everyone can.'}`,
  });

  const wide = WIDE.exec(t);
  if (wide) {
    const word = wide[1]!.toLowerCase();
    if (scope.platform === 'discord' && word === 'channel') return { ok: false, problem: 'On Discord, use @here (people online) or @everyone.' };
    if (!(await mayPingAll())) return refuse(`@\u200b${word}`);
    if (scope.platform === 'slack') return { ok: true, mention: `<!${word}>` };
    return { ok: true, mention: `@${word}` };
  }

  if (scope.platform === 'discord') {
    const role = /^<@&(\d{15,21})>$/.exec(t);
    if (role) {
      const info = rights?.role ? await rights.role(role[1]!).catch(() => null) : null;
      if (!info) return { ok: false, problem: 'There is no role with that id in this server (or I could not look it up); pick the role from Discord’s list as you type @.' };
      if (!info.mentionable && !(await mayPingAll()))
        return { ok: false, problem: `The role **${quote(info.name, 40)}** is not mentionable, so pinging it needs the Mention Everyone permission. ${rights?.hint ?? ''}`.trim() };
      return { ok: true, mention: `<@&${role[1]}>` };
    }
    const user = /^<@!?(\d{15,21})>$/.exec(t);
    if (user) return { ok: true, mention: `<@${user[1]}>` };
  } else if (scope.platform === 'slack') {
    const group = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(t);
    if (group) return (await mayPingAll()) ? { ok: true, mention: `<!subteam^${group[1]}>` } : refuse('a user group');
    const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(t);
    if (user) return { ok: true, mention: `<@${user[1]}>` };
  } else if (/^@[\p{L}\p{N}._-]{1,40}$/u.test(t)) {
    // The console has no real mentions: keep what was typed.
    return { ok: true, mention: t };
  }
  return {
    ok: false,
    problem: `“${quote(t, 40)}” is not a mention I can post. Use here, everyone${scope.platform === 'slack' ? ', channel' : ''}, a role or a person, picked from the list as you type @ (or none).`,
  };
}
