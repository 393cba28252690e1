/**
 * `openStore(url)`: the store named by `DATABASE_URL` (README.md, 'Configuration'), migrated and ready.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import type { Database } from './db-schema.js';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest, type MigrationReport } from './migrate.js';
import { StorePostgresDialect } from './postgres-dialect.js';
import { preparedStatementsPool } from './postgres-prepared-statements.js';
import { StoreSqliteDialect } from './sqlite-dialect.js';
import { SILENT_STORE_LOGGER, type StoreLogger } from './store-logger.js';
import type { Store, StoreDialect } from './store.js';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Where the store logs migrations and lost connections; silent by default. */
  logger?: StoreLogger;
  /**
   * PostgreSQL only (ignored on SQLite): keep every table in this schema, created if missing.
   * Lower-case letters, digits and `_`. Tests use `pgs_test_<random>` to share one database.
   */
  schema?: string;
  /** PostgreSQL pool size; default 10. */
  poolSize?: number;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** Epoch-ms clock for the store's own timestamps; `Date.now` by default. */
  clock?: () => number;
  /** SQLite: how long a transaction waits for another process's write lock; default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * PostgreSQL: run the hot statements as named prepared statements (default true; see
   * `postgres-prepared-statements.ts`). Turn off behind a pooler that loses them between
   * transactions (PgBouncer in transaction mode without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
}

/** Thrown when the database cannot be opened or reached; names DATABASE_URL, never a password. */
export class StoreConnectionError extends Error {
  override readonly name = 'StoreConnectionError';
  readonly code = 'STORE_UNAVAILABLE';
}

/** An open kysely database for the store, before the `Store` is built on it. */
export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** PostgreSQL: the schema the store lives in. */
  schema: string | undefined;
}

/** Opens the database named by `url` without migrating or wrapping it (for `pgs migrate`). */
export async function openDatabase(url: string, options: OpenStoreOptions = {}): Promise<OpenedDatabase> {
  const location = parseDatabaseUrl(url);
  const logger = options.logger ?? SILENT_STORE_LOGGER;
  const where = redactDatabaseUrl(url);

  if (location.dialect === 'sqlite') {
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
    let database: BetterSqlite3.Database;
    try {
      if (!location.memory) mkdirSync(dirname(resolve(location.path)), { recursive: true });
      database = new BetterSqlite3(location.path);
    } catch (error) {
      throw new StoreConnectionError(`cannot open the SQLite database of DATABASE_URL=${where}: ${message(error)}`, {
        cause: error,
      });
    }
    try {
      // WAL: readers never block the writer (https://sqlite.org/wal.html); NORMAL is durable
      // across application crashes in WAL mode and skips an fsync per commit. busy_timeout lets
      // opening wait for another process; after that the driver waits asynchronously instead
      // (`sqlite-dialect.ts`), so that a busy file never blocks the event loop.
      database.pragma(`busy_timeout = ${busyTimeoutMs}`);
      if (!location.memory) database.pragma('journal_mode = WAL');
      database.pragma('foreign_keys = ON');
      database.pragma('synchronous = NORMAL');
    } catch (error) {
      database.close();
      throw new StoreConnectionError(`cannot use the SQLite database of DATABASE_URL=${where}: ${message(error)}`, {
        cause: error,
      });
    }
    return {
      db: new Kysely<Database>({ dialect: new StoreSqliteDialect(database, busyTimeoutMs) }),
      dialect: 'sqlite',
      schema: undefined,
    };
  }

  // pg (and its pool) only for PostgreSQL: about 16 MB of RSS a SQLite store never needs
  // (docs/BENCHMARKS.md, 'Hot paths').
  const { createPostgresPool, currentSchema, ensureSchema } = await import('./postgres-pool.js');
  const pool = createPostgresPool(location.connectionString, {
    logger,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
  });
  let schema: string;
  try {
    if (options.schema !== undefined) await ensureSchema(pool, options.schema);
    schema = options.schema ?? (await currentSchema(pool));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreConnectionError(`cannot reach PostgreSQL at DATABASE_URL=${where}: ${message(error)}`, {
      cause: error,
    });
  }
  const driverPool = options.preparedStatements === false ? pool : preparedStatementsPool(pool);
  return { db: new Kysely<Database>({ dialect: new StorePostgresDialect({ pool: driverPool }, schema) }), dialect: 'postgres', schema };
}

/** Applies the pending migrations of the database named by `url`, then closes it. */
export async function migrateDatabase(url: string, options: OpenStoreOptions = {}): Promise<MigrationReport> {
  const opened = await openDatabase(url, options);
  try {
    return await migrateToLatest(opened.db as Kysely<unknown>, opened.dialect, schemaOption(opened));
  } finally {
    await opened.db.destroy();
  }
}

/**
 * Opens the store named by `url` (`sqlite:PATH`, `sqlite::memory:`, `postgres://…`), creating
 * the SQLite file's folder if needed, and applies pending migrations unless `migrate: false`.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const opened = await openDatabase(url, options);
  const logger = options.logger ?? SILENT_STORE_LOGGER;
  try {
    if (options.migrate !== false) {
      const report = await migrateToLatest(opened.db as Kysely<unknown>, opened.dialect, schemaOption(opened));
      if (report.applied.length > 0) {
        logger.info({ migrations: report.applied, dialect: opened.dialect }, 'store: migrations applied');
      }
    }
  } catch (error) {
    await opened.db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyStore(opened.db, opened.dialect, options.clock);
}

function schemaOption(opened: OpenedDatabase): { schema?: string } {
  return opened.schema !== undefined ? { schema: opened.schema } : {};
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
