/**
 * A store migration: written once for both dialects, branching only where the SQL must differ
 * (identity columns). Migrations are never edited after they ship; a change is a new file.
 */
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';

/** One versioned, forward-only schema change. */
export interface StoreMigration {
  /** Sorts the migrations: `0001-initial`, `0002-…`. */
  readonly name: string;
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}
