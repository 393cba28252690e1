/**
 * kysely's SQLite dialect, with three changes that the store needs:
 * - write transactions start with `BEGIN IMMEDIATE`, so a transaction that reads then writes
 *   never fails half-way with SQLITE_BUSY when another process (say `pgs migrate`) holds the
 *   file: it waits for `busy_timeout` at BEGIN instead (https://sqlite.org/lang_transaction.html);
 * - waiting for another connection's lock happens asynchronously: better-sqlite3's own busy
 *   handler (`PRAGMA busy_timeout`) sleeps synchronously, blocking the event loop, so a second
 *   connection in the same process could never release the lock it waits for. The connection runs
 *   with `busy_timeout = 0` and this driver retries SQLITE_BUSY with backoff for `busyTimeoutMs`;
 * - prepared statements are cached per SQL text (kysely's driver prepares every query anew);
 * - migrations run in a transaction: SQLite's DDL is transactional, kysely just does not assume it.
 *
 * Like kysely's, the driver owns one better-sqlite3 connection and lends it to one query or
 * transaction at a time.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** How many distinct statements each connection keeps prepared. */
const STATEMENT_CACHE_SIZE = 500;

/** A kysely dialect over one open better-sqlite3 database. */
export class StoreSqliteDialect implements Dialect {
  readonly #database: BetterSqlite3.Database;
  readonly #busyTimeoutMs: number;

  /** `busyTimeoutMs`: how long a statement waits for another connection's lock before failing. */
  constructor(database: BetterSqlite3.Database, busyTimeoutMs: number) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  createDriver(): Driver {
    return new CachingSqliteDriver(this.#database, this.#busyTimeoutMs);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class CachingSqliteDriver implements Driver {
  readonly #database: BetterSqlite3.Database;
  readonly #busyTimeoutMs: number;
  readonly #mutex = new ConnectionMutex();
  #connection: CachingSqliteConnection | undefined;

  constructor(database: BetterSqlite3.Database, busyTimeoutMs: number) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  init(): Promise<void> {
    // The waiting is ours, asynchronous (see the file comment).
    this.#database.pragma('busy_timeout = 0');
    this.#connection = new CachingSqliteConnection(this.#database, this.#busyTimeoutMs);
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    if (this.#connection === undefined) {
      this.#mutex.unlock();
      throw new Error('the SQLite store is closed');
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); nothing is left to undo.
    if (this.#database.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(): Promise<void> {
    this.#mutex.unlock();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.#connection = undefined;
    if (this.#database.open) this.#database.close();
    return Promise.resolve();
  }
}

class CachingSqliteConnection implements DatabaseConnection {
  readonly #database: BetterSqlite3.Database;
  readonly #busyTimeoutMs: number;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(database: BetterSqlite3.Database, busyTimeoutMs: number) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.#busyTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        return this.#execute<R>(compiledQuery);
      } catch (error) {
        // Only a statement that holds no lock yet may wait: inside a transaction a BUSY answer
        // means a lock upgrade that waiting cannot fix (and BEGIN IMMEDIATE avoids it anyway).
        const retryable = isBusy(error) && !this.#database.inTransaction && Date.now() + delay <= deadline;
        if (!retryable) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  #execute<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const statement = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // eslint-disable-next-line require-yield -- the store never streams; kysely's interface wants it.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite store does not stream queries');
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement !== undefined) {
      // Refresh its place so the least recently used statement is evicted first.
      this.#statements.delete(sql);
      this.#statements.set(sql, statement);
      return statement;
    }
    statement = this.#database.prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    return statement;
  }
}

function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/**
 * One holder at a time, handed over in arrival order. Each release wakes exactly the next
 * waiter: with dozens of requests queued on the one connection, waking them all to race for it
 * would cost a wake-up per waiter per release.
 */
class ConnectionMutex {
  #held = false;
  readonly #waiters: Array<() => void> = [];

  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    // The lock passes straight to the next waiter; it is free only when nobody waits.
    if (next) next();
    else this.#held = false;
  }
}
