/**
 * Applies the store's migrations with kysely's Migrator and our in-code provider. The migrator
 * takes a lock for the whole run, so instances starting together on one database never both
 * apply a migration: on PostgreSQL a session advisory lock (kysely `PostgresAdapter`), on SQLite
 * the `BEGIN IMMEDIATE` write lock of the migration transaction (`sqlite-dialect.ts`).
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { STORE_MIGRATIONS } from './migrations/index.js';
import type { StoreMigration } from './migrations/migration.js';
import type { StoreDialect } from './store.js';

/** The table recording applied migrations (and its lock table, `pgs_migrations_lock`). */
export const MIGRATION_TABLE = 'pgs_migrations';

/** What a migration run did. */
export interface MigrationReport {
  /** Names of the migrations this run applied, in order; empty when already up to date. */
  applied: string[];
}

/** Thrown when a migration fails; names the migration, and the database rolled it back. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code = 'MIGRATION_FAILED';
}

/** Applies every pending migration to `db`; `schema` is the PostgreSQL schema the store lives in. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: StoreDialect,
  options: { schema?: string; migrations?: readonly StoreMigration[] } = {},
): Promise<MigrationReport> {
  const migrations = options.migrations ?? STORE_MIGRATIONS;
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          migrations.map((m): [string, Migration] => [m.name, { up: (trx: Kysely<unknown>) => m.up(trx, dialect) }]),
        ),
      ),
  };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    // Name the schema explicitly: without it kysely looks for the migration table in every
    // schema of the database and would find another test schema's.
    ...(options.schema !== undefined ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(
      failed !== undefined ? `migration ${failed} failed: ${reason}` : `migrations failed: ${reason}`,
      { cause: error },
    );
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
