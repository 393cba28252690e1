/**
 * Migration 0005 on a database that holds data: a store migrated to 0004 and written to as the
 * store wrote before accounts existed (players and their ID history as its sign-in stored them;
 * grants, sessions, pending and in-flight achievement writes and idempotency records through the
 * store's own calls, which did not change), then migrated to the end. Every record must go on
 * working, and every player must have exactly one account of their own, on both databases.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID_SHAPE } from '../account-repository.js';
import type { Database } from '../db-schema.js';
import { KyselyStore } from '../kysely-store.js';
import { migrateToLatest } from '../migrate.js';
import { openDatabase, openStore, type OpenStoreOptions } from '../open-store.js';
import type { Store } from '../store.js';
import { testPostgres } from '../test-support/postgres-test-schema.js';
import { STORE_MIGRATIONS } from './index.js';

const BEFORE_ACCOUNTS = STORE_MIGRATIONS.slice(0, STORE_MIGRATIONS.findIndex((m) => m.name === '0005-accounts'));
const T0 = 1_750_000_000_000;
const DAY = 86_400_000;
const APP = 'app-0005';

/** Players as the sign-in stored them before 0005: the row and its current ID. */
async function insertPlayerAsBefore(db: Kysely<Database>, n: number): Promise<string> {
  const id = `00000000-0000-4000-8000-00000000000${n}`;
  await db
    .insertInto('players')
    .values({
      id,
      application_id: APP,
      player_id: `g${n}`,
      game_player_id: null,
      developer_player_key: null,
      display_name: `Player ${n}`,
      avatar_image_url: null,
      title: null,
      google_sub: `sub-${n}`,
      email: null,
      email_verified: null,
      name: null,
      picture: null,
      given_name: null,
      family_name: null,
      locale: null,
      created_at: T0 + n,
      updated_at: T0 + n,
      last_sign_in_at: T0 + n,
    })
    .execute();
  await db
    .insertInto('player_id_history')
    .values({ application_id: APP, player_id: `g${n}`, player_ref: id, kind: 'current', first_seen_at: T0 + n })
    .execute();
  return id;
}

function describeMigration(name: string, url: () => string, options: OpenStoreOptions, cleanup: () => Promise<void>): void {
  describe(`0005-accounts on ${name}`, () => {
    afterAll(cleanup);

    it('gives every existing player one account of their own, and their sessions and writes keep working', async () => {
      const opened = await openDatabase(url(), options);
      const schema = opened.schema !== undefined ? { schema: opened.schema } : {};
      await migrateToLatest(opened.db as Kysely<unknown>, opened.dialect, { ...schema, migrations: BEFORE_ACCOUNTS });
      const before: Store = new KyselyStore(opened.db, opened.dialect, () => T0);
      const ids = [await insertPlayerAsBefore(opened.db, 1), await insertPlayerAsBefore(opened.db, 2), await insertPlayerAsBefore(opened.db, 3)];
      for (const id of ids) {
        await before.saveGrant(id, {
          clientId: 'c',
          scopes: ['s'],
          accessTokenCiphertext: 'ct:a',
          accessTokenExpiresAt: T0 + DAY,
          refreshTokenCiphertext: 'ct:r',
          keyId: 'k1',
        });
        await before.createSessionFamily(id, `hash-${id}`, T0 + DAY);
        await before.enqueueAchievementWrites(id, [{ achievementId: 'a1', op: 'UNLOCK' }, { achievementId: 'a2', op: 'INCREMENT', steps: 2 }], {
          key: 'k',
          requestHash: 'h',
        });
      }
      // One player's first write is in flight when the new version starts.
      const [leased] = await before.claimDueWrites({ now: T0, leaseMs: 60_000, maxPlayers: 1, maxWritesPerPlayer: 1 });
      expect(leased?.writes).toHaveLength(1);

      // 0005 and every migration after it (the later ones do not touch these tables).
      const fromHere = STORE_MIGRATIONS.slice(STORE_MIGRATIONS.findIndex((m) => m.name === '0005-accounts')).map((m) => m.name);
      expect(await migrateToLatest(opened.db as Kysely<unknown>, opened.dialect, schema)).toEqual({ applied: fromHere });
      await opened.db.destroy();

      const store = await openStore(url(), { ...options, clock: () => T0 + 1000 });
      try {
        expect(await store.countAccounts()).toBe(3);
        const players = await store.findPlayers(ids);
        expect(players).toHaveLength(3);
        expect(new Set(players.map((p) => p.accountId)).size).toBe(3);
        for (const [n, id] of ids.entries()) {
          const player = await store.findPlayer(id);
          expect(player).toMatchObject({ id, playerId: `g${n + 1}`, displayName: `Player ${n + 1}`, googleSub: `sub-${n + 1}` });
          const accountId = player!.accountId;
          expect(accountId).toMatch(ACCOUNT_ID_SHAPE);
          // The account dates from the player's first sign-in; the player is its one identity.
          expect(await store.findAccount(accountId)).toEqual({ id: accountId, createdAt: T0 + n + 1 });
          expect(await store.listAccountIdentities(accountId)).toEqual([{ accountId, provider: 'play-games', subject: id, linkedAt: T0 + n + 1 }]);
          expect(await store.findPlayerByPlayerId(APP, `g${n + 1}`)).toEqual(player);
          expect(await store.findPlayerByGoogleSub(APP, `sub-${n + 1}`)).toEqual(player);
          expect(await store.getGrant(id)).toMatchObject({ status: 'active', refreshTokenCiphertext: 'ct:r' });
          // The session opened before the migration refreshes, and now names the account.
          expect(await store.rotateRefreshToken(`hash-${id}`, `hash2-${id}`, T0 + DAY, T0 + 1000)).toMatchObject({
            outcome: 'rotated',
            playerId: id,
            accountId,
          });
          expect(await store.getIdempotencyRecord(id, 'k')).toMatchObject({ requestHash: 'h' });
        }
        // Pending and in-flight writes are still there and still go out, in order.
        for (const id of ids) expect((await store.pendingWritesForPlayer(id)).map((w) => w.achievementId)).toEqual(['a1', 'a2']);
        const claimed = await store.claimDueWrites({ now: T0 + 120_000, leaseMs: 60_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
        expect(claimed.map((c) => c.writes.length)).toEqual([2, 2, 2]);

        // A returning player keeps the account the migration gave them.
        const again = await store.upsertPlayerOnSignIn({ applicationId: APP, playerId: 'g1', displayName: 'Back' });
        expect(again).toMatchObject({ created: false, player: { id: ids[0], accountId: players.find((p) => p.id === ids[0])!.accountId } });
        // And deleting a player takes their account with them.
        expect(await store.deletePlayer(ids[1]!)).toBe(true);
        expect(await store.countAccounts()).toBe(2);
      } finally {
        await store.close();
      }
    });
  });
}

const folder = mkdtempSync(path.join(tmpdir(), 'pgs-0005-'));
describeMigration('SQLite', () => `sqlite:${path.join(folder, 'accounts.sqlite')}`, {}, () => Promise.resolve());

const target = testPostgres();
if (target !== undefined) {
  describeMigration('PostgreSQL', () => target.url, { schema: target.schema }, () => target.drop());
} else {
  describe.skip('0005-accounts on PostgreSQL (TEST_DATABASE_URL is unset)', () => {
    it('gives every existing player one account of their own', () => undefined);
  });
}
