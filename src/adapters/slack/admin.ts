/**
 * Who counts as an admin on Slack: workspace admins and owners (users.info
 * is_admin / is_owner / is_primary_owner), plus an optional allow-list
 * (SLACK_ADMIN_USER_IDS). Answers are cached briefly; failures are not cached
 * and produce a refusal that says why.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import { describeError } from './poster.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface AdminVerdict {
  isAdmin: boolean;
  adminHint: string;
  /** A workspace admin or owner (users.info), as opposed to only being on the allow-list. */
  workspaceAdmin?: boolean;
}

export const MENTION_HINT = 'On Slack only workspace admins and owners can make the bot ping @\u200bchannel, @\u200bhere or a user group.';

export const NOT_ADMIN_HINT =
  'On Slack that means workspace admins and owners, plus anyone the bot operator lists in SLACK_ADMIN_USER_IDS.';

export interface AdminResolverOptions {
  allowList?: readonly string[];
  /** How long a users.info answer is trusted (default 5 min). */
  ttlMs?: number;
  /** Cached users at most (default 5000; oldest evicted first). */
  maxEntries?: number;
  now?: () => number;
  logger?: Logger;
}

export class AdminResolver {
  private readonly allow: Set<string>;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  /** Cached verdicts by `${teamId}:${userId}`: each workspace's answer is its own. */
  private readonly cache = new Map<string, { verdict: AdminVerdict; until: number }>();
  private readonly inflight = new Map<string, Promise<AdminVerdict>>();

  constructor(opts: AdminResolverOptions = {}) {
    this.allow = new Set(opts.allowList ?? []);
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.maxEntries = opts.maxEntries ?? 5000;
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger;
  }

  /** `via`: the workspace the request came from and a client holding its token. */
  async resolve(userId: string, via: { teamId: string; client: WebClient }): Promise<AdminVerdict> {
    if (this.allow.has(userId)) return { isAdmin: true, adminHint: 'listed in SLACK_ADMIN_USER_IDS' };
    return this.role(userId, via);
  }

  /** Whether the user is a workspace admin or owner (the allow-list does not count). */
  async isWorkspaceAdmin(userId: string, via: { teamId: string; client: WebClient }): Promise<boolean> {
    return (await this.role(userId, via)).workspaceAdmin === true;
  }

  /** Forgets a workspace's cached answers (the app was uninstalled there). */
  forgetTeam(teamId: string): void {
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${teamId}:`)) this.cache.delete(k);
  }

  private async role(userId: string, via: { teamId: string; client: WebClient }): Promise<AdminVerdict> {
    const key = `${via.teamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.verdict;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const p = this.lookup(key, userId, via.client).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async lookup(key: string, userId: string, client: WebClient): Promise<AdminVerdict> {
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user;
      const role = u?.is_primary_owner ? 'primary owner' : u?.is_owner ? 'workspace owner' : u?.is_admin ? 'workspace admin' : undefined;
      const verdict: AdminVerdict = role
        ? { isAdmin: true, adminHint: `Slack ${role}`, workspaceAdmin: true }
        : { isAdmin: false, adminHint: NOT_ADMIN_HINT, workspaceAdmin: false };
      this.cache.delete(key);
      this.cache.set(key, { verdict, until: this.now() + this.ttlMs });
      while (this.cache.size > this.maxEntries) {
        const oldest = this.cache.keys().next().value;
        if (oldest === undefined) break;
        this.cache.delete(oldest);
      }
      return verdict;
    } catch (e) {
      this.logger?.warn(`slack: users.info for ${userId} failed (${describeError(e)})`);
      return {
        isAdmin: false,
        adminHint: `I could not check your Slack role just now (${describeError(e)}); please try again in a minute.`,
      };
    }
  }
}
