/**
 * The event outbox worker: claims one batch per player (`Store.claimDueEventBatches`: a batch
 * sent before and not settled comes back as it was, with its requestId), sends each as one
 * `events.record` and settles it. Like the achievement worker (`../achievements/outbox-worker.ts`)
 * it needs nothing at start-up: a crashed instance's leases expire and its batches are claimed
 * again; on PostgreSQL, instances share players with `FOR UPDATE SKIP LOCKED`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ClaimedEventBatch, Store } from '../../store/store.js';
import type { BackendMetrics } from '../metrics.js';
import { OutboxDrain } from '../outbox-drain.js';
import type { EventSender } from './event-sender.js';

export interface EventWorkerOptions {
  pollIntervalMs: number;
  /** How long a claim holds; longer than any send. */
  leaseMs: number;
  sendDeadlineMs: number;
  /** Players claimed per pass. */
  maxPlayers: number;
  /** Writes in one new batch (one `events.record`). */
  maxWritesPerBatch: number;
  /** Players sent to at the same time within a pass. */
  concurrency: number;
  pruneIntervalMs: number;
  /** How long done writes are kept. */
  retentionMs: number;
}

export const DEFAULT_EVENT_WORKER_OPTIONS: EventWorkerOptions = {
  pollIntervalMs: 500,
  leaseMs: 10_000,
  sendDeadlineMs: 5_000,
  maxPlayers: 50,
  maxWritesPerBatch: 50,
  concurrency: 8,
  pruneIntervalMs: 10 * 60_000,
  retentionMs: 24 * 60 * 60_000,
};

export interface EventWorkerDeps {
  store: Store;
  sender: EventSender;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
  now: () => number;
}

/** Drains the event outbox in the background (`../outbox-drain.ts`). */
export class EventWorker extends OutboxDrain<ClaimedEventBatch> {
  constructor(deps: EventWorkerDeps, options: Partial<EventWorkerOptions> = {}) {
    const { store, sender, metrics } = deps;
    const { sendDeadlineMs, maxWritesPerBatch, ...pacing } = { ...DEFAULT_EVENT_WORKER_OPTIONS, ...options };
    super(
      {
        noun: 'event',
        claim: (claim) => store.claimDueEventBatches(claim),
        settle: async (batch) => {
          const settlement = await sender.settle(batch, { deadlineMs: sendDeadlineMs, maxAttempts: 1 });
          return settlement.done.length + settlement.failed.size;
        },
        stats: (now) => store.eventOutboxStats(now),
        gauges: { pending: metrics.eventOutboxPending, failed: metrics.eventOutboxFailed },
        prune: async (before) => ({ writes: await store.pruneEventOutbox(before) }),
      },
      // A player's claim is one new batch: one `events.record`.
      { ...pacing, maxWritesPerPlayer: maxWritesPerBatch },
      deps,
    );
  }
}
