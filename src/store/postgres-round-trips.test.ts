/**
 * The sign-in path's round trips on PostgreSQL (docs/BENCHMARKS.md, "Sign-in"): each statement
 * is a round trip to the database, and on a loaded machine the writes behind them were the
 * backend's largest CPU cost. Counted at the pg client, so BEGIN and COMMIT count too.
 */
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db-schema.js';
import { KyselyStore } from './kysely-store.js';
import { openStore } from './open-store.js';
import { createPostgresPool } from './postgres-pool.js';
import { preparedStatementName, preparedStatementsPool } from './postgres-prepared-statements.js';
import { SILENT_STORE_LOGGER } from './store-logger.js';
import type { PlayerSignIn, Store } from './store.js';
import { testPostgres } from './test-support/postgres-test-schema.js';

const target = testPostgres();

/** Wraps a kysely pool so that every statement its clients send is recorded: prepared ones by name. */
function countingPool(inner: PostgresPool, statements: string[]): PostgresPool {
  return {
    async connect() {
      const client = await inner.connect();
      return {
        query: ((sql: string, parameters: readonly unknown[]) => {
          statements.push(preparedStatementName(sql) ?? sql.trimStart().split(/\s+/).slice(0, 4).join(' '));
          return client.query(sql, parameters);
        }) as typeof client.query,
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => inner.end(),
  };
}

describe.skipIf(target === undefined)('sign-in round trips on PostgreSQL', () => {
  const statements: string[] = [];
  let store: Store;
  const signIn = (overrides: Partial<PlayerSignIn> = {}): PlayerSignIn => ({
    applicationId: 'app-rt',
    playerId: `g-${Math.random().toString(36).slice(2)}`,
    displayName: 'P',
    idToken: { sub: `sub-${Math.random().toString(36).slice(2)}`, email: 'p@example.test' },
    now: 1_750_000_000_000,
    ...overrides,
  });
  /** The statements `fn` sent. */
  async function sent(fn: () => Promise<unknown>): Promise<string[]> {
    statements.length = 0;
    await fn();
    return [...statements];
  }

  beforeAll(async () => {
    if (target === undefined) return;
    await (await openStore(target.url, { schema: target.schema })).close(); // migrated
    const pool = createPostgresPool(target.url, { schema: target.schema, logger: SILENT_STORE_LOGGER });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: countingPool(preparedStatementsPool(pool), statements) }) });
    store = new KyselyStore(db, 'postgres');
  });
  afterAll(async () => {
    await store?.close();
    await target?.drop();
  });

  it('a first sign-in is one statement, and so is the next one of the same player', async () => {
    const input = signIn();
    expect(await sent(() => store.upsertPlayerOnSignIn(input))).toEqual(['pgs_sign_in']);
    expect(await sent(() => store.upsertPlayerOnSignIn({ ...input, displayName: 'Q' }))).toEqual(['pgs_sign_in']);
  });

  it('saving the grant, resuming writes and opening a session are one statement each', async () => {
    const { player } = await store.upsertPlayerOnSignIn(signIn());
    const grant = {
      clientId: 'c',
      scopes: ['s'],
      accessTokenCiphertext: 'ct:a',
      accessTokenExpiresAt: 2e12,
      refreshTokenCiphertext: 'ct:r',
      keyId: 'k1',
    };
    expect(await sent(() => store.saveGrant(player.id, grant))).toEqual(['pgs_save_grant']);
    expect(await sent(() => store.resumeWritesForPlayer(player.id))).toEqual(['pgs_resume_writes']);
    expect(await sent(() => store.createSessionFamily(player.id, `h-${player.id}`, 2e12))).toEqual([
      'pgs_create_session_family',
    ]);
  });

  it('a remap falls back to one transaction with one lookup', async () => {
    const old = await store.upsertPlayerOnSignIn(signIn());
    const moved = signIn({ originalPlayerId: old.player.playerId });
    const trips = await sent(() => store.upsertPlayerOnSignIn(moved));
    // The one-statement attempt (it finds nothing to update and refuses to insert), then BEGIN,
    // the lookup, the UPDATE, the old ID marked previous, the history upsert, COMMIT.
    expect(trips).toEqual([
      'pgs_sign_in',
      'begin',
      'select found.*, i.account_ref as',
      'update "players" set "player_id"',
      'update "player_id_history" set "kind"',
      'insert into "player_id_history" ("application_id",',
      'commit',
    ]);
    expect((await store.findPlayerByPlayerId('app-rt', moved.playerId))?.id).toBe(old.player.id);
  });
});
