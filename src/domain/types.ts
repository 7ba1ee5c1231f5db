/**
 * Domain types shared by core, commands, adapters and the store. This module
 * imports nothing, so the store never depends on a core service (no cycle).
 */

/** Where a command came from or a message goes. */
export type Platform = 'discord' | 'slack' | 'console';
export const PLATFORMS: readonly Platform[] = ['discord', 'slack', 'console'];

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** `${platform}:${workspaceId}:${channelId}` */
export type ScheduleId = string;
/** A quiz session's id; its rounds are `${sessionId}:${seq}`-like opaque ids. */
export type SessionId = string;
export type RoundId = string;
/** Daily posts have a numeric id assigned by the database. */
export type DailyPostId = number;
