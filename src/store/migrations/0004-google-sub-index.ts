/**
 * The one-`sub`-per-application index, keyed `(google_sub, application_id)` instead of
 * `(application_id, google_sub)`. Uniqueness is the same; what changes is which lookups the index
 * can serve. A backend serves one application, so `application_id` selects every player: with
 * both unique indexes led by it, `application_id = ? AND player_id = ?` could run through either,
 * and PostgreSQL, without statistics yet (a fresh table; or a prepared statement's generic plan,
 * planned once and kept for the connection's life), chose the `sub` index and filtered every
 * player of the application through it, on every sign-in (seen in EXPLAIN: "Rows Removed by
 * Filter: 2999" for one returning player). Led by `google_sub`, it serves only `sub` lookups.
 */
import type { Kysely } from 'kysely';
import type { StoreMigration } from './migration.js';

async function up(db: Kysely<unknown>): Promise<void> {
  // The new index first, so that the uniqueness holds at every moment.
  await db.schema
    .createIndex('players_google_sub_application_key')
    .on('players')
    .columns(['google_sub', 'application_id'])
    .unique()
    .execute();
  await db.schema.dropIndex('players_application_google_sub_key').execute();
}

export const migration0004GoogleSubIndex: StoreMigration = { name: '0004-google-sub-index', up };
