/**
 * What an outbox worker does, whatever it sends: on a polling loop (`polling-loop.ts`), claim
 * what is due, settle each claim (a player's writes) in lanes of `concurrency`
 * (`in-lanes.ts`), keep the outbox gauges current after each pass, and prune settled writes past
 * their retention every `pruneIntervalMs`. A claim whose settlement fails in the store is only
 * logged: its lease expires and it is claimed again, which is all crash recovery needs. The
 * achievement, score and event workers are this with their claim and send
 * (`achievements/outbox-worker.ts`, `leaderboards/score-worker.ts`, `events/event-worker.ts`).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Gauge } from 'prom-client';
import type { ClaimOptions, OutboxStats } from '../store/store.js';
import { inLanes } from './in-lanes.js';
import { PollingLoop } from './polling-loop.js';

/** The pacing and claim limits every outbox worker takes. */
export interface OutboxDrainOptions {
  pollIntervalMs: number;
  /** How long a claim holds; longer than any send. */
  leaseMs: number;
  /** Players claimed per pass. */
  maxPlayers: number;
  /** Writes per player per pass. */
  maxWritesPerPlayer: number;
  /** Claims settled at the same time within a pass. */
  concurrency: number;
  pruneIntervalMs: number;
  /** How long settled writes are kept. */
  retentionMs: number;
}

/** What every outbox's claim is: one player's writes. */
export interface PlayerClaim {
  playerId: string;
  writes: readonly { id: number }[];
}

/** An outbox's gauges (`metrics.ts`): open writes, failed ones, and the oldest open one's age when it has that gauge. */
export interface OutboxGauges {
  pending: Gauge;
  failed: Gauge;
  oldestPendingAgeSeconds?: Gauge;
}

/** What one outbox claims, sends and counts. */
export interface OutboxDrainSteps<C extends PlayerClaim> {
  /** What the log lines call the outbox: 'achievement', 'score', 'event'. */
  noun: string;
  /** Claims what is due (the store's claim of this outbox). */
  claim: (options: ClaimOptions) => Promise<readonly C[]>;
  /** Sends one claim and settles it; resolves how many writes it settled (done or failed). */
  settle: (claim: C) => Promise<number>;
  /** The outbox's counts (the store's stats of this outbox), read into `gauges` after each pass. */
  stats: (now: number) => Promise<OutboxStats>;
  gauges: OutboxGauges;
  /** Deletes settled writes (and what goes with them) last changed before `before`; resolves how many of each. */
  prune: (before: number) => Promise<Record<string, number>>;
}

/** Drains one outbox in the background; each worker extends it with its outbox's steps. */
export class OutboxDrain<C extends PlayerClaim> {
  readonly #steps: OutboxDrainSteps<C>;
  readonly #options: OutboxDrainOptions;
  readonly #logger: FastifyBaseLogger;
  readonly #now: () => number;
  readonly #loop: PollingLoop;
  #lastPruneAt: number | undefined;

  constructor(steps: OutboxDrainSteps<C>, options: OutboxDrainOptions, deps: { logger: FastifyBaseLogger; now: () => number }) {
    this.#steps = steps;
    this.#options = options;
    this.#logger = deps.logger;
    this.#now = deps.now;
    this.#loop = new PollingLoop({
      pollIntervalMs: options.pollIntervalMs,
      pass: async () => (await this.#pass()).full,
      between: () => this.#pruneIfDue(),
      onError: (error) => this.#logger.error({ err: error }, `${steps.noun} outbox pass failed; retrying at the next poll`),
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
    const steps = this.#steps;
    const { leaseMs, maxPlayers, maxWritesPerPlayer, concurrency } = this.#options;
    const claims = await steps.claim({ now: this.#now(), leaseMs, maxPlayers, maxWritesPerPlayer });
    let settled = 0;
    await inLanes(claims, concurrency, async (claim) => {
      try {
        // Not `settled += await …`: that reads `settled` before the await, losing other lanes' counts.
        const count = await steps.settle(claim);
        settled += count;
      } catch (error) {
        const writeIds = claim.writes.map((w) => w.id);
        this.#logger.error({ playerRef: claim.playerId, writeIds, err: error }, `could not settle ${steps.noun} writes`);
      }
    });
    await this.#updateGauges();
    // A claim limit reached: there may be more due right now.
    return { settled, full: claims.length >= maxPlayers || claims.some((c) => c.writes.length >= maxWritesPerPlayer) };
  }

  async #updateGauges(): Promise<void> {
    const { stats, gauges, noun } = this.#steps;
    try {
      const counts = await stats(this.#now());
      gauges.pending.set(counts.pending + counts.inFlight);
      gauges.failed.set(counts.failed);
      gauges.oldestPendingAgeSeconds?.set(counts.oldestPendingAgeMs / 1000);
    } catch (error) {
      this.#logger.warn({ err: error }, `could not read ${noun} outbox stats`);
    }
  }

  async #pruneIfDue(): Promise<void> {
    const now = this.#now();
    if (this.#lastPruneAt !== undefined && now - this.#lastPruneAt < this.#options.pruneIntervalMs) return;
    this.#lastPruneAt = now;
    try {
      const pruned = await this.#steps.prune(now - this.#options.retentionMs);
      if (Object.values(pruned).some((n) => n > 0)) this.#logger.info(pruned, `pruned the ${this.#steps.noun} outbox`);
    } catch (error) {
      this.#logger.warn({ err: error }, `could not prune the ${this.#steps.noun} outbox`);
    }
  }
}
