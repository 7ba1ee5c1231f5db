/**
 * The operator's metrics, in a prom-client registry served at GET /metrics.
 * Labels stay bounded: platforms and outcomes are fixed sets, and command
 * labels are the bot's own command names (anything else is "other").
 *
 * Implements the core's CoreMetrics (quiz rounds, daily posts), so the core
 * never imports prom-client.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CoreMetrics, DailyPostOutcome, NudgeOutcome, QuizRoundEvent } from '../core/metrics.js';
import type { Platform } from '../core/command.js';

export type InteractionKind = 'command' | 'component' | 'autocomplete' | 'submit';
export type InteractionOutcome = 'ok' | 'error';

/** discord.js's Status enum names, by value (0 Ready … 8 Resuming). */
export const SHARD_STATUS = ['ready', 'connecting', 'reconnecting', 'idle', 'nearly', 'disconnected', 'waiting_for_guilds', 'identifying', 'resuming'] as const;

export class Metrics implements CoreMetrics {
  readonly registry = new Registry();
  private readonly commandNames = new Set<string>();

  readonly interactions = new Counter({
    name: 'careerbot_interactions_total',
    help: 'Interactions answered, by platform, kind, command and outcome',
    labelNames: ['platform', 'kind', 'command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly interactionSeconds = new Histogram({
    name: 'careerbot_interaction_duration_seconds',
    help: 'Time from receiving an interaction until its answer was sent',
    labelNames: ['platform', 'kind', 'command'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [this.registry],
  });
  readonly deferrals = new Counter({
    name: 'careerbot_deferrals_total',
    help: 'Interactions deferred because the answer took longer than the deferral threshold',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });
  readonly restErrors = new Counter({
    name: 'careerbot_rest_errors_total',
    help: 'Platform API responses that were rate limits (429) or server errors (5xx)',
    labelNames: ['platform', 'status'] as const,
    registers: [this.registry],
  });
  readonly restRequests = new Counter({
    name: 'careerbot_rest_requests_total',
    help: 'Platform API (REST / Web API) requests, by status class',
    labelNames: ['platform', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly gatewayStatus = new Gauge({
    name: 'careerbot_discord_shard_status',
    help: 'Discord gateway status per shard: 1 for the current status, 0 otherwise',
    labelNames: ['shard', 'status'] as const,
    registers: [this.registry],
  });
  readonly malformedEvents = new Counter({
    name: 'careerbot_malformed_events_total',
    help: 'Platform events dropped because they could not be handled (logged, process kept serving)',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });
  readonly quizRounds = new Counter({
    name: 'careerbot_quiz_rounds_total',
    help: 'Quiz rounds by lifecycle event (posted, revealed, cancelled)',
    labelNames: ['platform', 'event'] as const,
    registers: [this.registry],
  });
  readonly dailyPosts = new Counter({
    name: 'careerbot_daily_posts_total',
    help: 'Daily questions by outcome (sent, failed, skipped, duplicate_avoided, suspended)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly nudges = new Counter({
    name: 'careerbot_nudges_total',
    help: 'Weekly plan nudges (direct messages) by outcome (sent, failed, disabled)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    // Process metrics, including nodejs_eventloop_lag_seconds and its percentiles.
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** The command names that may appear as a label (others are counted as "other"). */
  knowCommands(names: Iterable<string>): void {
    for (const n of names) this.commandNames.add(n);
  }

  commandLabel(name: string): string {
    const n = name.replace(/^\//, '').toLowerCase();
    return this.commandNames.has(n) ? n : 'other';
  }

  /** Starts timing an interaction; call the result with its outcome once answered. */
  startInteraction(platform: Platform, kind: InteractionKind, command: string): (outcome: InteractionOutcome) => number {
    const end = this.interactionSeconds.startTimer({ platform, kind, command: this.commandLabel(command) });
    return (outcome) => {
      this.interactions.inc({ platform, kind, command: this.commandLabel(command), outcome });
      return end();
    };
  }

  deferred(platform: Platform, kind: InteractionKind): void {
    this.deferrals.inc({ platform, kind });
  }

  restResponse(platform: Platform, status: number): void {
    const cls = status === 0 ? 'network' : `${Math.floor(status / 100)}xx`;
    this.restRequests.inc({ platform, status_class: cls });
    if (status === 429) this.restErrors.inc({ platform, status: '429' });
    else if (status >= 500) this.restErrors.inc({ platform, status: '5xx' });
  }

  shardStatus(shard: number, status: number): void {
    const current = SHARD_STATUS[status] ?? 'unknown';
    for (const s of SHARD_STATUS) this.gatewayStatus.set({ shard: String(shard), status: s }, s === current ? 1 : 0);
  }

  malformed(platform: Platform, kind: string): void {
    this.malformedEvents.inc({ platform, kind });
  }

  quizRound(event: QuizRoundEvent, platform: Platform): void {
    this.quizRounds.inc({ platform, event });
  }

  dailyPost(outcome: DailyPostOutcome, platform: Platform): void {
    this.dailyPosts.inc({ platform, outcome });
  }

  nudge(outcome: NudgeOutcome, platform: Platform): void {
    this.nudges.inc({ platform, outcome });
  }
}
