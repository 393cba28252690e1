/**
 * PostgreSQL for tests: `TEST_DATABASE_URL` names the database (CI and this machine:
 * postgres://postgres@127.0.0.1:5432/test); each test file works in its own schema
 * `pgs_test_<random>` and drops it afterwards (`dropSchema`), so test files can run at once on one database.
 *
 *   const pg = testPostgres();            // undefined when TEST_DATABASE_URL is unset
 *   const store = await openStore(pg.url, { schema: pg.schema });
 *   afterAll(() => pg.drop());
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A PostgreSQL schema reserved for one test file. */
export interface TestPostgres {
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** The test database URL, or undefined when PostgreSQL tests should be skipped. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  return url !== undefined && url !== '' ? url : undefined;
}

/** A fresh schema name for a test file: `pgs_test_<random>`. */
export function randomTestSchema(): string {
  return `pgs_test_${randomBytes(6).toString('hex')}`;
}

/** Reserves a schema on the test database (created by `openStore`), or undefined without one. */
export function testPostgres(): TestPostgres | undefined {
  const url = testDatabaseUrl();
  if (url === undefined) return undefined;
  const schema = randomTestSchema();
  return { url, schema, drop: () => dropSchema(url, schema) };
}

/** What a test schema dropped by `dropSchema` says, until the run's end drops it for good. */
export const DROPPED_TEST_SCHEMA = 'pgs test schema: dropped';

/**
 * Empties a test schema (only `pgs_test_…` ones, as a guard against accidents): drops it with
 * everything in it and creates it again, empty and marked, in one transaction; the run's global
 * teardown (`test/setup/test-schemas.ts`) drops the marked ones once no test runs.
 *
 * Not a plain `drop schema` while other test files run: a migration lists the tables of every
 * schema (kysely's introspection calls `has_schema_privilege(name, …)` per schema), and a schema
 * dropped between that query's snapshot and the call fails it with "schema … does not exist".
 */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^pgs_test_[a-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop schema ${schema}: not a test schema`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`create schema ${schema}`);
    await client.query(`comment on schema ${schema} is '${DROPPED_TEST_SCHEMA}'`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Drops the test schemas `dropSchema` emptied (at the end of a run, when no test uses the database). */
export async function dropEmptiedSchemas(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname like 'pgs\\_test\\_%' and obj_description(oid, 'pg_namespace') = $1`,
      [DROPPED_TEST_SCHEMA],
    );
    for (const { name } of rows) await client.query(`drop schema if exists ${name} cascade`);
    return rows.length;
  } finally {
    await client.end();
  }
}
