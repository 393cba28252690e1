/**
 * The store conformance suite on PostgreSQL, when TEST_DATABASE_URL names one (CI always does).
 * The file works in its own schema, dropped afterwards. Without the variable the suite shows as
 * skipped, by name.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openStore } from './open-store.js';
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

    it('its introspection sees only its own schema, migration tables included', async () => {
      const [mine, other] = [randomTestSchema(), randomTestSchema()];
      schemas.push(mine, other);
      await (await openStore(url, { schema: other })).close();
      await (await openStore(url, { schema: mine })).close();
      const opened = await openDatabase(url, { schema: mine });
      try {
        const tables = await opened.db.introspection.getTables({ withInternalKyselyTables: true });
        expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([mine]));
        expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['pgs_migrations', 'pgs_migrations_lock', 'players']));
        const players = tables.find((t) => t.name === 'players');
        expect(players?.columns.length).toBeGreaterThan(3);
        const withoutInternal = await opened.db.introspection.getTables();
        expect(withoutInternal.map((t) => t.name)).not.toContain('pgs_migrations');
        expect(await opened.db.introspection.getSchemas()).toEqual([{ name: mine }]);
      } finally {
        await opened.db.destroy();
      }
    });

    it('migrates while another schema is dropped and created again beside it', async () => {
      const churned = randomTestSchema();
      schemas.push(churned);
      await (await openStore(url, { schema: churned })).close();
      let churning = true;
      const churn = (async () => {
        let rounds = 0;
        while (churning || rounds < 3) {
          await dropSchema(url, churned);
          await (await openStore(url, { schema: churned })).close();
          rounds += 1;
        }
      })();
      try {
        for (let i = 0; i < 4; i += 1) {
          const schema = randomTestSchema();
          schemas.push(schema);
          await (await openStore(url, { schema })).close();
        }
      } finally {
        churning = false;
        await churn;
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
