/** Test and benchmark fixtures for daily schedules (no vitest import, so benchmarks can use them too). */
import type { DailySchedule } from '../../src/store/store.js';

/** A daily schedule as `/daily set` stores it: every day, UTC, nothing paused. */
export function dailySchedule(over: Partial<DailySchedule> & Pick<DailySchedule, 'platform' | 'workspaceId' | 'channelId'>): DailySchedule {
  return {
    id: `${over.platform}:${over.workspaceId}:${over.channelId}`,
    time: '09:00',
    timezone: 'UTC',
    days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    mention: null,
    topic: null,
    pausedUntil: null,
    skipDates: [],
    createdBy: 'admin',
    updatedAt: 0,
    suspendedReason: null,
    ...over,
  };
}
