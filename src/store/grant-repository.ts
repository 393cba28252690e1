/**
 * Google grants: one per player, tokens as ciphertext the backend encrypted (AES-256-GCM with a
 * key ID). The store never sees a token in clear.
 */
import { sql, type Selectable } from 'kysely';
import type { GoogleGrantsTable } from './db-schema.js';
import type { Executor, StoreContext } from './store-context.js';
import { playerMustExist } from './store-errors.js';
import type { Grant, GrantInput, GrantStatus, GrantTransaction } from './store.js';

type GrantRow = Selectable<GoogleGrantsTable>;

/** Every column of `google_grants`, listed: a prepared statement must not return `*`. */
const GRANT_COLUMNS = `player_ref, client_id, scopes, access_token_ciphertext, access_token_expires_at,
  refresh_token_ciphertext, key_id, refresh_token_key_id, status, last_refresh_at, last_error,
  created_at, updated_at`;

function toGrant(row: GrantRow): Grant {
  return {
    playerId: row.player_ref,
    clientId: row.client_id,
    scopes: JSON.parse(row.scopes) as string[],
    accessTokenCiphertext: row.access_token_ciphertext,
    accessTokenExpiresAt: row.access_token_expires_at,
    refreshTokenCiphertext: row.refresh_token_ciphertext,
    keyId: row.key_id,
    refreshTokenKeyId: row.refresh_token_key_id,
    status: row.status as GrantStatus,
    lastRefreshAt: row.last_refresh_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Google grants and the one-refresher-per-player lock. */
export class GrantRepository {
  readonly #ctx: StoreContext;
  /** SQLite only: per-player queues of refreshers in this process (see `withRefreshLock`). */
  readonly #localLocks = new Map<string, Promise<void>>();

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** See `Store.saveGrant`. */
  async save(db: Executor, playerId: string, grant: GrantInput): Promise<Grant> {
    const now = this.#ctx.now();
    const refresh = grant.refreshTokenCiphertext;
    try {
      // Static text (one per sign-in and per refresh): kysely only binds, and PostgreSQL runs it
      // as a prepared statement (`postgres-prepared-statements.ts`).
      const { rows } = await sql<GrantRow>`/* prepared: pgs_save_grant */
        insert into google_grants (
          player_ref, client_id, scopes, access_token_ciphertext, access_token_expires_at,
          refresh_token_ciphertext, key_id, refresh_token_key_id, status, last_refresh_at, last_error,
          created_at, updated_at
        )
        values (
          ${playerId}, ${grant.clientId}, ${JSON.stringify(grant.scopes)}, ${grant.accessTokenCiphertext},
          ${grant.accessTokenExpiresAt}, ${refresh}, ${grant.keyId}, ${refresh === null ? null : grant.keyId},
          ${grant.status ?? 'active'}, ${grant.lastRefreshAt ?? null}, ${grant.lastError ?? null}, ${now}, ${now}
        )
        on conflict (player_ref) do update set
          client_id = excluded.client_id,
          scopes = excluded.scopes,
          access_token_ciphertext = excluded.access_token_ciphertext,
          access_token_expires_at = excluded.access_token_expires_at,
          -- Google returns a refresh token only when the game asked with forceRefreshToken
          -- (docs/google/oauth.md): a grant without one keeps the earlier token, and its key ID, unless
          -- Google refused that token already (status revoked): a dead token is no offline access.
          refresh_token_ciphertext = coalesce(excluded.refresh_token_ciphertext,
            case when google_grants.status = 'revoked' then null else google_grants.refresh_token_ciphertext end),
          refresh_token_key_id = coalesce(excluded.refresh_token_key_id,
            case when google_grants.status = 'revoked' then null else google_grants.refresh_token_key_id end),
          key_id = excluded.key_id,
          status = excluded.status,
          last_refresh_at = excluded.last_refresh_at,
          last_error = excluded.last_error,
          updated_at = excluded.updated_at
        returning ${sql.raw(GRANT_COLUMNS)}`.execute(db);
      const row = rows[0];
      if (row === undefined) throw new Error('saving a grant returned no row');
      return toGrant(row);
    } catch (error) {
      return playerMustExist(error, playerId);
    }
  }

  /** See `Store.getGrant`. */
  async get(db: Executor, playerId: string): Promise<Grant | undefined> {
    const row = await db.selectFrom('google_grants').selectAll().where('player_ref', '=', playerId).executeTakeFirst();
    return row && toGrant(row);
  }

  /** See `Store.updateGrantStatus`. */
  async updateStatus(
    db: Executor,
    playerId: string,
    status: GrantStatus,
    lastError: string | null | undefined,
  ): Promise<Grant | undefined> {
    const row = await db
      .updateTable('google_grants')
      .set({ status, last_error: lastError ?? null, updated_at: this.#ctx.now() })
      .where('player_ref', '=', playerId)
      .returningAll()
      .executeTakeFirst();
    return row && toGrant(row);
  }

  /** See `Store.withGrantRefreshLock`. */
  async withRefreshLock<T>(playerId: string, fn: (tx: GrantTransaction) => Promise<T>): Promise<T> {
    if (this.#ctx.dialect === 'postgres') {
      // What fn saved through tx is kept even when fn then throws (say, status `revoked` and
      // then REAUTH_REQUIRED): the transaction is the lock, not an all-or-nothing unit, exactly
      // as on SQLite where there is no transaction at all.
      let failure: { error: unknown } | undefined;
      let result: T | undefined;
      try {
        await this.#ctx.db.transaction().execute(async (trx) => {
          // The grant row's lock serialises refreshers across every instance, and a sign-in
          // saving a new grant meanwhile waits and then wins (it writes last).
          const locked = await trx
            .selectFrom('google_grants')
            .select('player_ref')
            .where('player_ref', '=', playerId)
            .forUpdate()
            .executeTakeFirst();
          if (locked === undefined) {
            // No grant yet: nothing to lock a row on. A transaction-scoped advisory lock on the
            // player keeps the promise (one locker at a time) until the row exists.
            await sqlAdvisoryXactLock(trx, playerId);
          }
          try {
            result = await fn(this.#transaction(trx, playerId));
          } catch (error) {
            failure = { error };
          }
        });
      } catch (error) {
        // A database error inside fn aborts the transaction and fails the commit: fn's own
        // error is the one that explains it.
        throw failure !== undefined ? failure.error : error;
      }
      if (failure !== undefined) throw failure.error;
      return result as T;
    }
    // SQLite: one process by design, so an in-process queue per player is the lock. No write
    // transaction is held across `fn`: it makes a slow HTTP call, and SQLite has one writer.
    const previous = this.#localLocks.get(playerId) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queued = previous.then(() => current);
    this.#localLocks.set(playerId, queued);
    await previous;
    try {
      return await fn(this.#transaction(this.#ctx.db, playerId));
    } finally {
      release();
      if (this.#localLocks.get(playerId) === queued) this.#localLocks.delete(playerId);
    }
  }

  #transaction(db: Executor, playerId: string): GrantTransaction {
    return {
      getGrant: () => this.get(db, playerId),
      saveGrant: (grant) => this.save(db, playerId, grant),
      updateGrantStatus: (status, lastError) => this.updateStatus(db, playerId, status, lastError),
    };
  }
}

/** Advisory-lock class of grant refreshes ('pgsg' as an int4). */
const GRANT_LOCK_CLASS = 0x70677367;

async function sqlAdvisoryXactLock(trx: Executor, playerId: string): Promise<void> {
  // Two-key form: a fixed class for "grant refresh" and the player's hash. A hash collision only
  // serialises two players' refreshes, never lets two refreshers of one player run together.
  await sql`select pg_advisory_xact_lock(${sql.lit(GRANT_LOCK_CLASS)}, hashtext(${playerId}))`.execute(trx);
}
