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

/** Drops a test schema and everything in it (only `pgs_test_…` ones, as a guard against accidents). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^pgs_test_[a-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop schema ${schema}: not a test schema`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
