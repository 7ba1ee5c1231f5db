/**
 * What the core's lifecycles report, platform-free (no prom-client here): the
 * server module implements it with Prometheus counters; the default does nothing.
 */
import type { Platform } from './command.js';

export interface LifecycleMetrics {
  quizRound(event: 'posted' | 'revealed' | 'cancelled', platform: Platform): void;
  dailyPost(outcome: 'sent' | 'failed' | 'skipped' | 'duplicate_avoided' | 'suspended', platform: Platform): void;
}

export const noMetrics: LifecycleMetrics = { quizRound: () => {}, dailyPost: () => {} };
