/**
 * `play-games-server/store`: the persistence layer. `openStore(DATABASE_URL)` gives a `Store`
 * over SQLite or PostgreSQL; see `store.ts` for the interface.
 */
export type * from './store.js';
export { GRANT_STATUSES, IDENTITY_PROVIDERS, PLAYER_ID_KINDS, WRITE_STATUSES } from './store.js';
export { ACCOUNT_ID_SHAPE } from './account-repository.js';
export { openStore, migrateDatabase, StoreConnectionError, type OpenStoreOptions } from './open-store.js';
export { DEFAULT_DATABASE_URL, DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl, type DatabaseLocation } from './database-url.js';
export { MigrationError, type MigrationReport } from './migrate.js';
export { STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './store-errors.js';
export { REUSE_REVOKED_REASON } from './session-repository.js';
// Request IDs are Google's wire concept; the store hands out the same ones the Google clients check.
export { newRequestId } from '../google/request-id.js';
export type { StoreLogger } from './store-logger.js';
