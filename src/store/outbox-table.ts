/**
 * The queries the three outbox tables (achievement writes, scores, event updates) share: what the
 * console lists, an operator's retry and cancel, deferring and pruning, the gauges. Each table has
 * the same status columns and rules (`outbox-claim-rule.ts`), so each query is written once here
 * and its repository adds what only it has (enqueueing, claiming, completing, and the event
 * outbox's batches).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './db-schema.js';
import { OPEN_STATUSES } from './outbox-claim-rule.js';
import { outboxStats, type OutboxTable } from './outbox-stats.js';
import type { StoreContext } from './store-context.js';
import type { OutboxStats, WriteListFilter, WriteStatus } from './store.js';

/** The columns every outbox table has, as `db-schema.ts` types them (a key missing from one fails to compile). */
type OutboxColumns = Pick<
  Database[OutboxTable],
  'id' | 'player_ref' | 'status' | 'attempts' | 'next_attempt_at' | 'lease_until' | 'last_error' | 'created_at' | 'updated_at'
>;

/**
 * kysely types a query by its table's name; these queries run on any of the three, so they are
 * typed against their common columns under one stand-in name, and run on the real table.
 */
type AnyOutbox = { outbox: OutboxColumns };

const OPEN: WriteStatus[] = [...OPEN_STATUSES];

/** The shared queries of one outbox table, answering its rows as `W`. */
export class OutboxTableQueries<T extends OutboxTable, W> {
  readonly #ctx: StoreContext;
  readonly #table: T;
  readonly #toWrite: (row: Selectable<Database[T]>) => W;

  constructor(ctx: StoreContext, table: T, toWrite: (row: Selectable<Database[T]>) => W) {
    this.#ctx = ctx;
    this.#table = table;
    this.#toWrite = toWrite;
  }

  get #db(): Kysely<AnyOutbox> {
    return this.#ctx.db as unknown as Kysely<AnyOutbox>;
  }

  get #name(): 'outbox' {
    return this.#table as unknown as 'outbox';
  }

  #rows(rows: readonly Selectable<OutboxColumns>[]): W[] {
    return rows.map((row) => this.#toWrite(row as unknown as Selectable<Database[T]>));
  }

  /** The writes with these IDs, oldest first. */
  async find(ids: readonly number[]): Promise<W[]> {
    if (ids.length === 0) return [];
    return this.#rows(await this.#db.selectFrom(this.#name).selectAll().where('id', 'in', [...ids]).orderBy('id').execute());
  }

  /** Claimed writes sent back to pending, due at `nextAttemptAt`, one attempt more, with the error. */
  async retry(ids: readonly number[], nextAttemptAt: number, error: string, also: Partial<Selectable<Database[T]>> = {}): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable(this.#name)
      .set((eb) => ({
        ...(also as object),
        status: 'pending',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: nextAttemptAt,
        lease_until: null,
        last_error: error,
        updated_at: this.#ctx.now(),
      }))
      .where('id', 'in', [...ids])
      .where('status', 'in', OPEN)
      .execute();
  }

  /** Open writes Google refused for good: failed, with the reason. */
  async fail(ids: readonly number[], error: string): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .updateTable(this.#name)
      .set({ status: 'failed', lease_until: null, last_error: error, updated_at: this.#ctx.now() })
      .where('id', 'in', [...ids])
      .where('status', 'in', OPEN)
      .execute();
  }

  /** The newest failed writes. */
  async listFailed(limit: number): Promise<W[]> {
    return this.list({ status: 'failed', limit });
  }

  /** Writes in one status (of one player), oldest first; failed ones newest first. */
  async list(filter: WriteListFilter): Promise<W[]> {
    let query = this.#db.selectFrom(this.#name).selectAll().where('status', '=', filter.status);
    if (filter.playerId !== undefined) query = query.where('player_ref', '=', filter.playerId);
    const rows = await query
      .orderBy('id', filter.status === 'failed' ? 'desc' : 'asc')
      .limit(Math.max(0, Math.floor(filter.limit)))
      .execute();
    return this.#rows(rows);
  }

  /**
   * A failed write made pending again, due now, with its attempts counted afresh; undefined
   * unless it was failed. `also` names columns of the table to set with it.
   */
  async retryFailed(id: number, also: Partial<Selectable<Database[T]>> = {}): Promise<W | undefined> {
    const now = this.#ctx.now();
    const row = await this.#db
      .updateTable(this.#name)
      .set({ ...(also as object), status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst();
    return row && this.#rows([row])[0];
  }

  /** A pending or failed write cancelled by an operator, with their reason; undefined if it was neither. */
  async cancelByOperator(id: number, reason: string): Promise<W | undefined> {
    const row = await this.#db
      .updateTable(this.#name)
      .set({ status: 'cancelled' satisfies WriteStatus, lease_until: null, last_error: reason, updated_at: this.#ctx.now() })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .returningAll()
      .executeTakeFirst();
    return row && this.#rows([row])[0];
  }

  /** Every open write of the player made pending until `until`, with the reason; how many. */
  async deferForPlayer(playerId: string, until: number, reason: string): Promise<number> {
    const result = await this.#db
      .updateTable(this.#name)
      .set({ status: 'pending', next_attempt_at: until, lease_until: null, last_error: reason, updated_at: this.#ctx.now() })
      .where('player_ref', '=', playerId)
      .where('status', 'in', OPEN)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes the settled (done or cancelled) writes last changed before `before`; how many. */
  async prune(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom(this.#name)
      .where('status', 'in', ['done', 'cancelled'])
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The table's gauges (`outbox-stats.ts`). */
  async stats(now: number): Promise<OutboxStats> {
    return outboxStats(this.#ctx.db, this.#table, now);
  }
}
