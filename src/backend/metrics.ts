/**
 * Prometheus metrics, one registry per backend instance (so that tests and several apps in one
 * process never share counters). Served as text at `/metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface BackendMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  googleCalls: Counter<'operation' | 'status'>;
  googleCallDuration: Histogram<'operation'>;
  googleRetries: Counter<'operation'>;
  tokenRefreshes: Counter<'outcome'>;
  signIns: Counter<'outcome'>;
  outboxPending: Gauge;
  outboxOldestPendingAgeSeconds: Gauge;
  outboxFailed: Gauge;
  outboxBatchSize: Histogram;
  achievementWrites: Counter<'op' | 'outcome'>;
  eventWrites: Counter<'outcome'>;
  eventOutboxPending: Gauge;
  eventOutboxFailed: Gauge;
  scoreWrites: Counter<'outcome'>;
  scoreOutboxPending: Gauge;
  scoreOutboxOldestPendingAgeSeconds: Gauge;
  scoreOutboxFailed: Gauge;
}

/** Creates the metrics of one backend instance; `withDefaults` adds process metrics (CPU, RSS, GC). */
export function createMetrics(options: { withDefaults?: boolean } = {}): BackendMetrics {
  const registry = new Registry();
  if (options.withDefaults) collectDefaultMetrics({ register: registry, prefix: 'pgs_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'pgs_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'pgs_http_request_duration_seconds',
      help: 'HTTP request duration, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    googleCalls: new Counter({
      name: 'pgs_google_calls_total',
      help: 'Calls to Google (or the emulator), by operation and HTTP status (or network/timeout).',
      labelNames: ['operation', 'status'],
      registers,
    }),
    googleCallDuration: new Histogram({
      name: 'pgs_google_call_duration_seconds',
      help: 'Duration of calls to Google, by operation.',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    googleRetries: new Counter({
      name: 'pgs_google_retries_total',
      help: 'Retries of calls to Google, by operation.',
      labelNames: ['operation'],
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'pgs_google_token_refreshes_total',
      help: 'Refreshes of players\' Google access tokens, by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
    signIns: new Counter({
      name: 'pgs_sign_ins_total',
      help: 'Sign-ins with a server auth code, by outcome (an error code, or created / returning).',
      labelNames: ['outcome'],
      registers,
    }),
    outboxPending: new Gauge({
      name: 'pgs_achievement_writes_pending',
      help: 'Achievement writes accepted but not yet confirmed by Google.',
      registers,
    }),
    outboxOldestPendingAgeSeconds: new Gauge({
      name: 'pgs_achievement_writes_oldest_pending_age_seconds',
      help: 'Age of the oldest pending achievement write.',
      registers,
    }),
    outboxFailed: new Gauge({
      name: 'pgs_achievement_writes_failed',
      help: 'Achievement writes Google refused for good.',
      registers,
    }),
    outboxBatchSize: new Histogram({
      name: 'pgs_achievement_write_batch_size',
      help: 'Writes sent per updateMultiple call by the outbox worker.',
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers,
    }),
    achievementWrites: new Counter({
      name: 'pgs_achievement_writes_total',
      help: 'Achievement writes accepted, by operation and how they were answered (applied / pending).',
      labelNames: ['op', 'outcome'],
      registers,
    }),
    eventWrites: new Counter({
      name: 'pgs_event_writes_total',
      help: 'Event updates accepted, by how they were answered (applied / pending / failed).',
      labelNames: ['outcome'],
      registers,
    }),
    eventOutboxPending: new Gauge({
      name: 'pgs_event_writes_pending',
      help: 'Event updates stored and not yet confirmed by Google (pending or in flight).',
      registers,
    }),
    eventOutboxFailed: new Gauge({
      name: 'pgs_event_writes_failed',
      help: 'Event updates Google refused for good.',
      registers,
    }),
    scoreWrites: new Counter({
      name: 'pgs_score_writes_total',
      help: 'Score submissions, by how they were answered (applied / pending, or the error code of a refusal such as SCORE_REJECTED).',
      labelNames: ['outcome'],
      registers,
    }),
    scoreOutboxPending: new Gauge({
      name: 'pgs_score_writes_pending',
      help: 'Scores stored and not yet confirmed by Google (pending or in flight).',
      registers,
    }),
    scoreOutboxOldestPendingAgeSeconds: new Gauge({
      name: 'pgs_score_writes_oldest_pending_age_seconds',
      help: 'Age of the oldest pending score.',
      registers,
    }),
    scoreOutboxFailed: new Gauge({
      name: 'pgs_score_writes_failed',
      help: 'Scores Google refused for good.',
      registers,
    }),
  };
}
