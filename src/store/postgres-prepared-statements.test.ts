import { sql, type Kysely, type PostgresCursor, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from './db-schema.js';
import { openDatabase, openStore } from './open-store.js';
import { preparedStatementName, preparedStatementsPool } from './postgres-prepared-statements.js';
import { testPostgres } from './test-support/postgres-test-schema.js';

/** A pg pool stand-in that records what reaches its clients. */
function fakePool() {
  const calls: unknown[][] = [];
  const released: unknown[] = [];
  const client = {
    query: (...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve({ command: 'SELECT', rowCount: 1, rows: [{ ok: 1 }] });
    },
    release: (destroy?: boolean) => released.push(destroy),
  };
  let ended = false;
  const pool = {
    connect: () => Promise.resolve(client),
    end: () => {
      ended = true;
      return Promise.resolve();
    },
  } as unknown as pg.Pool;
  return { pool, calls, released, ended: () => ended };
}

describe('preparedStatementName', () => {
  it('reads the name from a leading marker comment only', () => {
    expect(preparedStatementName('/* prepared: pgs_sign_in */\nwith x as (select 1) select 1')).toBe('pgs_sign_in');
    expect(preparedStatementName('select 1 /* prepared: pgs_sign_in */')).toBeUndefined();
    expect(preparedStatementName(' /* prepared: pgs_sign_in */ select 1')).toBeUndefined();
    expect(preparedStatementName('/* a comment */ select 1')).toBeUndefined();
    expect(preparedStatementName('/* prepared: Bad-Name */ select 1')).toBeUndefined();
    expect(preparedStatementName('select 1')).toBeUndefined();
  });
});

describe('preparedStatementsPool', () => {
  it('runs a marked statement as a named prepared statement and everything else unnamed', async () => {
    const fake = fakePool();
    const client = await preparedStatementsPool(fake.pool).connect();
    const marked = '/* prepared: pgs_x */ select $1::int';
    await client.query(marked, [7]);
    await client.query('select $1::int', [8]);
    expect(fake.calls).toEqual([[{ name: 'pgs_x', text: marked, values: [7] }], ['select $1::int', [8]]]);
  });

  it('refuses a second text under a name it has seen, without sending it', async () => {
    const fake = fakePool();
    const pool = preparedStatementsPool(fake.pool);
    await (await pool.connect()).query('/* prepared: pgs_x */ select 1', []);
    await expect((await pool.connect()).query('/* prepared: pgs_x */ select 2', [])).rejects.toThrow(
      'prepared statement pgs_x was given two different texts',
    );
    expect(fake.calls).toHaveLength(1);
  });

  it('gives kysely one wrapper per pg client, and passes release and end through', async () => {
    const fake = fakePool();
    const pool = preparedStatementsPool(fake.pool);
    const first = await pool.connect();
    expect(await pool.connect()).toBe(first);
    first.release(true);
    expect(fake.released).toEqual([true]);
    await pool.end();
    expect(fake.ended()).toBe(true);
  });

  it('refuses to stream (the store never configures a cursor)', async () => {
    const client: PostgresPoolClient = await preparedStatementsPool(fakePool().pool).connect();
    expect(() => client.query({} as PostgresCursor<unknown>)).toThrow(TypeError);
  });
});

const target = testPostgres();

describe.skipIf(target === undefined)('prepared statements on PostgreSQL', () => {
  afterAll(() => target?.drop());

  it('prepares a marked statement once per connection and runs it again by name', async () => {
    if (target === undefined) return;
    // One connection, so that pg_prepared_statements (per session) sees what ran before.
    const { db } = await openDatabase(target.url, { schema: target.schema, poolSize: 1 });
    try {
      for (const n of [1, 2, 3]) {
        const { rows } = await sql<{ n: number }>`/* prepared: pgs_test_echo */ select ${n}::int as n`.execute(db);
        expect(rows).toEqual([{ n }]);
      }
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db);
      expect(rows).toEqual([{ name: 'pgs_test_echo', statement: '/* prepared: pgs_test_echo */ select $1::int as n' }]);
    } finally {
      await db.destroy();
    }
  });

  it('prepares nothing with preparedStatements: false', async () => {
    if (target === undefined) return;
    const { db } = await openDatabase(target.url, { schema: target.schema, poolSize: 1, preparedStatements: false });
    try {
      await sql`/* prepared: pgs_test_echo */ select ${1}::int as n`.execute(db);
      const { rows } = await sql`select name from pg_prepared_statements`.execute(db);
      expect(rows).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('runs a marked statement inside the transaction that issued it', async () => {
    if (target === undefined) return;
    const store = await openStore(target.url, { schema: target.schema });
    await store.close();
    const { db } = await openDatabase(target.url, { schema: target.schema, poolSize: 2 });
    const countMarked = (executor: Kysely<Database>) =>
      sql<{ n: number }>`/* prepared: pgs_test_count */ select count(*) as n from players where id = ${'tx-player'}`.execute(executor);
    try {
      const rolledBack = db.transaction().execute(async (trx) => {
        await trx
          .insertInto('players')
          .values({ id: 'tx-player', application_id: 'a', player_id: 'p', display_name: 'P', created_at: 1, updated_at: 1, last_sign_in_at: 1 })
          .execute();
        // Sees the transaction's own uncommitted row: it ran on the transaction's connection.
        expect((await countMarked(trx)).rows).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      });
      await expect(rolledBack).rejects.toThrow('roll back');
      expect((await countMarked(db)).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.destroy();
    }
  });
});

