/**
 * An index for the questions asked of a player's OPEN writes (the send-at-once claim, the read
 * overlay): `player_ref = ? AND status IN ('pending', 'in_flight')`. With only
 * (player_ref, id), each of those scanned every write the player ever made, done ones included, so
 * a busy player's writes got slower with their history. With (player_ref, status, id) both
 * databases seek straight to the open ones, with the statuses as bound parameters; the few open
 * writes are then sorted by id.
 */
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('achievement_writes_player_status_id_idx')
    .on('achievement_writes')
    .columns(['player_ref', 'status', 'id'])
    .execute();
  // The new index serves everything the old one did (per-player lookups, the cascade on player
  // deletion); left in place, SQLite's planner keeps preferring it for its `ORDER BY id`.
  await db.schema.dropIndex('achievement_writes_player_ref_id_idx').execute();
}

export const migration0002OpenWritesIndex: StoreMigration = { name: '0002-open-writes-index', up };
