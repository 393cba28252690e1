/**
 * The durable path of `POST /v1/me/events`, the achievement writes' path for events: validate
 * (every event known to the game, for this player), record in the store and, when nothing of the
 * player's events is open, lease the writes to this request as one batch with its requestId (one
 * transaction), send it at once within `sendDeadlineMs`, and answer:
 * - `200 { items: [{ id, count }] }`: Google recorded it; the counts are the player's totals
 *   after it (and `rejected` lists what Google refused for good, if anything);
 * - `202 { pending: true }`: stored, and the worker sends it (Google failing, the grant dead, or
 *   earlier updates of the player still open: order first).
 */
import type { FastifyBaseLogger } from 'fastify';
import { createHash } from 'node:crypto';
import type { EventWrite, IdempotencyRecord, JsonValue, Store } from '../../store/store.js';
import { StoreError } from '../../store/store-errors.js';
import { ApiError } from '../errors.js';
import type { BackendMetrics } from '../metrics.js';
import type { EventReader } from './event-reader.js';
import type { EventSender } from './event-sender.js';

export interface EventUpdate {
  eventId: string;
  count: number;
}

export interface EventWriteAnswer {
  statusCode: number;
  body: JsonValue;
  replayed: boolean;
}

export interface EventWriteServiceDeps {
  store: Store;
  sender: EventSender;
  reader: Pick<EventReader, 'definitions'>;
  sendDeadlineMs: number;
  leaseMs: number;
  wakeWorker: () => void;
  metrics: BackendMetrics;
  logger: FastifyBaseLogger;
}

const PENDING = { pending: true } as const;

/** A stable hash of an events request; namespaced so an achievement request's key never matches it. */
export function eventsRequestHash(updates: readonly EventUpdate[]): string {
  const canonical = JSON.stringify({ events: updates.map((u) => [u.eventId, u.count]) });
  return `events:${createHash('sha256').update(canonical).digest('base64url')}`;
}

/** Accepts event updates durably and sends them at once when it can. */
export class EventWriteService {
  readonly #deps: EventWriteServiceDeps;

  constructor(deps: EventWriteServiceDeps) {
    this.#deps = deps;
  }

  async submit(playerId: string, updates: readonly EventUpdate[], idempotencyKey: string | undefined): Promise<EventWriteAnswer> {
    const { store, logger } = this.#deps;
    const ids = [...new Set(updates.map((u) => u.eventId))];
    const definitions = await this.#deps.reader.definitions(playerId, ids);
    const unknown = ids.find((id) => !definitions.byId.has(id));
    if (unknown !== undefined) {
      throw new ApiError('EVENT_NOT_FOUND', { message: `Google Play Games has no event ${unknown} this player can record (a draft is visible to tester accounts only).` });
    }
    const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, requestHash: eventsRequestHash(updates) };
    let enqueued;
    try {
      enqueued = await store.enqueueEventWrites(playerId, updates, idempotency, { claimLeaseMs: this.#deps.leaseMs });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'PLAYER_NOT_FOUND') throw new ApiError('PLAYER_NOT_FOUND', { cause: error });
      throw error;
    }
    if ('replay' in enqueued) return replay(enqueued.replay, idempotency?.requestHash);

    let answer: EventWriteAnswer;
    try {
      answer = await this.#sendNow(playerId, enqueued.writes);
    } catch (error) {
      logger.error({ playerRef: playerId, writeIds: enqueued.writes.map((w) => w.id), err: error }, 'event updates left to the worker after an error');
      this.#deps.wakeWorker();
      answer = { statusCode: 202, body: PENDING, replayed: false };
    }
    this.#deps.metrics.eventWrites.inc({ outcome: answer.statusCode === 200 ? 'applied' : 'pending' }, updates.length);
    if (idempotency) {
      try {
        await store.saveIdempotencyResponse(playerId, idempotency.key, answer.statusCode, answer.body);
      } catch (error) {
        logger.error({ playerRef: playerId, err: error }, 'could not record the idempotent answer');
      }
    }
    return answer;
  }

  async #sendNow(playerId: string, writes: EventWrite[]): Promise<EventWriteAnswer> {
    const requestId = writes[0]?.requestId;
    if (requestId === null || requestId === undefined || !writes.every((w) => w.status === 'in_flight')) {
      this.#deps.logger.info({ playerRef: playerId, writeIds: writes.map((w) => w.id) }, 'event updates pending behind earlier ones');
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING, replayed: false };
    }
    const settlement = await this.#deps.sender.settle({ playerId, requestId, writes }, { deadlineMs: this.#deps.sendDeadlineMs });
    if (settlement.pending.length > 0) {
      this.#deps.wakeWorker();
      return { statusCode: 202, body: PENDING, replayed: false };
    }
    const eventIds = [...new Set(writes.map((w) => w.eventId))];
    const items: JsonValue[] = eventIds
      .filter((id) => settlement.counts.has(id))
      .map((id) => ({ id, count: settlement.counts.get(id)! }));
    const rejected: JsonValue[] = writes
      .filter((w) => settlement.failed.has(w.id))
      .map((w) => ({ id: w.eventId, count: w.count, cause: settlement.failed.get(w.id)! }));
    return { statusCode: 200, body: rejected.length > 0 ? { items, rejected } : { items }, replayed: false };
  }
}

function replay(record: IdempotencyRecord, hash: string | undefined): EventWriteAnswer {
  if (record.requestHash !== hash) throw new ApiError('IDEMPOTENCY_KEY_REUSED');
  if (record.statusCode === null || record.responseBody === null) return { statusCode: 202, body: PENDING, replayed: true };
  return { statusCode: record.statusCode, body: record.responseBody, replayed: true };
}
