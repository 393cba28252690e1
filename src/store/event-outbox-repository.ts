/**
 * The event outbox: event writes are stored before they are sent, leased by one sender at a
 * time and kept in order per player, by the same rule as the achievement outbox
 * (`outbox-claim-rule.ts`, whose TypeScript and SQL forms are used here on `event_writes`).
 *
 * What is its own: batches. A player's writes go to Google as one `events.record`, whose
 * requestId makes a resend count once. So the writes of a batch get its requestId when the batch
 * is formed (at the claim, or when a request stores and sends at once), and keep it until the
 * batch is settled: a batch whose answer was lost is claimed again as it was, same writes, same
 * ID. Only a batch Google refused as a whole, unapplied, is released to be formed anew.
 */
import { sql, type Selectable } from 'kysely';
import { newRequestId } from '../google/request-id.js';
import type { EventWritesTable } from './db-schema.js';
import { DUE_AT, OPEN_STATUSES, claimablePrefix, dueSql, liveLeaseSql, mayClaimOnEnqueue, waitingSql } from './outbox-claim-rule.js';
import type { Executor, StoreContext } from './store-context.js';
import { STORE_ERROR_CODES, StoreError, playerMustExist } from './store-errors.js';
import type { ClaimOptions, ClaimedEventBatch, EventEnqueueResult, EventWrite, EventWriteInput, OutboxStats, WriteListFilter, WriteStatus } from './store.js';
import type { OutboxRepository } from './outbox-repository.js';
import { OutboxTableQueries } from './outbox-table.js';

type EventWriteRow = Selectable<EventWritesTable>;

const OPEN: WriteStatus[] = [...OPEN_STATUSES];

function toEventWrite(row: EventWriteRow): EventWrite {
  return {
    id: Number(row.id),
    playerId: row.player_ref,
    eventId: row.event_id,
    count: Number(row.count),
    requestId: row.request_id,
    status: row.status as WriteStatus,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function validate(write: EventWriteInput): void {
  if (typeof write.eventId !== 'string' || write.eventId.length === 0) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'an event write needs an eventId');
  }
  if (!Number.isSafeInteger(write.count) || write.count < 1) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'an event write needs a positive integer count');
  }
}

/** The writes of the batch to send next from one player's open writes (in id order), and its requestId if it has one. */
function nextBatch(open: readonly EventWriteRow[], now: number, max: number): { rows: EventWriteRow[]; requestId: string | null } {
  const prefix = claimablePrefix(open, now);
  const first = prefix[0];
  if (!first) return { rows: [], requestId: null };
  const sameBatch: EventWriteRow[] = [];
  for (const row of prefix) {
    if (row.request_id !== first.request_id) break;
    sameBatch.push(row);
  }
  // An earlier batch is resent whole, whatever its size; a new one takes at most `max`.
  return first.request_id !== null ? { rows: sameBatch, requestId: first.request_id } : { rows: sameBatch.slice(0, max), requestId: null };
}

/** Thrown inside an enqueue transaction to roll it back when the idempotency key was taken. */
class IdempotencyKeyTaken extends Error {}

/** The event outbox (idempotency records are the achievement outbox's, shared). */
export class EventOutboxRepository {
  readonly #ctx: StoreContext;
  readonly #records: OutboxRepository;
  readonly #table: OutboxTableQueries<'event_writes', EventWrite>;

  constructor(ctx: StoreContext, records: OutboxRepository) {
    this.#ctx = ctx;
    this.#records = records;
    this.#table = new OutboxTableQueries(ctx, 'event_writes', toEventWrite);
  }

  /** See `Store.enqueueEventWrites`. */
  async enqueue(
    playerId: string,
    writes: readonly EventWriteInput[],
    idempotency: { key: string; requestHash: string } | undefined,
    claimLeaseMs?: number,
  ): Promise<EventEnqueueResult> {
    writes.forEach(validate);
    const now = this.#ctx.now();
    try {
      return await this.#ctx.db.transaction().execute(async (trx) => {
        let claim: { requestId: string; leaseUntil: number } | undefined;
        if (claimLeaseMs !== undefined && writes.length > 0 && (await this.#mayClaimOnEnqueue(trx, playerId))) {
          claim = { requestId: newRequestId(), leaseUntil: now + claimLeaseMs };
        }
        const rows = writes.map((w) => ({
          player_ref: playerId,
          event_id: w.eventId,
          count: w.count,
          request_id: claim?.requestId ?? null,
          status: (claim ? 'in_flight' : 'pending') satisfies WriteStatus,
          attempts: 0,
          next_attempt_at: now,
          lease_until: claim?.leaseUntil ?? null,
          last_error: null,
          created_at: now,
          updated_at: now,
        }));
        const stored = rows.length === 0 ? [] : (await trx.insertInto('event_writes').values(rows).returningAll().execute()).map(toEventWrite);
        stored.sort((a, b) => a.id - b.id);
        if (idempotency === undefined) return { writes: stored };
        const record = await trx
          .insertInto('idempotency_records')
          .values({
            player_ref: playerId,
            key: idempotency.key,
            request_hash: idempotency.requestHash,
            status_code: null,
            response_body: null,
            write_ids: JSON.stringify(stored.map((w) => w.id)),
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['player_ref', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst();
        if (record === undefined) throw new IdempotencyKeyTaken();
        return { writes: stored };
      });
    } catch (error) {
      if (error instanceof IdempotencyKeyTaken && idempotency !== undefined) {
        const replay = await this.#records.getIdempotencyRecord(playerId, idempotency.key);
        if (replay !== undefined) return { replay };
        return this.enqueue(playerId, writes, idempotency, claimLeaseMs);
      }
      return playerMustExist(error, playerId);
    }
  }

  /** As the achievement outbox: the player's row locked first on PostgreSQL, then no open write at all. */
  async #mayClaimOnEnqueue(trx: Executor, playerId: string): Promise<boolean> {
    if (this.#ctx.dialect === 'postgres') {
      const locked = await trx.selectFrom('players').select('id').where('id', '=', playerId).forUpdate().skipLocked().executeTakeFirst();
      if (locked === undefined) return false;
    }
    const open = await trx
      .selectFrom('event_writes')
      .select(['status', 'next_attempt_at', 'lease_until'])
      .where('player_ref', '=', playerId)
      .where('status', 'in', OPEN)
      .limit(1)
      .execute();
    return mayClaimOnEnqueue(open);
  }

  /** See `Store.claimDueEventBatches`. */
  async claimDue(options: ClaimOptions): Promise<ClaimedEventBatch[]> {
    const { now, leaseMs, maxPlayers, maxWritesPerPlayer } = options;
    if (maxPlayers <= 0 || maxWritesPerPlayer <= 0) return [];
    return this.#ctx.db.transaction().execute(async (trx) => {
      // 1. Players with a due write and no live lease, oldest due first; on PostgreSQL their rows
      //    are locked SKIP LOCKED, so instances claiming together take different players.
      const dueOf = (status: (typeof OPEN_STATUSES)[number]) =>
        trx.selectFrom('event_writes').select(['player_ref', 'id']).where('status', '=', status).where(DUE_AT[status], '<=', now);
      const due = trx
        .selectFrom(() => dueOf('pending').unionAll(dueOf('in_flight')).as('d'))
        .select(['d.player_ref', (eb) => eb.fn.min('d.id').as('first_id')])
        .groupBy('d.player_ref')
        .as('due');
      let candidates = trx
        .selectFrom('players as p')
        .innerJoin(due, 'due.player_ref', 'p.id')
        .select('p.id')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('event_writes as w').select('w.id').whereRef('w.player_ref', '=', 'p.id').where(liveLeaseSql(now, 'w')))))
        // A player whose earlier write is still backing off has nothing to send (order first):
        // leave their slot to another player.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('event_writes as w').select('w.id').whereRef('w.player_ref', '=', 'p.id').where(waitingSql(now, 'w')).whereRef('w.id', '<', 'due.first_id'),
            ),
          ),
        )
        .orderBy('due.first_id')
        .limit(maxPlayers);
      if (this.#ctx.dialect === 'postgres') candidates = candidates.forUpdate('p').skipLocked();
      const playerIds = (await candidates.execute()).map((r) => r.id);
      if (playerIds.length === 0) return [];

      // 2. Their open writes, read after the lock; each player's next batch.
      const open = await trx.selectFrom('event_writes').selectAll().where('player_ref', 'in', playerIds).where('status', 'in', OPEN).orderBy('id').execute();
      const byPlayer = new Map<string, EventWriteRow[]>();
      for (const row of open) {
        const list = byPlayer.get(row.player_ref) ?? [];
        list.push(row);
        byPlayer.set(row.player_ref, list);
      }
      const batches: ClaimedEventBatch[] = [];
      for (const playerId of playerIds) {
        const { rows, requestId } = nextBatch(byPlayer.get(playerId) ?? [], now, maxWritesPerPlayer);
        if (rows.length === 0) continue;
        const batchId = requestId ?? newRequestId();
        // 3. Leased, re-checking due-ness in the same statement (a stale sender may have just
        //    completed an expired write).
        const leased = await trx
          .updateTable('event_writes')
          .set({ status: 'in_flight', lease_until: now + leaseMs, request_id: batchId, updated_at: now })
          .where('id', 'in', rows.map((r) => Number(r.id)))
          .where(dueSql(now))
          .returningAll()
          .execute();
        if (leased.length > 0) batches.push({ playerId, requestId: batchId, writes: leased.map(toEventWrite).sort((a, b) => a.id - b.id) });
      }
      return batches;
    });
  }

  /** See `Store.completeEventWrites`. */
  async complete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#ctx.db
      .updateTable('event_writes')
      .set({ status: 'done', lease_until: null, last_error: null, updated_at: this.#ctx.now() })
      .where('id', 'in', [...ids])
      .where('status', '!=', 'done')
      .execute();
  }

  /** See `Store.retryEventWrites`. */
  retry(ids: readonly number[], nextAttemptAt: number, error: string, releaseBatch: boolean): Promise<void> {
    return this.#table.retry(ids, nextAttemptAt, error, releaseBatch ? { request_id: null } : {});
  }

  /** See `Store.failEventWrites`. */
  fail(ids: readonly number[], error: string): Promise<void> {
    return this.#table.fail(ids, error);
  }

  /** See `Store.pendingEventWritesForPlayer`. */
  async openForPlayer(playerId: string): Promise<EventWrite[]> {
    const rows = await this.#ctx.db.selectFrom('event_writes').selectAll().where('player_ref', '=', playerId).where('status', 'in', OPEN).orderBy('id').execute();
    return rows.map(toEventWrite);
  }

  /** See `Store.deferEventWritesForPlayer`. */
  deferForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    return this.#table.deferForPlayer(playerId, until, reason);
  }

  /** See `Store.resumeEventWritesForPlayer`. */
  async resumeForPlayer(playerId: string): Promise<number> {
    const now = this.#ctx.now();
    const result = await sql`update event_writes set next_attempt_at = ${now}, updated_at = ${now}
      where player_ref = ${playerId} and status = 'pending' and next_attempt_at > ${now}`.execute(this.#ctx.db);
    return Number(result.numAffectedRows ?? 0n);
  }

  /** See `Store.pruneEventOutbox`. */
  prune(before: number): Promise<number> {
    return this.#table.prune(before);
  }

  /** See `Store.listFailedEventWrites`. */
  listFailed(limit: number): Promise<EventWrite[]> {
    return this.#table.listFailed(limit);
  }

  /** See `Store.findEventWrites`. */
  find(ids: readonly number[]): Promise<EventWrite[]> {
    return this.#table.find(ids);
  }

  /** See `Store.listEventWrites`. */
  list(filter: WriteListFilter): Promise<EventWrite[]> {
    return this.#table.list(filter);
  }

  /**
   * See `Store.retryFailedEventWrite`. The write leaves the batch it was refused in: Google
   * answers a requestId it has seen with its first answer, so a resend under it would count nothing.
   */
  retryFailed(id: number): Promise<EventWrite | undefined> {
    return this.#table.retryFailed(id, { request_id: null });
  }

  /**
   * See `Store.cancelEventWrite`: a failed write, or a pending one not yet in a batch. A pending
   * write that holds a batch's requestId was sent and its answer lost: Google may have counted it.
   */
  async cancelByOperator(id: number, reason: string): Promise<EventWrite | undefined> {
    const row = await this.#ctx.db
      .updateTable('event_writes')
      .set({ status: 'cancelled' satisfies WriteStatus, lease_until: null, last_error: reason, updated_at: this.#ctx.now() })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('request_id', 'is', null)])]))
      .returningAll()
      .executeTakeFirst();
    return row && toEventWrite(row);
  }

  /** See `Store.eventOutboxStats`. */
  stats(now: number): Promise<OutboxStats> {
    return this.#table.stats(now);
  }

}
