/**
 * Sends one player's claimed batch of event writes as ONE `events.record` (its requestId stored
 * with the writes, so a resend after a lost answer counts once) and settles each write in the
 * store. Both the send-at-once path of a request and the worker go through here.
 *
 * What Google's answer means for the writes (docs/google/events-and-player-data.md):
 * - a 200 records what it does not refuse: writes in a refused period (`TIME_PERIOD_*`) or of a
 *   refused event (`NOT_FOUND`, `INVALID_UPDATE_VALUE`) failed for good, the rest are done;
 * - `ALREADY_UPDATED` (request-wide): an earlier send of this very batch was recorded, so every
 *   write is done;
 * - any other request-wide failure (`TOO_LARGE`, `RECORD_RATE_HIGH`) recorded nothing: the batch
 *   is released and tried again later with a new requestId;
 * - an HTTP failure is the achievement outbox's (`../achievements/failures.ts`): transient → the
 *   same batch again after a backoff; a dead grant → parked until the player signs in again;
 *   refused (4xx) → failed for good.
 */
import type { FastifyBaseLogger } from 'fastify';
import { GoogleUnavailableError } from '../../google/errors.js';
import type { CallOptions } from '../../google/http.js';
import { GOOGLE_OPERATIONS } from '../../google/operations.js';
import type { EventUpdateResponse } from '../../google/wire/events.js';
import type { EventWrite, Store } from '../../store/store.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '../achievements/backoff.js';
import { classifyFailure, type Failure } from '../achievements/failures.js';
import { DEFER_MS } from '../achievements/write-sender.js';
import type { BackendMetrics } from '../metrics.js';
import type { TokenVault } from '../vault/token-vault.js';
import type { EventGames } from './google-port.js';
import { periodsOf } from './periods.js';

export interface EventSenderDeps {
  store: Store;
  games: Pick<EventGames, 'recordEvents'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
  now: () => number;
  /** Per-attempt timeout of a Google call. */
  googleTimeoutMs: number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface EventBatch {
  playerId: string;
  requestId: string;
  writes: readonly EventWrite[];
}

export interface EventSettleOptions {
  deadlineMs: number;
  maxAttempts?: number;
}

/** How the writes of a batch ended. */
export interface EventSettlement {
  done: number[];
  /** Write ID → Google's failure cause (or the refusal's reason). */
  failed: Map<number, string>;
  pending: number[];
  /** The player's counts Google answered, by event ID (when it answered). */
  counts: Map<string, number>;
}

/** Sends claimed event batches and records what became of them. */
export class EventSender {
  readonly #deps: EventSenderDeps;

  constructor(deps: EventSenderDeps) {
    this.#deps = deps;
  }

  /** Sends `batch` and settles its writes. Never throws for a Google failure; throws only if the store does. */
  async settle(batch: EventBatch, options: EventSettleOptions): Promise<EventSettlement> {
    const settlement: EventSettlement = { done: [], failed: new Map(), pending: [], counts: new Map() };
    if (batch.writes.length === 0) return settlement;
    const { timePeriods, writeIds } = periodsOf(batch.writes);
    const deadline = performance.now() + options.deadlineMs;
    let answer: EventUpdateResponse;
    try {
      answer = await this.#deps.vault.withAccessToken(batch.playerId, (token) => {
        const remaining = Math.floor(deadline - performance.now());
        if (remaining < 1) {
          throw new GoogleUnavailableError({ operation: GOOGLE_OPERATIONS.eventsRecord, kind: 'timeout', attempts: 0, message: 'events.record: send deadline reached before the call' });
        }
        const call: CallOptions = {
          deadlineMs: remaining,
          timeoutMs: Math.max(1, Math.min(this.#deps.googleTimeoutMs, remaining)),
          ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
        };
        return this.#deps.games.recordEvents(token, { currentTimeMillis: this.#deps.now(), requestId: batch.requestId, timePeriods }, call);
      });
    } catch (error) {
      await this.#afterFailure(batch, classifyFailure(error), settlement);
      return settlement;
    }
    for (const event of answer.playerEvents) settlement.counts.set(event.definitionId, Number(event.numEvents));

    const requestWide = (answer.batchFailures ?? []).find((failure) => failure.range === undefined);
    const ids = batch.writes.map((w) => w.id);
    if (requestWide?.failureCause === 'ALREADY_UPDATED') {
      await this.#deps.store.completeEventWrites(ids);
      settlement.done.push(...ids);
      return settlement;
    }
    if (requestWide) {
      await this.#retry(batch, { kind: 'transient', retryAfterMs: undefined, reason: `events.record refused the request: ${requestWide.failureCause}` }, settlement, true);
      return settlement;
    }
    const failed = new Map<number, string>();
    for (const failure of answer.batchFailures ?? []) {
      const index = timePeriods.findIndex(
        (period) => period.timePeriod.periodStartMillis === failure.range?.periodStartMillis && period.timePeriod.periodEndMillis === failure.range?.periodEndMillis,
      );
      for (const id of writeIds[index] ?? []) failed.set(id, failure.failureCause);
    }
    for (const failure of answer.eventFailures ?? []) {
      for (const write of batch.writes) if (write.eventId === failure.eventId && !failed.has(write.id)) failed.set(write.id, failure.failureCause);
    }
    const done = ids.filter((id) => !failed.has(id));
    await this.#deps.store.completeEventWrites(done);
    settlement.done.push(...done);
    for (const [cause, group] of groupBy(failed)) await this.#deps.store.failEventWrites(group, `google refused the event update: ${cause}`);
    for (const [id, cause] of failed) settlement.failed.set(id, cause);
    if (failed.size > 0) {
      this.#deps.logger.warn(
        { playerRef: batch.playerId, writeIds: [...failed.keys()], causes: [...new Set(failed.values())] },
        'event updates refused by Google for good',
      );
    }
    return settlement;
  }

  async #afterFailure(batch: EventBatch, failure: Failure, settlement: EventSettlement): Promise<void> {
    const ids = batch.writes.map((w) => w.id);
    if (failure.kind === 'permanent') {
      await this.#deps.store.failEventWrites(ids, failure.reason);
      for (const id of ids) settlement.failed.set(id, failure.googleReason ?? `HTTP ${failure.status}`);
      this.#deps.logger.warn({ playerRef: batch.playerId, writeIds: ids, reason: failure.reason }, 'event updates failed for good');
      return;
    }
    if (failure.kind === 'reauth') {
      settlement.pending.push(...ids);
      await this.#deps.store.deferEventWritesForPlayer(batch.playerId, this.#deps.now() + DEFER_MS, failure.reason);
      this.#deps.logger.info({ playerRef: batch.playerId, writeIds: ids, reason: failure.reason }, 'event updates pending until the player signs in again');
      return;
    }
    // Transient or unexpected: the answer may have been lost after Google recorded the batch, so
    // the same batch (same requestId) goes again.
    await this.#retry(batch, failure, settlement, false);
  }

  async #retry(batch: EventBatch, failure: Failure, settlement: EventSettlement, releaseBatch: boolean): Promise<void> {
    const ids = batch.writes.map((w) => w.id);
    settlement.pending.push(...ids);
    const attempts = Math.max(...batch.writes.map((w) => w.attempts));
    const retryAfterMs = failure.kind === 'transient' ? failure.retryAfterMs : undefined;
    const delay = retryDelayMs(attempts, retryAfterMs, this.#deps.backoff ?? DEFAULT_BACKOFF, this.#deps.random ?? Math.random);
    await this.#deps.store.retryEventWrites(ids, this.#deps.now() + delay, failure.reason, { releaseBatch });
    this.#deps.metrics.googleRetries.inc({ operation: GOOGLE_OPERATIONS.eventsRecord });
    const fields = { playerRef: batch.playerId, writeIds: ids, attempts: attempts + 1, retryInMs: delay, reason: failure.reason };
    if (failure.kind === 'unexpected') this.#deps.logger.error({ ...fields, err: failure.error }, 'event updates pending after an unexpected error');
    else this.#deps.logger.info(fields, 'event updates pending: Google unavailable, retrying later');
  }
}

function groupBy(failed: ReadonlyMap<number, string>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [id, cause] of failed) groups.set(cause, [...(groups.get(cause) ?? []), id]);
  return groups;
}
