/**
 * The score outbox worker: claims due scores (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances
 * share the work; an expired lease is claimed again, which is all crash recovery needs), sends
 * each player's claimed scores as one submission (merged per board, several boards as one
 * `submitMultiple`, `score-sender.ts`), keeps the outbox gauges current, and prunes done scores
 * past their retention.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../store/store.js';
import { inLanes } from '../in-lanes.js';
import type { BackendMetrics } from '../metrics.js';
import { PollingLoop } from '../polling-loop.js';
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

/** Drains the score outbox in the background. */
export class ScoreWorker {
  readonly #deps: ScoreWorkerDeps;
  readonly #options: ScoreWorkerOptions;
  readonly #loop: PollingLoop;
  #lastPruneAt: number | undefined;

  constructor(deps: ScoreWorkerDeps, options: Partial<ScoreWorkerOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_SCORE_WORKER_OPTIONS, ...options };
    this.#loop = new PollingLoop({
      pollIntervalMs: this.#options.pollIntervalMs,
      pass: async () => (await this.#pass()).full,
      between: () => this.#pruneIfDue(),
      onError: (error) => deps.logger.error({ err: error }, 'score outbox pass failed; retrying at the next poll'),
    });
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  wake(): void {
    this.#loop.wake();
  }

  /** One pass; resolves how many scores were settled (done or failed). */
  async runOnce(): Promise<number> {
    return (await this.#pass()).settled;
  }

  async #pass(): Promise<{ settled: number; full: boolean }> {
    const { store, sender, now } = this.#deps;
    const { leaseMs, maxPlayers, maxWritesPerPlayer, concurrency, sendDeadlineMs } = this.#options;
    const claims = await store.claimDueScoreWrites({ now: now(), leaseMs, maxPlayers, maxWritesPerPlayer });
    let settled = 0;
    await inLanes(claims, concurrency, async (claim) => {
      try {
        const settlement = await sender.settle(claim.playerId, claim.writes, { deadlineMs: sendDeadlineMs, maxAttempts: 1, via: 'worker' });
        settled += settlement.done.size + settlement.failed.size;
      } catch (error) {
        // The store failed mid-settlement: the lease expires and the scores are claimed again.
        this.#deps.logger.error({ playerRef: claim.playerId, writeIds: claim.writes.map((w) => w.id), err: error }, 'could not settle scores');
      }
    });
    await this.#updateGauges();
    const full = claims.length >= maxPlayers || claims.some((c) => c.writes.length >= maxWritesPerPlayer);
    return { settled, full };
  }

  /** `pgs_score_writes_pending`, `_oldest_pending_age_seconds` and `_failed`, after each pass. */
  async #updateGauges(): Promise<void> {
    try {
      const stats = await this.#deps.store.scoreOutboxStats(this.#deps.now());
      this.#deps.metrics.scoreOutboxPending.set(stats.pending + stats.inFlight);
      this.#deps.metrics.scoreOutboxOldestPendingAgeSeconds.set(stats.oldestPendingAgeMs / 1000);
      this.#deps.metrics.scoreOutboxFailed.set(stats.failed);
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'could not read score outbox stats');
    }
  }

  async #pruneIfDue(): Promise<void> {
    const now = this.#deps.now();
    if (this.#lastPruneAt !== undefined && now - this.#lastPruneAt < this.#options.pruneIntervalMs) return;
    this.#lastPruneAt = now;
    const pruned = await this.#deps.store.pruneScoreWrites(now - this.#options.retentionMs);
    if (pruned > 0) this.#deps.logger.info({ scores: pruned }, 'pruned the score outbox');
  }
}
