/**
 * The score outbox: `score_writes`, leaderboard scores stored before they are sent to Google, with
 * the columns the achievement outbox's claim rule reads (`status`, `next_attempt_at`,
 * `lease_until`; see `outbox-claim-rule.ts`), so both outboxes lease the same way. A score is a
 * BIGINT: the backend takes scores within ±(2^53 − 1), which both databases hold exactly and pg's
 * int8 parser hands back as a JS number (`postgres-pool.ts`). `score_order` keeps the board's sort
 * order as it was when the score was accepted, so the sender can pick a player's best score per
 * board without asking Google.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('score_writes')
    .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('player_ref', 'text', (c) => c.notNull().references('players.id').onDelete('cascade'))
    .addColumn('leaderboard_id', 'text', (c) => c.notNull())
    .addColumn('score', 'bigint', (c) => c.notNull())
    .addColumn('score_tag', 'text')
    .addColumn('score_order', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Per-player order and history (the policy's improvement window), and the cascade on deletion.
  await db.schema.createIndex('score_writes_player_board_id_idx').on('score_writes').columns(['player_ref', 'leaderboard_id', 'id']).execute();
  await db.schema.createIndex('score_writes_player_ref_id_idx').on('score_writes').columns(['player_ref', 'id']).execute();
  // The claim scans only what is due, as on achievement_writes.
  await db.schema.createIndex('score_writes_pending_due_idx').on('score_writes').columns(['next_attempt_at']).where(sql.ref('status'), '=', 'pending').execute();
  await db.schema.createIndex('score_writes_in_flight_lease_idx').on('score_writes').columns(['lease_until']).where(sql.ref('status'), '=', 'in_flight').execute();
  await db.schema.createIndex('score_writes_failed_idx').on('score_writes').columns(['id']).where(sql.ref('status'), '=', 'failed').execute();
  await db.schema.createIndex('score_writes_done_idx').on('score_writes').columns(['updated_at']).where(sql.ref('status'), '=', 'done').execute();
}

/** The score outbox table and its indexes. */
export const migration0006ScoreWrites: StoreMigration = { name: '0006-score-writes', up };
