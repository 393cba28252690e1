/** What every repository of the kysely store shares. */
import type { Kysely } from 'kysely';
import type { Database } from './db-schema.js';
import type { StoreDialect } from './store.js';

/** The database handle, its dialect and the clock behind the store's own timestamps. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Epoch milliseconds; `Date.now` unless the caller injected a clock. */
  now(): number;
}

/** A handle queries run on: the database itself or an open transaction. */
export type Executor = Kysely<Database>;

/** Reads a BOOLEAN column the same way on both databases (1/0 on SQLite, true/false on PostgreSQL). */
export function readBoolean(value: number | boolean | null): boolean | null {
  return value === null ? null : Boolean(value);
}

/** Writes a boolean as 1/0, which both databases accept for BOOLEAN (better-sqlite3 cannot bind true). */
export function writeBoolean(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}
