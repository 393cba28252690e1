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
import { inLanes } from './in-lanes.js';
import { PollingLoop } from './polling-loop.js';

/** The pacing every outbox worker takes. */
export interface OutboxDrainOptions {
  pollIntervalMs: number;
  /** Claims settled at the same time within a pass. */
  concurrency: number;
  pruneIntervalMs: number;
  /** How long settled writes are kept. */
  retentionMs: number;
}

/** What one outbox claims, sends and counts. */
export interface OutboxDrainSteps<C> {
  /** What the log lines call the outbox: 'achievement', 'score', 'event'. */
  noun: string;
  /** Claims what is due now. */
  claim: (now: number) => Promise<readonly C[]>;
  /** Sends one claim and settles it; resolves how many writes it settled (done or failed). */
  settle: (claim: C) => Promise<number>;
  /** Whether a pass claimed as much as it may, so that more may be due at once. */
  full: (claims: readonly C[]) => boolean;
  /** What a log line says of a claim that could not be settled. */
  describe: (claim: C) => { playerRef: string; writeIds: number[] };
  /** Reads the outbox's gauges into the metrics. */
  updateGauges: (now: number) => Promise<void>;
  /** Deletes settled writes (and what goes with them) last changed before `before`; resolves how many of each. */
  prune: (before: number) => Promise<Record<string, number>>;
}

/** Drains one outbox in the background. */
export class OutboxDrain<C> {
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
    const claims = await steps.claim(this.#now());
    let settled = 0;
    await inLanes(claims, this.#options.concurrency, async (claim) => {
      try {
        // Not `settled += await …`: that reads `settled` before the await, losing other lanes' counts.
        const count = await steps.settle(claim);
        settled += count;
      } catch (error) {
        this.#logger.error({ ...steps.describe(claim), err: error }, `could not settle ${steps.noun} writes`);
      }
    });
    try {
      await steps.updateGauges(this.#now());
    } catch (error) {
      this.#logger.warn({ err: error }, `could not read ${steps.noun} outbox stats`);
    }
    return { settled, full: steps.full(claims) };
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
