/**
 * The PostgreSQL connection pool of one store.
 *
 * int8 (BIGINT, and what `count(*)` returns) comes back as a JS number, through this pool's own
 * `types` and never pg's global parsers, so that other pg users in the process are untouched
 * (https://node-postgres.com/features/queries#types). Every int8 the store holds is an epoch-ms
 * timestamp, a counter or an outbox ID, all far below 2^53; a bigger one is an error, not a
 * silently rounded number.
 */
import pg from 'pg';
import type { StoreLogger } from './store-logger.js';

const INT8_OID = 20;

/** A schema name the store accepts: a plain lower-case identifier, so it needs no quoting. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

function getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
  if (oid === INT8_OID && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format ?? 'text') as unknown;
}

const storeTypes = { getTypeParser };

/** Options of `createPostgresPool`. */
export interface PostgresPoolOptions {
  schema?: string;
  poolSize?: number;
  logger: StoreLogger;
}

/** A pg Pool for the store: int8 as numbers, `search_path` set to `schema` when given. */
export function createPostgresPool(connectionString: string, options: PostgresPoolOptions): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new TypeError(`schema "${options.schema}" must match ${String(SCHEMA_NAME)}`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    types: storeTypes,
    // Every connection resolves unqualified table names in the store's schema first.
    ...(options.schema !== undefined ? { options: `-c search_path=${options.schema}` } : {}),
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'play-games-server',
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the
  // process. The pool replaces the client on next use, so logging is all there is to do.
  pool.on('error', (error) => {
    options.logger.error({ err: { message: error.message, code: (error as { code?: string }).code } }, 'store: idle PostgreSQL connection failed');
  });
  return pool;
}

/** Creates the schema when missing; concurrent creators are fine. */
export async function ensureSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two sessions racing on CREATE SCHEMA IF NOT EXISTS can still collide on the catalog's
    // unique index (23505); the schema then exists, which is all we wanted.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

/** The schema unqualified names resolve to on this pool's connections. */
export async function currentSchema(pool: pg.Pool): Promise<string> {
  const result = await pool.query<{ schema: string | null }>('select current_schema() as schema');
  const schema = result.rows[0]?.schema;
  if (schema === null || schema === undefined) {
    throw new Error('PostgreSQL has no current schema: check the search_path of the DATABASE_URL user');
  }
  return schema;
}
