/**
 * The score outbox worker: claims due scores (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances
 * share the work; an expired lease is claimed again, which is all crash recovery needs), sends
 * each player's claimed scores as one submission (merged per board, several boards as one
 * `submitMultiple`, `score-sender.ts`), keeps the outbox gauges current, and prunes done scores
 * past their retention.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ClaimedPlayerScoreWrites, Store } from '../../store/store.js';
import type { BackendMetrics } from '../metrics.js';
import { OutboxDrain, type OutboxDrainOptions } from '../outbox-drain.js';
import type { ScoreSender } from './score-sender.js';

/** The drain's pacing and claim limits (`../outbox-drain.ts`), and the budget of one player's Google calls. */
export interface ScoreWorkerOptions extends OutboxDrainOptions {
  sendDeadlineMs: number;
}

export const DEFAULT_SCORE_WORKER_OPTIONS: ScoreWorkerOptions = {
  pollIntervalMs: 500,
  leaseMs: 10_000,
  sendDeadlineMs: 5_000,
  maxPlayers: 50,
  maxWritesPerPlayer: 100,
  concurrency: 8,
  pruneIntervalMs: 10 * 60_000,
  retentionMs: 24 * 60 * 60_000,
};

export interface ScoreWorkerDeps {
  store: Store;
  sender: ScoreSender;
  logger: FastifyBaseLogger;
  metrics: BackendMetrics;
  now: () => number;
}

/** Drains the score outbox in the background (`../outbox-drain.ts`). */
export class ScoreWorker extends OutboxDrain<ClaimedPlayerScoreWrites> {
  constructor(deps: ScoreWorkerDeps, options: Partial<ScoreWorkerOptions> = {}) {
    const { store, sender, metrics } = deps;
    const { sendDeadlineMs, ...drainOptions } = { ...DEFAULT_SCORE_WORKER_OPTIONS, ...options };
    super(
      {
        noun: 'score',
        claim: (claim) => store.claimDueScoreWrites(claim),
        settle: async (claim) => {
          const settlement = await sender.settle(claim.playerId, claim.writes, { deadlineMs: sendDeadlineMs, maxAttempts: 1, via: 'worker' });
          return settlement.done.size + settlement.failed.size;
        },
        stats: (now) => store.scoreOutboxStats(now),
        // `pgs_score_writes_pending`, `_oldest_pending_age_seconds` and `_failed`.
        gauges: { pending: metrics.scoreOutboxPending, failed: metrics.scoreOutboxFailed, oldestPendingAgeSeconds: metrics.scoreOutboxOldestPendingAgeSeconds },
        prune: async (before) => ({ scores: await store.pruneScoreWrites(before) }),
      },
      drainOptions,
      deps,
    );
  }
}
