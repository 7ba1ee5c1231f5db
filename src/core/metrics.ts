/**
 * What the core reports about its own work, for the operator's metrics. Platform
 * free: the service layer implements it with prom-client (src/server/metrics.ts);
 * the core and its tests use the no-op default.
 */
import type { Platform } from './command.js';

export type QuizRoundEvent = 'posted' | 'revealed' | 'cancelled';
export type DailyPostOutcome = 'sent' | 'failed' | 'skipped' | 'duplicate_avoided' | 'suspended';
/** A weekly nudge DM: sent, failed (will retry) or disabled (a permanent DM failure turned it off). */
export type NudgeOutcome = 'sent' | 'failed' | 'disabled';

export interface CoreMetrics {
  quizRound(event: QuizRoundEvent, platform: Platform): void;
  dailyPost(outcome: DailyPostOutcome, platform: Platform): void;
  nudge?(outcome: NudgeOutcome, platform: Platform): void;
}

export const noMetrics: CoreMetrics = {
  quizRound: () => {},
  dailyPost: () => {},
};

/** The lifecycle services' name for the same interface. */
export type LifecycleMetrics = CoreMetrics;
