/**
 * The store conformance suite on PostgreSQL, when TEST_DATABASE_URL names one (CI always does).
 * The file works in its own schema, dropped afterwards. Without the variable the suite shows as
 * skipped, by name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { describeStoreConformance } from './store.conformance.js';
import { randomTestSchema, testDatabaseUrl, testPostgres, dropSchema } from './test-support/postgres-test-schema.js';
import { STORE_MIGRATIONS } from './migrations/index.js';

const target = testPostgres();

if (target === undefined) {
  describe.skip('postgres: TEST_DATABASE_URL not set', () => {
    it('store conformance on PostgreSQL', () => undefined);
  });
} else {
  describeStoreConformance({
    name: 'postgres',
    url: target.url,
    options: { schema: target.schema },
    sharedDatabase: true,
    cleanup: () => target.drop(),
  });

  describe('postgres specifics', () => {
    const url = testDatabaseUrl() ?? '';
    const schemas: string[] = [];
    afterAll(async () => {
      for (const schema of schemas) await dropSchema(url, schema);
    });

    it('instances starting at once on a fresh schema all succeed; the migration runs once', async () => {
      const schema = randomTestSchema();
      schemas.push(schema);
      const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(url, { schema, poolSize: 2 })));
      await Promise.all(stores.map((s) => s.close()));
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query<{ name: string }>(`select name from ${schema}.pgs_migrations`);
        expect(result.rows.map((r) => r.name)).toEqual(STORE_MIGRATIONS.map((m) => m.name));
      } finally {
        await client.end();
      }
    });

    it('returns epoch-ms BIGINTs as numbers without touching pg’s global parsers', async () => {
      const pg = await import('pg');
      const schema = randomTestSchema();
      schemas.push(schema);
      const store = await openStore(url, { schema });
      try {
        const { player } = await store.upsertPlayerOnSignIn({ applicationId: 'a', playerId: 'p', displayName: 'P', now: 1_750_000_000_123 });
        expect(player.createdAt).toBe(1_750_000_000_123);
        expect(await store.countPlayers()).toBe(1);
      } finally {
        await store.close();
      }
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: unknown }>('select 1::int8 as n');
        expect(rows[0]?.n).toBe('1');
      } finally {
        await client.end();
      }
    });

    it('refuses a schema name it would have to quote', async () => {
      await expect(openStore(url, { schema: 'Bad-Name' })).rejects.toThrow(/schema "Bad-Name" must match/);
    });
  });
}
