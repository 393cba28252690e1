/**
 * Runs a suite on every store: SQLite always, PostgreSQL when TEST_DATABASE_URL is set, and
 * otherwise skips it visibly, by name, so that a run without PostgreSQL says what it did not test.
 */
import { describe } from 'vitest';
import { testDatabaseUrl } from '../../store/test-support/postgres-test-schema.js';

export type StoreKind = 'sqlite' | 'postgres';

/** Registers `suite` once per store kind. */
export function describeEachStore(name: string, suite: (database: StoreKind) => void): void {
  describe(`${name} (sqlite)`, () => suite('sqlite'));
  if (testDatabaseUrl() === undefined) describe.skip(`${name} (postgres: TEST_DATABASE_URL not set)`, () => suite('postgres'));
  else describe(`${name} (postgres)`, () => suite('postgres'));
}
