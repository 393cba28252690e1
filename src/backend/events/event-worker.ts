/**
 * The event outbox worker: claims one batch per player (`Store.claimDueEventBatches`: a batch
 * sent before and not settled comes back as it was, with its requestId), sends each as one
 * `events.record` and settles it. Like the achievement worker (`../achievements/outbox-worker.ts`)
 * it needs nothing at start-up: a crashed instance's leases expire and its batches are claimed
 * again; on PostgreSQL, instances share players with `FOR UPDATE SKIP LOCKED`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../store/store.js';
import { inLanes } from '../in-lanes.js';
import type { BackendMetrics } from '../metrics.js';
import { PollingLoop } from '../polling-loop.js';
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

/** Drains the event outbox in the background. */
export class EventWorker {
  readonly #deps: EventWorkerDeps;
  readonly #options: EventWorkerOptions;
  readonly #loop: PollingLoop;
  #lastPruneAt: number | undefined;

  constructor(deps: EventWorkerDeps, options: Partial<EventWorkerOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_EVENT_WORKER_OPTIONS, ...options };
    this.#loop = new PollingLoop({
      pollIntervalMs: this.#options.pollIntervalMs,
      pass: async () => (await this.#pass()).full,
      between: () => this.#pruneIfDue(),
      onError: (error) => deps.logger.error({ err: error }, 'event outbox pass failed; retrying at the next poll'),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  wake(): void {
    this.#loop.wake();
  }

  /** One pass; resolves how many writes were settled (done or failed). */
  async runOnce(): Promise<number> {
    return (await this.#pass()).settled;
  }

  async #pass(): Promise<{ settled: number; full: boolean }> {
    const { store, sender, now, logger } = this.#deps;
    const { leaseMs, maxPlayers, maxWritesPerBatch, concurrency, sendDeadlineMs } = this.#options;
    const batches = await store.claimDueEventBatches({ now: now(), leaseMs, maxPlayers, maxWritesPerPlayer: maxWritesPerBatch });
    let settled = 0;
    await inLanes(batches, concurrency, async (batch) => {
      try {
        const settlement = await sender.settle(batch, { deadlineMs: sendDeadlineMs, maxAttempts: 1 });
        settled += settlement.done.length + settlement.failed.size;
      } catch (error) {
        // The store failed mid-settlement: the lease expires and the batch is claimed again.
        logger.error({ playerRef: batch.playerId, writeIds: batch.writes.map((w) => w.id), err: error }, 'could not settle event updates');
      }
    });
    await this.#updateGauges();
    return { settled, full: batches.length >= maxPlayers || batches.some((b) => b.writes.length >= maxWritesPerBatch) };
  }

  async #pruneIfDue(): Promise<void> {
    const now = this.#deps.now();
    if (this.#lastPruneAt !== undefined && now - this.#lastPruneAt < this.#options.pruneIntervalMs) return;
    this.#lastPruneAt = now;
    try {
      const pruned = await this.#deps.store.pruneEventOutbox(now - this.#options.retentionMs);
      if (pruned > 0) this.#deps.logger.info({ writes: pruned }, 'pruned the event outbox');
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'could not prune the event outbox');
    }
  }

  async #updateGauges(): Promise<void> {
    try {
      const stats = await this.#deps.store.eventOutboxStats(this.#deps.now());
      this.#deps.metrics.eventOutboxPending.set(stats.pending + stats.inFlight);
      this.#deps.metrics.eventOutboxFailed.set(stats.failed);
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'could not read event outbox stats');
    }
  }
}
