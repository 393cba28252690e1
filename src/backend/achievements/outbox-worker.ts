/**
 * The outbox worker: claims due writes, sends each player's claimed writes as ONE `updateMultiple`
 * (in order, every INCREMENT with its stored requestId), and settles them.
 * Several backend instances run one each: the store's claim (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL) gives each player's writes to one instance at a time, and an expired lease (a
 * crashed instance) makes them claimable again, so start-up needs nothing but starting the worker.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ClaimedPlayerWrites, Store } from '../../store/store.js';
import type { BackendMetrics } from '../metrics.js';
import { OutboxDrain, type OutboxDrainOptions } from '../outbox-drain.js';
import type { WriteSender } from './write-sender.js';

/** The drain's pacing and claim limits (`../outbox-drain.ts`), and the budget of one player's Google calls. */
export interface OutboxWorkerOptions extends OutboxDrainOptions {
  sendDeadlineMs: number;
}

export const DEFAULT_WORKER_OPTIONS: OutboxWorkerOptions = {
  pollIntervalMs: 500,
  leaseMs: 10_000,
  sendDeadlineMs: 5_000,
  maxPlayers: 50,
  maxWritesPerPlayer: 50,
  concurrency: 8,
  pruneIntervalMs: 10 * 60_000,
  retentionMs: 24 * 60 * 60_000,
};

export interface OutboxWorkerDeps {
  store: Store;
  sender: WriteSender;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
  now: () => number;
}

/** Drains the achievement outbox in the background (`../outbox-drain.ts`). */
export class OutboxWorker extends OutboxDrain<ClaimedPlayerWrites> {
  constructor(deps: OutboxWorkerDeps, options: Partial<OutboxWorkerOptions> = {}) {
    const { store, sender, metrics } = deps;
    const { sendDeadlineMs, ...drainOptions } = { ...DEFAULT_WORKER_OPTIONS, ...options };
    super(
      {
        noun: 'achievement',
        claim: (claim) => store.claimDueWrites(claim),
        settle: async (claim) => {
          const settlement = await sender.settle(claim.playerId, claim.writes, { deadlineMs: sendDeadlineMs, maxAttempts: 1, via: 'worker' });
          return settlement.done.size + settlement.failed.size;
        },
        stats: (now) => store.outboxStats(now),
        gauges: { pending: metrics.outboxPending, failed: metrics.outboxFailed, oldestPendingAgeSeconds: metrics.outboxOldestPendingAgeSeconds },
        // Done writes and idempotency records past the retention (a replay within it gets the first answer).
        prune: (before) => store.pruneOutbox(before),
      },
      drainOptions,
      deps,
    );
  }
}
