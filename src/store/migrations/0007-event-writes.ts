/**
 * The event outbox: every `POST /v1/me/events` update is stored here before it is sent, as the
 * achievement outbox does for achievement writes (`0001-initial.ts`). `request_id` is the
 * `events.record` requestId of the batch the write was sent in: set when the write is first put
 * in a batch and kept until the batch is settled, so that a resend after a lost answer carries the
 * same ID and Google records it once. The per-player order, due and lease columns read as the
 * achievement outbox's (`outbox-claim-rule.ts`).
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('event_writes')
    .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('player_ref', 'text', (c) => c.notNull().references('players.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // A player's open writes (the claim, the read overlay) and the cascade on player deletion.
  await db.schema.createIndex('event_writes_player_status_id_idx').on('event_writes').columns(['player_ref', 'status', 'id']).execute();
  // The claim scans only what is due; pruning only what is done.
  await db.schema
    .createIndex('event_writes_pending_due_idx')
    .on('event_writes')
    .columns(['next_attempt_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('event_writes_in_flight_lease_idx')
    .on('event_writes')
    .columns(['lease_until'])
    .where(sql.ref('status'), '=', 'in_flight')
    .execute();
  await db.schema.createIndex('event_writes_done_idx').on('event_writes').columns(['updated_at']).where(sql.ref('status'), '=', 'done').execute();
}

/** The event outbox. */
export const migration0007EventWrites: StoreMigration = { name: '0007-event-writes', up };
