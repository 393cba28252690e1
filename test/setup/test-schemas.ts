/**
 * vitest's global setup: at the end of a run, once no test file uses the database, drops the
 * PostgreSQL test schemas the tests emptied (`dropSchema` in
 * src/store/test-support/postgres-test-schema.ts says why they are not dropped at once).
 */
import { dropEmptiedSchemas, testDatabaseUrl } from '../../src/store/test-support/postgres-test-schema.js';

/** Nothing to prepare; the returned teardown runs after every test file. */
export function setup(): () => Promise<void> {
  return async () => {
    const url = testDatabaseUrl();
    if (url !== undefined) await dropEmptiedSchemas(url);
  };
}
