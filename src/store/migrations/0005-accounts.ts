/**
 * Accounts of our own: `accounts`, and `account_identities`, the identities linked to each (a
 * Play Games player is one; Google's Recall API will be another). Every existing player gets an
 * account with their Play Games identity linked, so that every player, session and pending
 * achievement write goes on working; nothing else changes (`player_ref` columns still point at
 * the player, and the player-ID history and its remaps are untouched).
 *
 * A `play-games` identity's subject is the player's internal `players.id`, which a
 * next-generation player-ID remap never changes; `player_ref` repeats it as a foreign key, so the
 * link goes with its player. Other providers leave `player_ref` null.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('account_identities')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('account_ref', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('player_ref', 'text', (c) => c.references('players.id').onDelete('cascade'))
    .addColumn('linked_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_identities_pkey', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('account_identities_account_ref_idx').on('account_identities').column('account_ref').execute();
  // One account per player: every read of a player joins its link through this index.
  await db.schema.createIndex('account_identities_player_ref_key').on('account_identities').column('player_ref').unique().execute();

  // The backfill: a scratch table pairs each player with a new account ID, so that both inserts
  // read the same pairs. The ID has the form `newAccountId` gives (`acc_` + 32 hex digits), from
  // 128 random bits on SQLite and a random UUID's 122 on PostgreSQL (`gen_random_uuid`, built in
  // since PostgreSQL 13).
  const randomHex =
    dialect === 'postgres' ? sql`replace(gen_random_uuid()::text, '-', '')` : sql`lower(hex(randomblob(16)))`;
  await db.schema
    .createTable('accounts_backfill')
    .addColumn('player_ref', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into accounts_backfill (player_ref, account_id, created_at)
            select id, 'acc_' || ${randomHex}, created_at from players`.execute(db);
  // An existing player's account dates from when the player was first seen.
  await sql`insert into accounts (id, created_at) select account_id, created_at from accounts_backfill`.execute(db);
  await sql`insert into account_identities (provider, subject, account_ref, player_ref, linked_at)
            select 'play-games', player_ref, account_id, player_ref, created_at from accounts_backfill`.execute(db);
  await db.schema.dropTable('accounts_backfill').execute();
}

/** Accounts, their linked identities, and an account for every existing player. */
export const migration0005Accounts: StoreMigration = { name: '0005-accounts', up };
