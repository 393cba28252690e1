/**
 * `audit_log`: every operator action (the console's and the admin API's), one row each, never
 * updated. `target` names what the action was about (a player's internal ID, a write's ID) as
 * text, with no foreign key: an entry outlives the player it names, which is the point of an
 * audit log (a deleted player's revocation must stay on record).
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from '../store.js';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .addColumn('detail', 'text')
    .execute();
  // The console lists the newest first and pages back by id; a target's history by target.
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target', 'id']).where(sql.ref('target'), 'is not', null).execute();
}

/** The operators' audit log. */
export const migration0008AuditLog: StoreMigration = { name: '0008-audit-log', up };
