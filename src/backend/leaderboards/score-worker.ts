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
import { OutboxDrain } from '../outbox-drain.js';
import type { ScoreSender } from './score-sender.js';

export interface ScoreWorkerOptions {
  pollIntervalMs: number;
  leaseMs: number;
  sendDeadlineMs: number;
  maxPlayers: number;
  /** Scores per player per pass (merged per board before sending). */
  maxWritesPerPlayer: number;
  concurrency: number;
  pruneIntervalMs: number;
  /** How long done scores are kept: at least a day, and at least the longest policy window. */
  retentionMs: number;
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
export class ScoreWorker {
  readonly #drain: OutboxDrain<ClaimedPlayerScoreWrites>;

  constructor(deps: ScoreWorkerDeps, options: Partial<ScoreWorkerOptions> = {}) {
    const { store, sender, metrics } = deps;
    const { leaseMs, maxPlayers, maxWritesPerPlayer, sendDeadlineMs, ...pacing } = { ...DEFAULT_SCORE_WORKER_OPTIONS, ...options };
    this.#drain = new OutboxDrain<ClaimedPlayerScoreWrites>(
      {
        noun: 'score',
        claim: (now) => store.claimDueScoreWrites({ now, leaseMs, maxPlayers, maxWritesPerPlayer }),
        settle: async (claim) => {
          const settlement = await sender.settle(claim.playerId, claim.writes, { deadlineMs: sendDeadlineMs, maxAttempts: 1, via: 'worker' });
          return settlement.done.size + settlement.failed.size;
        },
        full: (claims) => claims.length >= maxPlayers || claims.some((c) => c.writes.length >= maxWritesPerPlayer),
        describe: (claim) => ({ playerRef: claim.playerId, writeIds: claim.writes.map((w) => w.id) }),
        // `pgs_score_writes_pending`, `_oldest_pending_age_seconds` and `_failed`.
        updateGauges: async (now) => {
          const stats = await store.scoreOutboxStats(now);
          metrics.scoreOutboxPending.set(stats.pending + stats.inFlight);
          metrics.scoreOutboxOldestPendingAgeSeconds.set(stats.oldestPendingAgeMs / 1000);
          metrics.scoreOutboxFailed.set(stats.failed);
        },
        prune: async (before) => ({ scores: await store.pruneScoreWrites(before) }),
      },
      pacing,
      deps,
    );
  }

  start(): void {
    this.#drain.start();
  }

  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void> {
    return this.#drain.stop();
  }

  wake(): void {
    this.#drain.wake();
  }

  /** One pass; resolves how many scores were settled (done or failed). */
  runOnce(): Promise<number> {
    return this.#drain.runOnce();
  }
}
