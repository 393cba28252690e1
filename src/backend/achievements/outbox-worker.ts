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
import { OutboxDrain } from '../outbox-drain.js';
import type { WriteSender } from './write-sender.js';

export interface OutboxWorkerOptions {
  /** How often to look for due writes when nothing wakes the worker. */
  pollIntervalMs: number;
  /** How long a claim holds; longer than any send (deadline below). */
  leaseMs: number;
  /** Budget for one player's Google calls. */
  sendDeadlineMs: number;
  /** Players claimed per pass. */
  maxPlayers: number;
  /** Writes per player per pass, i.e. the largest updateMultiple. */
  maxWritesPerPlayer: number;
  /** Players sent to at the same time within a pass. */
  concurrency: number;
  /** How often done writes and old idempotency records are pruned. */
  pruneIntervalMs: number;
  /** How long done writes and idempotency records are kept (a replay within it gets the first answer). */
  retentionMs: number;
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
export class OutboxWorker {
  readonly #drain: OutboxDrain<ClaimedPlayerWrites>;

  constructor(deps: OutboxWorkerDeps, options: Partial<OutboxWorkerOptions> = {}) {
    const { store, sender, metrics } = deps;
    const { leaseMs, maxPlayers, maxWritesPerPlayer, sendDeadlineMs, ...pacing } = { ...DEFAULT_WORKER_OPTIONS, ...options };
    this.#drain = new OutboxDrain<ClaimedPlayerWrites>(
      {
        noun: 'achievement',
        claim: (now) => store.claimDueWrites({ now, leaseMs, maxPlayers, maxWritesPerPlayer }),
        settle: async (claim) => {
          const settlement = await sender.settle(claim.playerId, claim.writes, { deadlineMs: sendDeadlineMs, maxAttempts: 1, via: 'worker' });
          return settlement.done.size + settlement.failed.size;
        },
        full: (claims) => claims.length >= maxPlayers || claims.some((c) => c.writes.length >= maxWritesPerPlayer),
        describe: (claim) => ({ playerRef: claim.playerId, writeIds: claim.writes.map((w) => w.id) }),
        updateGauges: async (now) => {
          const stats = await store.outboxStats(now);
          metrics.outboxPending.set(stats.pending + stats.inFlight);
          metrics.outboxOldestPendingAgeSeconds.set(stats.oldestPendingAgeMs / 1000);
          metrics.outboxFailed.set(stats.failed);
        },
        // Done writes and idempotency records past the retention (a replay within it gets the first answer).
        prune: (before) => store.pruneOutbox(before),
      },
      pacing,
      deps,
    );
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    this.#drain.start();
  }

  /** Stops the loop and waits for the pass in progress to settle its writes. */
  stop(): Promise<void> {
    return this.#drain.stop();
  }

  /** Makes the loop look for due writes now instead of at its next poll. */
  wake(): void {
    this.#drain.wake();
  }

  /** One pass: claims due writes, sends them, settles them; resolves the number settled (done or failed). */
  runOnce(): Promise<number> {
    return this.#drain.runOnce();
  }
}
