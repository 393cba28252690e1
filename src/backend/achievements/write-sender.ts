/**
 * Sends a player's claimed writes to Google and settles each one in the store: done (with
 * Google's answer), failed for good, retried later with backoff, or parked until the player signs
 * in again. Both the send-at-once path of a request and the outbox worker go through here, so a
 * write is treated the same whoever sends it.
 *
 * Why each write is safe to send again: Google dedups an INCREMENT by its stored `requestId`
 * (docs/google/games-api.md, 'requestId and retries'), and unlock, reveal and setStepsAtLeast are
 * idempotent. A player's writes always go in id order, one claim at a time (the store's lease).
 */
import type { FastifyBaseLogger } from 'fastify';
import { GoogleUnavailableError } from '../../google/errors.js';
import type { CallOptions } from '../../google/http.js';
import { GOOGLE_OPERATIONS } from '../../google/operations.js';
import type { AchievementUpdateRequest } from '../../google/wire/achievements.js';
import type { AchievementWrite, Store } from '../../store/store.js';
import type { BackendMetrics } from '../metrics.js';
import type { TokenVault } from '../vault/token-vault.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.js';
import { classifyFailure, type Failure } from './failures.js';
import type { AchievementGames } from './google-port.js';
import { outcomeJson, outcomesFromUpdateMultiple, type WriteOutcome } from './outcomes.js';

/** How long a player's writes wait when their grant is dead, unless they sign in sooner. */
export const DEFER_MS = 6 * 60 * 60_000;

export interface WriteSenderDeps {
  store: Store;
  games: AchievementGames;
  vault: Pick<TokenVault, 'withAccessToken'>;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
  now: () => number;
  /** Per-attempt timeout of a Google call (config.google.timeoutMs). */
  googleTimeoutMs: number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface SettleOptions {
  /** Budget for all Google calls of this settlement, from now. */
  deadlineMs: number;
  /** Attempts per Google call inside the budget (1 = the outbox does all retrying). */
  maxAttempts?: number;
  /** Who sends, for logs and the batch-size histogram (the worker's sends are observed). */
  via: 'request' | 'worker';
}

/** Why a write failed for good: Google's status and reason. */
export interface WriteFailure {
  status: number;
  googleReason: string | undefined;
  reason: string;
}

/** How each write of a settlement ended. */
export interface Settlement {
  done: Map<number, WriteOutcome>;
  failed: Map<number, WriteFailure>;
  /** Writes still pending (retried later or parked), in id order. */
  pending: number[];
  /** Why they are pending. */
  pendingReason: string | undefined;
}

/** Sends claimed writes and records what became of them. */
export class WriteSender {
  readonly #deps: WriteSenderDeps;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;

  constructor(deps: WriteSenderDeps) {
    this.#deps = deps;
    this.#backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.#random = deps.random ?? Math.random;
  }

  /**
   * Sends `writes` (one player's, claimed, in id order) and settles them. The batch goes out as
   * one call; if Google refuses it as a whole (400/404) the writes are sent one by one so that
   * only the bad one fails. Never throws for a Google failure; throws only if the store does.
   */
  async settle(playerId: string, writes: readonly AchievementWrite[], options: SettleOptions): Promise<Settlement> {
    const settlement: Settlement = { done: new Map(), failed: new Map(), pending: [], pendingReason: undefined };
    if (writes.length === 0) return settlement;
    const deadline = performance.now() + options.deadlineMs;

    let failure: Failure;
    try {
      const outcomes = await this.#send(playerId, writes, deadline, options);
      await this.#complete(writes, outcomes, settlement);
      return settlement;
    } catch (error) {
      failure = classifyFailure(error);
    }
    if (failure.kind !== 'permanent') {
      await this.#park(playerId, writes, failure, settlement);
      return settlement;
    }
    if (writes.length === 1) {
      await this.#fail(writes, failure, settlement);
      return settlement;
    }

    // Google refused the batch as a whole: find the bad write(s) by sending them one at a time,
    // still in order, each INCREMENT with its own requestId.
    this.#deps.logger.info(
      { playerRef: playerId, writeIds: writes.map((w) => w.id), reason: failure.reason },
      'achievement batch refused; sending its writes one by one',
    );
    for (const [index, write] of writes.entries()) {
      let outcomes: WriteOutcome[];
      try {
        outcomes = await this.#send(playerId, [write], deadline, options);
      } catch (error) {
        const single = classifyFailure(error);
        if (single.kind === 'permanent') {
          await this.#fail([write], single, settlement);
          continue;
        }
        await this.#park(playerId, writes.slice(index), single, settlement);
        return settlement;
      }
      await this.#complete([write], outcomes, settlement);
    }
    return settlement;
  }

  /** Sends with the player's token (refreshed once if Google refuses it). */
  #send(playerId: string, writes: readonly AchievementWrite[], deadline: number, options: SettleOptions): Promise<WriteOutcome[]> {
    return this.#deps.vault.withAccessToken(playerId, (token) => this.#call(token, writes, deadline, options));
  }

  async #call(token: string, writes: readonly AchievementWrite[], deadline: number, options: SettleOptions): Promise<WriteOutcome[]> {
    const remaining = Math.floor(deadline - performance.now());
    const operation = writes.length === 1 ? operationOf(writes[0]!) : GOOGLE_OPERATIONS.achievementsUpdateMultiple;
    if (remaining < 1) {
      throw new GoogleUnavailableError({ operation, kind: 'timeout', attempts: 0, message: `${operation}: send deadline reached before the call` });
    }
    const call: CallOptions = {
      deadlineMs: remaining,
      timeoutMs: Math.max(1, Math.min(this.#deps.googleTimeoutMs, remaining)),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    };
    if (options.via === 'worker') this.#deps.metrics.outboxBatchSize.observe(writes.length);
    const games = this.#deps.games;
    if (writes.length > 1) {
      const res = await games.updateMultiple(token, writes.map(updateRequestOf), call);
      return outcomesFromUpdateMultiple(writes, res.updatedAchievements);
    }
    const write = writes[0]!;
    const base = { achievementId: write.achievementId, op: write.op };
    switch (write.op) {
      case 'UNLOCK': {
        const res = await games.unlock(token, write.achievementId, call);
        return [{ ...base, state: 'UNLOCKED', newlyUnlocked: res.newlyUnlocked === true }];
      }
      case 'INCREMENT': {
        const res = await games.increment(token, write.achievementId, stepsOf(write), write.requestId ?? undefined, call);
        return [{ ...base, currentSteps: res.currentSteps, newlyUnlocked: res.newlyUnlocked === true }];
      }
      case 'SET_STEPS_AT_LEAST': {
        const res = await games.setStepsAtLeast(token, write.achievementId, stepsOf(write), call);
        return [{ ...base, currentSteps: res.currentSteps, newlyUnlocked: res.newlyUnlocked === true }];
      }
      case 'REVEAL': {
        const res = await games.reveal(token, write.achievementId, call);
        return [{ ...base, state: res.currentState, newlyUnlocked: false }];
      }
    }
  }

  async #complete(writes: readonly AchievementWrite[], outcomes: WriteOutcome[], settlement: Settlement): Promise<void> {
    await this.#deps.store.completeWrites(
      writes.map((w) => w.id),
      outcomes.map(outcomeJson),
    );
    writes.forEach((w, i) => settlement.done.set(w.id, outcomes[i]!));
  }

  async #fail(writes: readonly AchievementWrite[], failure: Extract<Failure, { kind: 'permanent' }>, settlement: Settlement): Promise<void> {
    await this.#deps.store.failWrites(
      writes.map((w) => w.id),
      failure.reason,
    );
    for (const w of writes) settlement.failed.set(w.id, { status: failure.status, googleReason: failure.googleReason, reason: failure.reason });
    this.#deps.logger.warn(
      { playerRef: writes[0]?.playerId, writeIds: writes.map((w) => w.id), achievementIds: writes.map((w) => w.achievementId), reason: failure.reason },
      'achievement write failed for good',
    );
  }

  /** Leaves the writes pending: retried after a backoff, or parked until the player signs in again. */
  async #park(playerId: string, writes: readonly AchievementWrite[], failure: Failure, settlement: Settlement): Promise<void> {
    const ids = writes.map((w) => w.id);
    settlement.pending.push(...ids);
    settlement.pendingReason = failure.reason;
    const now = this.#deps.now();
    if (failure.kind === 'reauth') {
      await this.#deps.store.deferWritesForPlayer(playerId, now + DEFER_MS, failure.reason);
      this.#deps.logger.info(
        { playerRef: playerId, writeIds: ids, reason: failure.reason },
        'achievement writes pending until the player signs in again',
      );
      return;
    }
    const attempts = Math.max(...writes.map((w) => w.attempts));
    const retryAfterMs = failure.kind === 'transient' ? failure.retryAfterMs : undefined;
    const delay = retryDelayMs(attempts, retryAfterMs, this.#backoff, this.#random);
    await this.#deps.store.retryWrites(ids, now + delay, failure.reason);
    this.#deps.metrics.googleRetries.inc({ operation: ids.length === 1 ? operationOf(writes[0]!) : GOOGLE_OPERATIONS.achievementsUpdateMultiple });
    const fields = { playerRef: playerId, writeIds: ids, attempts: attempts + 1, retryInMs: delay, reason: failure.reason };
    if (failure.kind === 'unexpected') this.#deps.logger.error({ ...fields, err: failure.error }, 'achievement writes pending after an unexpected error');
    else this.#deps.logger.info(fields, 'achievement writes pending: Google unavailable, retrying later');
  }
}

function stepsOf(write: AchievementWrite): number {
  if (write.steps === null) throw new TypeError(`write ${write.id}: ${write.op} has no steps`);
  return write.steps;
}

function operationOf(write: AchievementWrite): string {
  switch (write.op) {
    case 'UNLOCK':
      return GOOGLE_OPERATIONS.achievementsUnlock;
    case 'INCREMENT':
      return GOOGLE_OPERATIONS.achievementsIncrement;
    case 'SET_STEPS_AT_LEAST':
      return GOOGLE_OPERATIONS.achievementsSetStepsAtLeast;
    case 'REVEAL':
      return GOOGLE_OPERATIONS.achievementsReveal;
  }
}

/** The `updateMultiple` entry of a stored write, keeping its requestId, so a resend is applied once. */
function updateRequestOf(write: AchievementWrite): AchievementUpdateRequest {
  const base = { achievementId: write.achievementId, updateType: write.op };
  switch (write.op) {
    case 'INCREMENT':
      return { ...base, incrementPayload: { steps: stepsOf(write), ...(write.requestId ? { requestId: write.requestId } : {}) } };
    case 'SET_STEPS_AT_LEAST':
      return { ...base, setStepsAtLeastPayload: { steps: stepsOf(write) } };
    default:
      return base;
  }
}
