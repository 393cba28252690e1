/**
 * The backend's own sessions: a family per sign-in, and its refresh tokens, stored only as hashes.
 * Every use rotates the token; presenting a used one again revokes the whole family (refresh
 * token reuse detection, RFC 9700 §4.14.2).
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { SessionFamiliesTable } from './db-schema.js';
import type { StoreContext } from './store-context.js';
import { playerMustExist } from './store-errors.js';
import type { RotateResult, SessionFamily } from './store.js';

/** The reason recorded on a family revoked because one of its tokens was presented twice. */
export const REUSE_REVOKED_REASON = 'refresh_token_reused';

function toFamily(row: Selectable<SessionFamiliesTable>): SessionFamily {
  return {
    id: row.id,
    playerId: row.player_ref,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
  };
}

/** Session families and their rotating refresh tokens. */
export class SessionRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** See `Store.createSessionFamily`. */
  async createFamily(playerId: string, firstTokenHash: string, expiresAt: number): Promise<SessionFamily> {
    const now = this.#ctx.now();
    try {
      return await this.#ctx.db.transaction().execute(async (trx) => {
        const family = await trx
          .insertInto('session_families')
          .values({ id: randomUUID(), player_ref: playerId, created_at: now, revoked_at: null, revoked_reason: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('refresh_tokens')
          .values({ token_hash: firstTokenHash, family_id: family.id, created_at: now, expires_at: expiresAt, used_at: null })
          .execute();
        return toFamily(family);
      });
    } catch (error) {
      return playerMustExist(error, playerId);
    }
  }

  /** See `Store.rotateRefreshToken`. */
  async rotate(oldHash: string, newHash: string, newExpiresAt: number, now: number): Promise<RotateResult> {
    return this.#ctx.db.transaction().execute(async (trx): Promise<RotateResult> => {
      // One conditional UPDATE marks the token used. On PostgreSQL a concurrent rotation of the
      // same token blocks on the row, then re-checks `used_at is null` against the committed row
      // and updates nothing: exactly one rotation wins. SQLite runs the transactions one by one.
      const claimed = await trx
        .updateTable('refresh_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', oldHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where('family_id', 'in', (eb) =>
          eb.selectFrom('session_families').select('id').where('revoked_at', 'is', null),
        )
        .returning('family_id')
        .executeTakeFirst();
      if (claimed !== undefined) {
        await trx
          .insertInto('refresh_tokens')
          .values({ token_hash: newHash, family_id: claimed.family_id, created_at: now, expires_at: newExpiresAt, used_at: null })
          .execute();
        const family = await trx
          .selectFrom('session_families')
          .select('player_ref')
          .where('id', '=', claimed.family_id)
          .executeTakeFirstOrThrow();
        return { outcome: 'rotated', familyId: claimed.family_id, playerId: family.player_ref };
      }

      const token = await trx
        .selectFrom('refresh_tokens as t')
        .innerJoin('session_families as f', 'f.id', 't.family_id')
        .select(['t.family_id', 't.used_at', 'f.revoked_at'])
        .where('t.token_hash', '=', oldHash)
        .executeTakeFirst();
      if (token === undefined || token.revoked_at !== null) return { outcome: 'invalid' };
      if (token.used_at !== null) {
        // Reuse, whether late or concurrent: someone else may hold the family's live token.
        await trx
          .updateTable('session_families')
          .set({ revoked_at: now, revoked_reason: REUSE_REVOKED_REASON })
          .where('id', '=', token.family_id)
          .where('revoked_at', 'is', null)
          .execute();
        return { outcome: 'reused', familyId: token.family_id };
      }
      return { outcome: 'invalid' }; // expired
    });
  }

  /** See `Store.revokeSessionFamily`. */
  async revokeFamily(familyId: string, reason: string): Promise<boolean> {
    const result = await this.#ctx.db
      .updateTable('session_families')
      .set({ revoked_at: this.#ctx.now(), revoked_reason: reason })
      .where('id', '=', familyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** See `Store.isSessionFamilyActive`. */
  async isFamilyActive(familyId: string): Promise<boolean> {
    const row = await this.#ctx.db
      .selectFrom('session_families')
      .select('revoked_at')
      .where('id', '=', familyId)
      .executeTakeFirst();
    return row !== undefined && row.revoked_at === null;
  }

  /** See `Store.findSessionFamily`. */
  async findFamily(familyId: string): Promise<SessionFamily | undefined> {
    const row = await this.#ctx.db.selectFrom('session_families').selectAll().where('id', '=', familyId).executeTakeFirst();
    return row && toFamily(row);
  }

  /** See `Store.revokeAllSessions`. */
  async revokeAll(playerId: string, reason: string): Promise<number> {
    const result = await this.#ctx.db
      .updateTable('session_families')
      .set({ revoked_at: this.#ctx.now(), revoked_reason: reason })
      .where('player_ref', '=', playerId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** See `Store.pruneSessions`. */
  async prune(before: number): Promise<{ refreshTokens: number; families: number }> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      const tokens = await trx.deleteFrom('refresh_tokens').where('expires_at', '<', before).executeTakeFirst();
      // A family with no token left can never be used again; a revoked one only answers
      // "invalid" either way once its tokens are gone.
      const families = await trx
        .deleteFrom('session_families')
        .where('created_at', '<', before)
        .where((eb) =>
          eb.or([
            eb('revoked_at', 'is not', null),
            eb.not(eb.exists(eb.selectFrom('refresh_tokens').select('token_hash').whereRef('refresh_tokens.family_id', '=', 'session_families.id'))),
          ]),
        )
        .executeTakeFirst();
      return { refreshTokens: Number(tokens.numDeletedRows), families: Number(families.numDeletedRows) };
    });
  }
}
