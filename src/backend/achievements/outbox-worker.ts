/**
 * The outbox worker: claims due writes, sends each player's claimed writes as ONE `updateMultiple`
 * (in order, every INCREMENT with its stored requestId), and settles them.
 * Several backend instances run one each: the store's claim (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL) gives each player's writes to one instance at a time, and an expired lease (a
 * crashed instance) makes them claimable again, so start-up needs nothing but starting the worker.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../store/store.js';
import type { BackendMetrics } from '../metrics.js';
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

interface PassResult {
  claimed: number;
  settled: number;
  /** Whether a claim limit was reached: there may be more due right now. */
  full: boolean;
}

/** Drains the achievement outbox in the background. */
export class OutboxWorker {
  readonly #deps: OutboxWorkerDeps;
  readonly #options: OutboxWorkerOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  #wakeUp: (() => void) | undefined;
  #woken = false;
  #lastPruneAt: number | undefined;

  constructor(deps: OutboxWorkerDeps, options: Partial<OutboxWorkerOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_WORKER_OPTIONS, ...options };
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops the loop and waits for the pass in progress to settle its writes. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = undefined;
  }

  /** Makes the loop look for due writes now instead of at its next poll. */
  wake(): void {
    this.#woken = true;
    const wakeUp = this.#wakeUp;
    this.#wakeUp = undefined;
    wakeUp?.();
  }

  /** One pass: claims due writes, sends them, settles them; resolves the number settled (done or failed). */
  async runOnce(): Promise<number> {
    return (await this.#pass()).settled;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let result: PassResult = { claimed: 0, settled: 0, full: false };
      try {
        result = await this.#pass();
      } catch (error) {
        this.#deps.logger.error({ err: error }, 'achievement outbox pass failed; retrying at the next poll');
      }
      if (!this.#running) break;
      await this.#pruneIfDue();
      if (result.full || this.#woken) continue;
      await this.#sleep(this.#options.pollIntervalMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeUp = undefined;
        resolve();
      }, ms);
      timer.unref?.();
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async #pass(): Promise<PassResult> {
    const { store, sender, now } = this.#deps;
    const { leaseMs, maxPlayers, maxWritesPerPlayer, concurrency, sendDeadlineMs } = this.#options;
    const claims = await store.claimDueWrites({ now: now(), leaseMs, maxPlayers, maxWritesPerPlayer });
    let settled = 0;
    let claimed = 0;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < claims.length) {
        const claim = claims[next++]!;
        claimed += claim.writes.length;
        try {
          const settlement = await sender.settle(claim.playerId, claim.writes, { deadlineMs: sendDeadlineMs, maxAttempts: 1, via: 'worker' });
          settled += settlement.done.size + settlement.failed.size;
        } catch (error) {
          // The store failed mid-settlement: the lease expires and the writes are claimed again.
          this.#deps.logger.error({ playerRef: claim.playerId, writeIds: claim.writes.map((w) => w.id), err: error }, 'could not settle achievement writes');
        }
      }
    };
    if (claims.length > 0) await Promise.all(Array.from({ length: Math.min(concurrency, claims.length) }, lane));
    await this.#updateGauges();
    const full = claims.length >= maxPlayers || claims.some((c) => c.writes.length >= maxWritesPerPlayer);
    return { claimed, settled, full };
  }

  /** Deletes done writes and idempotency records past the retention, now and then (never in the way of sending). */
  async #pruneIfDue(): Promise<void> {
    const now = this.#deps.now();
    if (this.#lastPruneAt !== undefined && now - this.#lastPruneAt < this.#options.pruneIntervalMs) return;
    this.#lastPruneAt = now;
    try {
      const pruned = await this.#deps.store.pruneOutbox(now - this.#options.retentionMs);
      if (pruned.writes + pruned.idempotencyRecords > 0) this.#deps.logger.info(pruned, 'pruned the achievement outbox');
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'could not prune the achievement outbox');
    }
  }

  async #updateGauges(): Promise<void> {
    try {
      const stats = await this.#deps.store.outboxStats(this.#deps.now());
      this.#deps.metrics.outboxPending.set(stats.pending + stats.inFlight);
      this.#deps.metrics.outboxOldestPendingAgeSeconds.set(stats.oldestPendingAgeMs / 1000);
      this.#deps.metrics.outboxFailed.set(stats.failed);
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'could not read achievement outbox stats');
    }
  }
}
