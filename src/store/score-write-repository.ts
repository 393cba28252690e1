/**
 * The score outbox: leaderboard scores are stored before they are sent, leased by one sender at a
 * time per player, and settled like achievement writes. Which scores may be leased (due time,
 * lease expiry, one live lease per player, send at once) is the achievement outbox's rule,
 * `outbox-claim-rule.ts`, read here on `score_writes`, whose columns it names the same.
 *
 * Sending a score twice is harmless: Google keeps only a player's best per board and span, so a
 * crashed sender's expired lease simply makes the score due again.
 */
import { sql, type Selectable } from 'kysely';
import { LEADERBOARD_ORDERS, type LeaderboardOrder } from '../google/wire/leaderboards.js';
import type { ScoreWritesTable } from './db-schema.js';
import { DUE_AT, OPEN_STATUSES, claimablePrefix, dueSql, liveLeaseSql, mayClaimOnEnqueue } from './outbox-claim-rule.js';
import type { Executor, StoreContext } from './store-context.js';
import { STORE_ERROR_CODES, StoreError, playerMustExist } from './store-errors.js';
import type { ClaimOptions, ClaimedPlayerScoreWrites, JsonValue, OutboxStats, ScoreWrite, ScoreWriteInput, WriteListFilter, WriteStatus } from './store.js';
import { OutboxTableQueries } from './outbox-table.js';

type ScoreRow = Selectable<ScoreWritesTable>;

const OPEN: WriteStatus[] = [...OPEN_STATUSES];

function toScoreWrite(row: ScoreRow): ScoreWrite {
  return {
    id: Number(row.id),
    playerId: row.player_ref,
    leaderboardId: row.leaderboard_id,
    score: Number(row.score),
    scoreTag: row.score_tag,
    order: row.score_order as LeaderboardOrder,
    status: row.status as WriteStatus,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    lastError: row.last_error,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function validateScore(write: ScoreWriteInput): void {
  if (typeof write.leaderboardId !== 'string' || write.leaderboardId.length === 0) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'a score needs a leaderboard ID');
  }
  // Beyond 2^53 a JS number is no longer exact: the score stored would not be the score sent.
  if (!Number.isSafeInteger(write.score)) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'a score is an integer within ±(2^53 − 1)');
  }
  if (!LEADERBOARD_ORDERS.includes(write.order)) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, `unknown leaderboard order ${String(write.order)}`);
  }
}

function byId(a: ScoreWrite, b: ScoreWrite): number {
  return a.id - b.id;
}

/** The outbox of leaderboard scores. */
export class ScoreWriteRepository {
  readonly #ctx: StoreContext;
  readonly #table: OutboxTableQueries<'score_writes', ScoreWrite>;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#table = new OutboxTableQueries(ctx, 'score_writes', toScoreWrite);
  }

  /** See `Store.enqueueScoreWrites`. */
  async enqueue(playerId: string, writes: readonly ScoreWriteInput[], claimLeaseMs?: number): Promise<ScoreWrite[]> {
    writes.forEach(validateScore);
    if (writes.length === 0) return [];
    const now = this.#ctx.now();
    const rows = writes.map((w) => ({
      player_ref: playerId,
      leaderboard_id: w.leaderboardId,
      score: w.score,
      score_tag: w.scoreTag ?? null,
      score_order: w.order,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null as number | null,
      last_error: null,
      result: null,
      created_at: now,
      updated_at: now,
    }));
    const insert = async (db: Executor): Promise<ScoreWrite[]> =>
      (await db.insertInto('score_writes').values(rows).returningAll().execute()).map(toScoreWrite).sort(byId);
    try {
      if (claimLeaseMs === undefined) return await insert(this.#ctx.db);
      return await this.#ctx.db.transaction().execute(async (trx) => {
        if (await this.#mayClaimOnEnqueue(trx, playerId)) {
          for (const row of rows) {
            row.status = 'in_flight';
            row.lease_until = now + claimLeaseMs;
          }
        }
        return insert(trx);
      });
    } catch (error) {
      return playerMustExist(error, playerId);
    }
  }

  /**
   * As the achievement outbox decides it: on PostgreSQL the player's row is locked first (SKIP
   * LOCKED, as the claim does), so a concurrent enqueue or claim of the same player never leases
   * alongside this one; then one open score of the player is enough to leave the new ones pending.
   */
  async #mayClaimOnEnqueue(trx: Executor, playerId: string): Promise<boolean> {
    if (this.#ctx.dialect === 'postgres') {
      const locked = await trx.selectFrom('players').select('id').where('id', '=', playerId).forUpdate().skipLocked().executeTakeFirst();
      if (locked === undefined) return false;
    }
    const open = await trx
      .selectFrom('score_writes')
      .select(['status', 'next_attempt_at', 'lease_until'])
      .where('player_ref', '=', playerId)
      .where('status', 'in', OPEN)
      .limit(1)
      .execute();
    return mayClaimOnEnqueue(open.map((r) => ({ status: r.status, next_attempt_at: Number(r.next_attempt_at), lease_until: r.lease_until === null ? null : Number(r.lease_until) })));
  }

  /** See `Store.claimDueScoreWrites`. */
  async claimDue(options: ClaimOptions): Promise<ClaimedPlayerScoreWrites[]> {
    const { now, leaseMs, maxPlayers, maxWritesPerPlayer } = options;
    if (maxPlayers <= 0 || maxWritesPerPlayer <= 0) return [];
    return this.#ctx.db.transaction().execute(async (trx) => {
      // 1. Players with a due score and no live lease, oldest due first; locked SKIP LOCKED on
      //    PostgreSQL, so instances claiming at once take different players.
      const dueOf = (status: (typeof OPEN_STATUSES)[number]) =>
        trx.selectFrom('score_writes').select(['player_ref', 'id']).where('status', '=', status).where(DUE_AT[status], '<=', now);
      const due = trx
        .selectFrom(() => dueOf('pending').unionAll(dueOf('in_flight')).as('d'))
        .select(['d.player_ref', (eb) => eb.fn.min('d.id').as('first_id')])
        .groupBy('d.player_ref')
        .as('due');
      let candidates = trx
        .selectFrom('players as p')
        .innerJoin(due, 'due.player_ref', 'p.id')
        .select('p.id')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('score_writes as w').select('w.id').whereRef('w.player_ref', '=', 'p.id').where(liveLeaseSql(now, 'w')))))
        .orderBy('due.first_id')
        .limit(maxPlayers);
      if (this.#ctx.dialect === 'postgres') candidates = candidates.forUpdate('p').skipLocked();
      const playerIds = (await candidates.execute()).map((r) => r.id);
      if (playerIds.length === 0) return [];

      // 2. Their open scores, read after the lock.
      const open = await trx
        .selectFrom('score_writes')
        .selectAll()
        .where('player_ref', 'in', playerIds)
        .where('status', 'in', OPEN)
        .orderBy('id')
        .execute();
      const byPlayer = new Map<string, ScoreWrite[]>();
      for (const row of open) {
        const write = toScoreWrite(row);
        const list = byPlayer.get(write.playerId) ?? [];
        if (list.length < maxWritesPerPlayer) list.push(write);
        byPlayer.set(write.playerId, list);
      }
      const ids: number[] = [];
      for (const playerId of playerIds) {
        const fields = (byPlayer.get(playerId) ?? []).map((w) => ({ id: w.id, status: w.status, next_attempt_at: w.nextAttemptAt, lease_until: w.leaseUntil }));
        for (const write of claimablePrefix(fields, now)) ids.push(write.id);
      }
      if (ids.length === 0) return [];

      // 3. Lease them, re-checking due-ness in the same statement.
      const leased = await trx
        .updateTable('score_writes')
        .set({ status: 'in_flight', lease_until: now + leaseMs, updated_at: now })
        .where('id', 'in', ids)
        .where(dueSql(now))
        .returningAll()
        .execute();
      const grouped = new Map<string, ScoreWrite[]>();
      for (const write of leased.map(toScoreWrite)) {
        const list = grouped.get(write.playerId) ?? [];
        list.push(write);
        grouped.set(write.playerId, list);
      }
      return playerIds.filter((id) => grouped.has(id)).map((playerId) => ({ playerId, writes: grouped.get(playerId)!.sort(byId) }));
    });
  }

  /** See `Store.completeScoreWrites`. */
  async complete(ids: readonly number[], results: readonly JsonValue[] | undefined): Promise<void> {
    if (ids.length === 0) return;
    if (results !== undefined && results.length !== ids.length) {
      throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, 'completeScoreWrites needs one result per id');
    }
    const base = { status: 'done' satisfies WriteStatus, lease_until: null, last_error: null, updated_at: this.#ctx.now() };
    const result =
      results === undefined
        ? undefined
        : sql<string>`case ${sql.ref('id')} ${sql.join(
            ids.map((id, i) => sql`when ${id} then ${JSON.stringify(results[i] ?? null)}`),
            sql` `,
          )} end`;
    // `done` is final: a late sender completing a score again changes nothing.
    await this.#ctx.db
      .updateTable('score_writes')
      .set(result === undefined ? base : { ...base, result })
      .where('id', 'in', [...ids])
      .where('status', '!=', 'done')
      .execute();
  }

  /** See `Store.retryScoreWrites`. */
  retry(ids: readonly number[], nextAttemptAt: number, error: string): Promise<void> {
    return this.#table.retry(ids, nextAttemptAt, error);
  }

  /** See `Store.failScoreWrites`. */
  fail(ids: readonly number[], error: string): Promise<void> {
    return this.#table.fail(ids, error);
  }

  /** See `Store.findScoreWrites`. */
  find(ids: readonly number[]): Promise<ScoreWrite[]> {
    return this.#table.find(ids);
  }

  /** See `Store.openScoreWritesForPlayer`. */
  async openForPlayer(playerId: string): Promise<ScoreWrite[]> {
    const rows = await this.#ctx.db
      .selectFrom('score_writes')
      .selectAll()
      .where('player_ref', '=', playerId)
      .where('status', 'in', OPEN)
      .orderBy('id')
      .execute();
    return rows.map(toScoreWrite);
  }

  /** See `Store.scoreHistory`. */
  async history(playerId: string, leaderboardId: string, since: number): Promise<ScoreWrite[]> {
    const rows = await this.#ctx.db
      .selectFrom('score_writes')
      .selectAll()
      .where('player_ref', '=', playerId)
      .where('leaderboard_id', '=', leaderboardId)
      // A refused score and one an operator cancelled never reached Google.
      .where('status', 'not in', ['failed', 'cancelled'])
      .where('created_at', '>=', since)
      .orderBy('id')
      .execute();
    return rows.map(toScoreWrite);
  }

  /** See `Store.scoreOutboxStats`. */
  stats(now: number): Promise<OutboxStats> {
    return this.#table.stats(now);
  }

  /** See `Store.listFailedScoreWrites`. */
  listFailed(limit: number): Promise<ScoreWrite[]> {
    return this.#table.listFailed(limit);
  }

  /** See `Store.listScoreWrites`. */
  list(filter: WriteListFilter): Promise<ScoreWrite[]> {
    return this.#table.list(filter);
  }

  /** See `Store.retryFailedScoreWrite`. */
  retryFailed(id: number): Promise<ScoreWrite | undefined> {
    return this.#table.retryFailed(id);
  }

  /** See `Store.cancelScoreWrite`. */
  cancelByOperator(id: number, reason: string): Promise<ScoreWrite | undefined> {
    return this.#table.cancelByOperator(id, reason);
  }

  /** See `Store.deferScoreWritesForPlayer`. */
  deferForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    return this.#table.deferForPlayer(playerId, until, reason);
  }

  /** See `Store.resumeScoreWritesForPlayer`. */
  async resumeForPlayer(playerId: string): Promise<number> {
    const now = this.#ctx.now();
    const result = await this.#ctx.db
      .updateTable('score_writes')
      .set({ next_attempt_at: now, updated_at: now })
      .where('player_ref', '=', playerId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** See `Store.pruneScoreWrites`. */
  prune(before: number): Promise<number> {
    return this.#table.prune(before);
  }

}
