/**
 * The achievement outbox: writes are stored before they are sent, leased by one sender at a
 * time, and kept in order per player. Which writes may be leased (due time, lease expiry,
 * per-player order, send at once) is decided in `outbox-claim-rule.ts`; every claim path here
 * reads it from there.
 *
 * Crash safety: a lease expires; an expired in-flight write is due again. Sending twice is safe
 * because Google dedups increments by `requestId` and the other operations are idempotent.
 */
import { CompiledQuery, sql, type Selectable } from 'kysely';
import { isRequestId, newRequestId } from '../google/request-id.js';
import { ACHIEVEMENT_UPDATE_TYPES, type AchievementUpdateType } from '../google/wire/achievements.js';
import type { AchievementWritesTable, IdempotencyRecordsTable } from './db-schema.js';
import { DUE_AT, OPEN_STATUSES, claimablePrefix, dueSql, liveLeaseSql, mayClaimOnEnqueue, waitingSql } from './outbox-claim-rule.js';
import type { Executor, StoreContext } from './store-context.js';
import { STORE_ERROR_CODES, StoreError, playerMustExist } from './store-errors.js';
import type {
  AchievementWrite,
  AchievementWriteInput,
  ClaimOptions,
  ClaimedPlayerWrites,
  EnqueueResult,
  HeldWrites,
  IdempotencyRecord,
  JsonValue,
  OutboxStats,
  WriteListFilter,
  WriteStatus,
} from './store.js';
import { OutboxTableQueries } from './outbox-table.js';

type WriteRow = Selectable<AchievementWritesTable>;

const OPEN: WriteStatus[] = [...OPEN_STATUSES];
/** Statuses a write never leaves. */
const FINAL: WriteStatus[] = ['done', 'cancelled'];

function toWrite(row: WriteRow): AchievementWrite {
  return {
    id: Number(row.id),
    playerId: row.player_ref,
    achievementId: row.achievement_id,
    op: row.op as AchievementUpdateType,
    steps: row.steps,
    requestId: row.request_id,
    status: row.status as WriteStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toIdempotencyRecord(row: Selectable<IdempotencyRecordsTable>): IdempotencyRecord {
  return {
    playerId: row.player_ref,
    key: row.key,
    requestHash: row.request_hash,
    statusCode: row.status_code,
    responseBody: row.response_body === null ? null : (JSON.parse(row.response_body) as JsonValue),
    writeIds: JSON.parse(row.write_ids) as number[],
    createdAt: row.created_at,
  };
}

function validateWrite(write: AchievementWriteInput): void {
  if (!ACHIEVEMENT_UPDATE_TYPES.includes(write.op)) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, `unknown achievement write op ${String(write.op)}`);
  }
  const needsSteps = write.op === 'INCREMENT' || write.op === 'SET_STEPS_AT_LEAST';
  if (needsSteps && (write.steps === undefined || !Number.isSafeInteger(write.steps) || write.steps <= 0)) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, `${write.op} needs a positive integer number of steps`);
  }
  if (!needsSteps && write.steps !== undefined) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, `${write.op} takes no steps`);
  }
  // Google's requestId is an int64: a 19-digit decimal above 2^63 − 1 would be stored, then
  // refused by Google (or by the Games client) on every send, and the write would never settle.
  if (write.requestId !== undefined && (write.op !== 'INCREMENT' || !isRequestId(write.requestId))) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'requestId is for INCREMENT only, a positive int64 in decimal (1 … 9223372036854775807)');
  }
}

/**
 * SQLite's send-at-once enqueue of `count` writes as one statement, its text built once per count
 * (so prepared once, `sqlite-dialect.ts`): the writes are inserted leased to the caller when the
 * player has no open write (`mayClaimOnEnqueue`), pending otherwise, decided once for all of them
 * before any is inserted (the materialized `open_writes`). One statement is its own transaction:
 * no BEGIN, no SELECT of its own, no COMMIT statement, and kysely builds nothing per call. Between
 * its read and its insert no other connection can commit: in WAL mode a write on a stale snapshot
 * fails with SQLITE_BUSY_SNAPSHOT, which the driver retries as a whole (https://sqlite.org/wal.html).
 * Parameters: the player, then per write its index, achievement, op, steps and requestId, then the
 * player, now, the lease's end, now, now. The conformance suite compares its rows with the transaction's.
 */
const enqueueClaimSqliteText = new Map<number, string>();
function enqueueClaimSqlite(count: number): string {
  let text = enqueueClaimSqliteText.get(count);
  if (text === undefined) {
    const values = Array.from({ length: count }, () => '(?, ?, ?, ?, ?)').join(', ');
    text = `with open_writes as materialized (
  select exists(select 1 from achievement_writes where player_ref = ? and status in ('pending', 'in_flight')) as busy
),
v(i, achievement_id, op, steps, request_id) as (values ${values})
insert into achievement_writes
  (player_ref, achievement_id, op, steps, request_id, status, attempts, next_attempt_at, lease_until, last_error, result, created_at, updated_at)
select ?, v.achievement_id, v.op, v.steps, v.request_id,
  case when open_writes.busy then 'pending' else 'in_flight' end, 0, ?,
  case when open_writes.busy then null else ? end, null, null, ?, ?
from v, open_writes
order by v.i
returning *`;
    if (count <= 64) enqueueClaimSqliteText.set(count, text);
  }
  return text;
}

/** `complete` of one write with its result: parameters now, the result (JSON text), the id. */
const COMPLETE_ONE_SQLITE = `update achievement_writes set status = 'done', lease_until = null, last_error = null, updated_at = ?, result = ?
where id = ? and status not in ('done', 'cancelled')`;
/** The same on PostgreSQL, without waiting for the disk (see `complete`), as a prepared statement (`postgres-prepared-statements.ts`; it returns no rows). */
const COMPLETE_ONE_POSTGRES = `/* prepared: pgs_complete_achievement_write */
update achievement_writes set status = 'done', lease_until = null, last_error = null, updated_at = $1::bigint, result = $2::text
where id = $3::bigint and status not in ('done', 'cancelled') and set_config('synchronous_commit', 'off', true) is not null`;

/**
 * `openForPlayer`: a player's open writes, seeking them through (player_ref, status, id)
 * (migration 0002), the statuses bound as parameters. Fixed text, run on every read of a player's
 * achievements: kysely built and compiled the same query on each call. The columns are listed for
 * the prepared statement on PostgreSQL (`postgres-prepared-statements.ts`).
 */
const WRITE_COLUMNS = Object.keys({
  // Every column of `db-schema.ts`'s table, each once: a column added there fails to compile here.
  id: true,
  player_ref: true,
  achievement_id: true,
  op: true,
  steps: true,
  request_id: true,
  status: true,
  attempts: true,
  next_attempt_at: true,
  lease_until: true,
  last_error: true,
  result: true,
  created_at: true,
  updated_at: true,
} satisfies Record<keyof AchievementWritesTable, true>).join(', ');
const OPEN_FOR_PLAYER_SQLITE = `select ${WRITE_COLUMNS} from achievement_writes where player_ref = ? and status in (?, ?) order by id`;
const OPEN_FOR_PLAYER_POSTGRES = `/* prepared: pgs_open_achievement_writes */
select ${WRITE_COLUMNS} from achievement_writes where player_ref = $1::text and status in ($2::text, $3::text) order by id`;

/**
 * PostgreSQL's send-at-once enqueue, `pgs_enqueue_claim` (migration 0003), as a prepared statement
 * of fixed text (`postgres-prepared-statements.ts`; its columns listed, as a prepared statement's
 * must be): kysely built and compiled the call on every increment. Parameters: the player, the
 * writes as JSON, now, the lease in ms.
 */
const ENQUEUE_CLAIM_POSTGRES = `/* prepared: pgs_enqueue_claim_writes */
select ${WRITE_COLUMNS} from pgs_enqueue_claim($1::text, $2::jsonb, $3::bigint, $4::bigint)`;

/** Thrown inside an enqueue transaction to roll it back when the idempotency key was taken. */
class IdempotencyKeyTaken extends Error {}

/** The outbox of achievement writes and its idempotency records. */
export class OutboxRepository {
  readonly #ctx: StoreContext;
  readonly #table: OutboxTableQueries<'achievement_writes', AchievementWrite>;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#table = new OutboxTableQueries(ctx, 'achievement_writes', toWrite);
  }

  /** See `Store.enqueueAchievementWrites`. */
  async enqueue(
    playerId: string,
    writes: readonly AchievementWriteInput[],
    idempotency: { key: string; requestHash: string } | undefined,
    claimLeaseMs?: number,
  ): Promise<EnqueueResult> {
    writes.forEach(validateWrite);
    const now = this.#ctx.now();
    const rows = writes.map((w) => ({
      player_ref: playerId,
      achievement_id: w.achievementId,
      op: w.op,
      steps: w.steps ?? null,
      request_id: w.op === 'INCREMENT' ? (w.requestId ?? newRequestId()) : null,
      status: 'pending' satisfies WriteStatus,
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      last_error: null,
      result: null,
      created_at: now,
      updated_at: now,
    }));
    const insertWrites = async (db: Executor): Promise<AchievementWrite[]> => {
      if (rows.length === 0) return [];
      const inserted = await db.insertInto('achievement_writes').values(rows).returningAll().execute();
      return inserted.map(toWrite).sort((a, b) => a.id - b.id);
    };

    try {
      // Without a key or a claim, one multi-row INSERT is its own transaction: one round trip.
      if (idempotency === undefined && claimLeaseMs === undefined) return { writes: await insertWrites(this.#ctx.db) };
      if (idempotency === undefined && this.#ctx.dialect === 'postgres' && rows.length > 0) {
        // Record and claim in one round trip (migration 0003 explains the function).
        const payload = rows.map((r) => ({ achievement_id: r.achievement_id, op: r.op, steps: r.steps, request_id: r.request_id }));
        const params = [playerId, JSON.stringify(payload), now, claimLeaseMs ?? null];
        const result = await this.#ctx.db.executeQuery<WriteRow>(CompiledQuery.raw(ENQUEUE_CLAIM_POSTGRES, params));
        return { writes: result.rows.map(toWrite).sort((a, b) => a.id - b.id) };
      }
      if (idempotency === undefined && claimLeaseMs !== undefined && rows.length > 0) {
        // SQLite: record and claim in one statement (`enqueueClaimSqlite`), atomic on its own.
        const params = [playerId, ...rows.flatMap((r, i) => [i, r.achievement_id, r.op, r.steps, r.request_id]), playerId, now, now + claimLeaseMs, now, now];
        const result = await this.#ctx.db.executeQuery<WriteRow>(CompiledQuery.raw(enqueueClaimSqlite(rows.length), params));
        return { writes: result.rows.map(toWrite).sort((a, b) => a.id - b.id) };
      }
      return await this.#ctx.db.transaction().execute(async (trx) => {
        if (claimLeaseMs !== undefined && rows.length > 0 && (await this.#mayClaimOnEnqueue(trx, playerId))) {
          // Inserted already leased to the caller: the send-at-once path needs no second transaction.
          for (const row of rows) {
            row.status = 'in_flight';
            (row as { lease_until: number | null }).lease_until = now + claimLeaseMs;
          }
        }
        const stored = await insertWrites(trx);
        if (idempotency === undefined) return { writes: stored };
        // The record and the writes commit together. A concurrent request with the same key
        // waits here (PostgreSQL) for the first to commit, then finds the key taken.
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
        const replay = await this.getIdempotencyRecord(playerId, idempotency.key);
        if (replay !== undefined) return { replay };
        // Pruned between our attempt and now: the key is free again.
        return this.enqueue(playerId, writes, idempotency, claimLeaseMs);
      }
      return playerMustExist(error, playerId);
    }
  }

  /**
   * Whether new writes of the player may be claimed as they are stored (`mayClaimOnEnqueue`). On
   * PostgreSQL the player's row is locked first (SKIP LOCKED, as the worker's claim does): a
   * concurrent enqueue of the same player then sees these writes once they commit, and a player
   * being claimed by a worker right now is left to it. `pgs_enqueue_claim` (migration 0003) does
   * the same in SQL; the conformance suite runs both on the same rows.
   */
  async #mayClaimOnEnqueue(trx: Executor, playerId: string): Promise<boolean> {
    if (this.#ctx.dialect === 'postgres') {
      const locked = await trx.selectFrom('players').select('id').where('id', '=', playerId).forUpdate().skipLocked().executeTakeFirst();
      if (locked === undefined) return false;
    }
    // One open write is enough to decide.
    const open = await trx
      .selectFrom('achievement_writes')
      .select(['status', 'next_attempt_at', 'lease_until'])
      .where('player_ref', '=', playerId)
      .where('status', 'in', OPEN)
      .limit(1)
      .execute();
    return mayClaimOnEnqueue(open);
  }

  /** See `Store.getIdempotencyRecord`. */
  async getIdempotencyRecord(playerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.#ctx.db
      .selectFrom('idempotency_records')
      .selectAll()
      .where('player_ref', '=', playerId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && toIdempotencyRecord(row);
  }

  /** See `Store.saveIdempotencyResponse`. */
  async saveIdempotencyResponse(playerId: string, key: string, statusCode: number, body: JsonValue): Promise<void> {
    await this.#ctx.db
      .updateTable('idempotency_records')
      .set({ status_code: statusCode, response_body: JSON.stringify(body) })
      .where('player_ref', '=', playerId)
      .where('key', '=', key)
      .execute();
  }

  /** See `Store.claimDueWrites`. */
  async claimDue(options: ClaimOptions): Promise<ClaimedPlayerWrites[]> {
    const { now, leaseMs, maxPlayers, maxWritesPerPlayer } = options;
    if (maxPlayers <= 0 || maxWritesPerPlayer <= 0) return [];
    return this.#ctx.db.transaction().execute(async (trx) => {
      // 1. Players whose first open write is due and who hold no live lease, oldest due first.
      //    On PostgreSQL their rows are locked SKIP LOCKED: another instance claiming at the same
      //    moment takes other players instead of waiting or double-claiming.
      //    `isDue` as one branch per status (each served by its partial index), not one OR.
      const dueOf = (status: (typeof OPEN_STATUSES)[number]) =>
        trx.selectFrom('achievement_writes').select(['player_ref', 'id']).where('status', '=', status).where(DUE_AT[status], '<=', now);
      const due = trx
        .selectFrom(() => dueOf('pending').unionAll(dueOf('in_flight')).as('d'))
        .select(['d.player_ref', (eb) => eb.fn.min('d.id').as('first_id')])
        .groupBy('d.player_ref')
        .as('due');
      let candidates = trx
        .selectFrom('players as p')
        .innerJoin(due, 'due.player_ref', 'p.id')
        .select('p.id')
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('achievement_writes as w').select('w.id').whereRef('w.player_ref', '=', 'p.id').where(liveLeaseSql(now, 'w')))),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('achievement_writes as w')
                .select('w.id')
                .whereRef('w.player_ref', '=', 'p.id')
                .where(waitingSql(now, 'w'))
                .whereRef('w.id', '<', 'due.first_id'),
            ),
          ),
        )
        .orderBy('due.first_id')
        .limit(maxPlayers);
      if (this.#ctx.dialect === 'postgres') candidates = candidates.forUpdate('p').skipLocked();
      const playerIds = (await candidates.execute()).map((r) => r.id);
      if (playerIds.length === 0) return [];

      // 2. Their open writes, first `maxWritesPerPlayer` each, read after the lock with a fresh
      //    snapshot: a lease committed by another claimer just before is seen here.
      const open = await trx
        .selectFrom((eb) =>
          eb
            .selectFrom('achievement_writes')
            .selectAll()
            .select((eb2) => eb2.fn.agg<number>('row_number').over((o) => o.partitionBy('player_ref').orderBy('id')).as('rn'))
            .where('player_ref', 'in', playerIds)
            .where('status', 'in', OPEN)
            .as('o'),
        )
        .selectAll()
        .where('o.rn', '<=', maxWritesPerPlayer)
        .orderBy('o.id')
        .execute();
      const byPlayer = new Map<string, WriteRow[]>();
      for (const row of open) {
        const list = byPlayer.get(row.player_ref) ?? [];
        list.push(row);
        byPlayer.set(row.player_ref, list);
      }
      const ids: number[] = [];
      for (const playerId of playerIds) {
        for (const row of claimablePrefix(byPlayer.get(playerId) ?? [], now)) ids.push(Number(row.id));
      }
      if (ids.length === 0) return [];

      // 3. Lease them, re-checking due-ness in the same statement (a stale sender may have just
      //    completed an expired write).
      const claimed = await this.#lease(trx, ids, now, now + leaseMs);
      const grouped = new Map<string, AchievementWrite[]>();
      for (const write of claimed) {
        const list = grouped.get(write.playerId) ?? [];
        list.push(write);
        grouped.set(write.playerId, list);
      }
      return playerIds
        .filter((id) => grouped.has(id))
        .map((playerId) => ({ playerId, writes: (grouped.get(playerId) ?? []).sort((a, b) => a.id - b.id) }));
    });
  }

  async #lease(trx: Executor, ids: number[], now: number, leaseUntil: number): Promise<AchievementWrite[]> {
    const rows = await trx
      .updateTable('achievement_writes')
      .set({ status: 'in_flight', lease_until: leaseUntil, updated_at: now })
      .where('id', 'in', ids)
      .where(dueSql(now))
      .returningAll()
      .execute();
    return rows.map(toWrite);
  }

  /** See `Store.completeWrites`. */
  async complete(ids: readonly number[], results: readonly JsonValue[] | undefined): Promise<void> {
    if (ids.length === 0) return;
    const now = this.#ctx.now();
    const base = { status: 'done' satisfies WriteStatus, lease_until: null, last_error: null, updated_at: now };
    // `done` and `cancelled` are final: a late sender completing or failing a write again changes nothing.
    if (results === undefined) {
      await this.#ctx.db
        .updateTable('achievement_writes')
        .set(base)
        .where('id', 'in', [...ids])
        .where('status', 'not in', FINAL)
        .execute();
      return;
    }
    if (results.length !== ids.length) {
      throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'completeWrites needs one result per id');
    }
    if (ids.length === 1) {
      // The send-at-once path completes one write at a time: the same statement as below, its SQL
      // written once instead of built by kysely on every call.
      const text = this.#ctx.dialect === 'postgres' ? COMPLETE_ONE_POSTGRES : COMPLETE_ONE_SQLITE;
      await this.#ctx.db.executeQuery(CompiledQuery.raw(text, [now, JSON.stringify(results[0] ?? null), ids[0]]));
      return;
    }
    // One statement, one round trip, whatever the number of writes: each gets its own result.
    const result = sql<string>`case ${sql.ref('id')} ${sql.join(
      ids.map((id, i) => sql`when ${id} then ${JSON.stringify(results[i] ?? null)}`),
      sql` `,
    )} end`;
    let update = this.#ctx.db
      .updateTable('achievement_writes')
      .set({ ...base, result })
      .where('id', 'in', [...ids])
      .where('status', 'not in', FINAL);
    if (this.#ctx.dialect === 'postgres') {
      // A completion need not wait for the disk: lost in a database crash, the write goes back to
      // in flight and is sent again after its lease, which Google answers the same way (requestId
      // for increments; the other operations are idempotent). This spares the send path its
      // second fsync (postgresql.org/docs/current/wal-async-commit.html). `set_config(…, true)`
      // applies to this statement's own transaction, so no BEGIN/SET LOCAL/COMMIT round trips.
      update = update.where(sql<boolean>`set_config('synchronous_commit', 'off', true) is not null`);
    }
    await update.execute();
  }

  /** See `Store.retryWrites`. */
  retry(ids: readonly number[], nextAttemptAt: number, error: string): Promise<void> {
    return this.#table.retry(ids, nextAttemptAt, error);
  }

  /** See `Store.failWrites`. */
  fail(ids: readonly number[], error: string): Promise<void> {
    return this.#table.fail(ids, error);
  }

  /** See `Store.findWrites`. */
  find(ids: readonly number[]): Promise<AchievementWrite[]> {
    return this.#table.find(ids);
  }

  /** See `Store.pendingWritesForPlayer`. */
  async openForPlayer(playerId: string): Promise<AchievementWrite[]> {
    const text = this.#ctx.dialect === 'postgres' ? OPEN_FOR_PLAYER_POSTGRES : OPEN_FOR_PLAYER_SQLITE;
    const { rows } = await this.#ctx.db.executeQuery<WriteRow>(CompiledQuery.raw(text, [playerId, ...OPEN]));
    return rows.map(toWrite);
  }

  /** See `Store.outboxStats`. */
  stats(now: number): Promise<OutboxStats> {
    return this.#table.stats(now);
  }

  /** See `Store.listFailedWrites`. */
  listFailed(limit: number): Promise<AchievementWrite[]> {
    return this.#table.listFailed(limit);
  }

  /** See `Store.listWrites`. */
  list(filter: WriteListFilter): Promise<AchievementWrite[]> {
    return this.#table.list(filter);
  }

  /** See `Store.retryFailedWrite`. */
  retryFailed(id: number): Promise<AchievementWrite | undefined> {
    return this.#table.retryFailed(id);
  }

  /** See `Store.cancelWrite`. */
  cancelByOperator(id: number, reason: string): Promise<AchievementWrite | undefined> {
    return this.#table.cancelByOperator(id, reason);
  }

  /** See `Store.deferWritesForPlayer`. */
  deferForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    return this.#table.deferForPlayer(playerId, until, reason);
  }

  /** See `Store.resumeWritesForPlayer`. */
  async resumeForPlayer(playerId: string): Promise<number> {
    const now = this.#ctx.now();
    // On every sign-in, usually matching nothing: static text, a prepared statement on PostgreSQL.
    const result = await sql`/* prepared: pgs_resume_writes */
      update achievement_writes set next_attempt_at = ${now}, updated_at = ${now}
      where player_ref = ${playerId} and status = 'pending' and next_attempt_at > ${now}`.execute(this.#ctx.db);
    return Number(result.numAffectedRows ?? 0n);
  }

  /** See `Store.holdWritesForReset`. */
  async holdForReset(
    playerId: string,
    achievementIds: readonly string[] | undefined,
    { now, leaseUntil, alreadyHeld = [] }: { now: number; leaseUntil: number; alreadyHeld?: readonly number[] },
  ): Promise<HeldWrites> {
    if (achievementIds?.length === 0) return { held: [], inFlightElsewhere: 0 };
    return this.#ctx.db.transaction().execute(async (trx) => {
      let hold = trx
        .updateTable('achievement_writes')
        .set({ status: 'in_flight', lease_until: leaseUntil, updated_at: now })
        .where('player_ref', '=', playerId)
        .where('status', '=', 'pending');
      if (achievementIds) hold = hold.where('achievement_id', 'in', [...achievementIds]);
      const held = (await hold.returningAll().execute()).map(toWrite).sort((a, b) => a.id - b.id);
      let others = trx
        .selectFrom('achievement_writes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('player_ref', '=', playerId)
        .where('status', '=', 'in_flight');
      if (achievementIds) others = others.where('achievement_id', 'in', [...achievementIds]);
      const ours = [...alreadyHeld, ...held.map((w) => w.id)];
      if (ours.length > 0) others = others.where('id', 'not in', ours);
      const { n } = await others.executeTakeFirstOrThrow();
      return { held, inFlightElsewhere: Number(n) };
    });
  }

  /** See `Store.cancelWrites`. */
  async cancel(ids: readonly number[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.#ctx.db
      .updateTable('achievement_writes')
      .set({ status: 'cancelled' satisfies WriteStatus, lease_until: null, last_error: reason, updated_at: this.#ctx.now() })
      .where('id', 'in', [...ids])
      .where('status', '=', 'in_flight')
      .execute();
  }

  /** See `Store.releaseWrites`. */
  async release(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const now = this.#ctx.now();
    await this.#ctx.db
      .updateTable('achievement_writes')
      .set({ status: 'pending' satisfies WriteStatus, lease_until: null, next_attempt_at: now, updated_at: now })
      .where('id', 'in', [...ids])
      .where('status', '=', 'in_flight')
      .execute();
  }

  /** See `Store.pruneOutbox`. */
  async prune(before: number): Promise<{ writes: number; idempotencyRecords: number }> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      const writes = await trx
        .deleteFrom('achievement_writes')
        .where('status', 'in', ['done', 'cancelled'])
        .where('updated_at', '<', before)
        .executeTakeFirst();
      const records = await trx.deleteFrom('idempotency_records').where('created_at', '<', before).executeTakeFirst();
      return { writes: Number(writes.numDeletedRows), idempotencyRecords: Number(records.numDeletedRows) };
    });
  }
}
