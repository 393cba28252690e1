/**
 * The initial schema: players and their ID history, Google grants, sessions, and the achievement
 * outbox with its idempotency records. See `db-schema.ts` for the conventions.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  // Players. `id` is ours and never changes; `player_id` is Google's and may (next-generation
  // Player IDs, docs/google/oauth.md), so it is unique per application but not a key anyone holds.
  await db.schema
    .createTable('players')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('game_player_id', 'text')
    .addColumn('developer_player_key', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('avatar_image_url', 'text')
    .addColumn('title', 'text')
    .addColumn('google_sub', 'text')
    .addColumn('email', 'text')
    .addColumn('email_verified', 'boolean')
    .addColumn('name', 'text')
    .addColumn('picture', 'text')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('locale', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('players_application_player_id_key')
    .on('players')
    .columns(['application_id', 'player_id'])
    .unique()
    .execute();
  // `sub` is per Google account, so the same person in two applications shares it: unique per
  // application. NULLs (no `openid` grant) never collide on either database.
  await db.schema
    .createIndex('players_application_google_sub_key')
    .on('players')
    .columns(['application_id', 'google_sub'])
    .unique()
    .execute();

  // Every player ID ever seen for a player; a player ID belongs to one player forever.
  await db.schema
    .createTable('player_id_history')
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('player_ref', 'text', (c) => c.notNull().references('players.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('player_id_history_pkey', ['application_id', 'player_id'])
    .execute();
  await db.schema.createIndex('player_id_history_player_ref_idx').on('player_id_history').column('player_ref').execute();

  // One Google grant per player. Tokens arrive encrypted by the backend: opaque text here.
  await db.schema
    .createTable('google_grants')
    .addColumn('player_ref', 'text', (c) => c.primaryKey().references('players.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('access_token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('access_token_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('refresh_token_ciphertext', 'text')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('refresh_token_key_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_refresh_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Sessions: a family per sign-in, its refresh tokens stored only as hashes.
  await db.schema
    .createTable('session_families')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('player_ref', 'text', (c) => c.notNull().references('players.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('session_families_player_ref_idx').on('session_families').column('player_ref').execute();
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('family_id', 'text', (c) => c.notNull().references('session_families.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('refresh_tokens_family_id_idx').on('refresh_tokens').column('family_id').execute();

  // The achievement outbox. `id` orders a player's writes; AUTOINCREMENT on SQLite so an ID is
  // never reused after the highest row is deleted.
  await db.schema
    .createTable('achievement_writes')
    .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('player_ref', 'text', (c) => c.notNull().references('players.id').onDelete('cascade'))
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('steps', 'integer')
    .addColumn('request_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Per-player order, the claim's ordering checks and the cascade on player deletion.
  await db.schema
    .createIndex('achievement_writes_player_ref_id_idx')
    .on('achievement_writes')
    .columns(['player_ref', 'id'])
    .execute();
  // The claim scans only what is due: partial indexes keep done writes out of its way.
  await db.schema
    .createIndex('achievement_writes_pending_due_idx')
    .on('achievement_writes')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('achievement_writes_in_flight_lease_idx')
    .on('achievement_writes')
    .columns(['lease_until'])
    .where(sql.ref('status'), '=', 'in_flight')
    .execute();
  await db.schema
    .createIndex('achievement_writes_failed_idx')
    .on('achievement_writes')
    .columns(['id'])
    .where(sql.ref('status'), '=', 'failed')
    .execute();
  await db.schema
    .createIndex('achievement_writes_done_idx')
    .on('achievement_writes')
    .columns(['updated_at'])
    .where(sql.ref('status'), '=', 'done')
    .execute();

  await db.schema
    .createTable('idempotency_records')
    .addColumn('player_ref', 'text', (c) => c.notNull().references('players.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('write_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_records_pkey', ['player_ref', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_records_created_at_idx')
    .on('idempotency_records')
    .column('created_at')
    .execute();
}

/** Players, ID history, grants, sessions, achievement outbox, idempotency records. */
export const migration0001Initial: StoreMigration = { name: '0001-initial', up };
