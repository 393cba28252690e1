/**
 * The backend's own sessions: a family per sign-in, and its refresh tokens, stored only as hashes.
 * Every use rotates the token; presenting a used one again revokes the whole family (refresh
 * token reuse detection, RFC 9700 §4.14.2).
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, type Selectable } from 'kysely';
import type { SessionFamiliesTable } from './db-schema.js';
import type { StoreContext } from './store-context.js';
import { playerMustExist } from './store-errors.js';
import type { RotateResult, SessionFamily } from './store.js';

/** The reason recorded on a family revoked because one of its tokens was presented twice. */
export const REUSE_REVOKED_REASON = 'refresh_token_reused';

type FamilyRow = Selectable<SessionFamiliesTable>;

/**
 * PostgreSQL: the family and its first refresh token, in one statement (a data-modifying CTE),
 * run as a prepared statement (`postgres-prepared-statements.ts`: hence no `*`).
 */
const CREATE_FAMILY_SQL = `/* prepared: pgs_create_session_family */
with family as (
  insert into session_families (id, player_ref, created_at, revoked_at, revoked_reason)
  values ($1::text, $2::text, $3::bigint, null, null)
  returning id, player_ref, created_at, revoked_at, revoked_reason
),
token as (
  insert into refresh_tokens (token_hash, family_id, created_at, expires_at, used_at)
  select $4::text, family.id, $3::bigint, $5::bigint, null from family
)
select id, player_ref, created_at, revoked_at, revoked_reason from family`;

function toFamily(row: FamilyRow): SessionFamily {
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
    const id = randomUUID();
    try {
      if (this.#ctx.dialect === 'postgres') {
        // One statement is atomic by itself: one round trip instead of BEGIN, two INSERTs, COMMIT.
        // The token's foreign key is checked at the end of the statement, when the family exists.
        const { rows } = await this.#ctx.db.executeQuery<FamilyRow>(
          CompiledQuery.raw(CREATE_FAMILY_SQL, [id, playerId, now, firstTokenHash, expiresAt]),
        );
        const row = rows[0];
        if (row === undefined) throw new Error('creating a session family returned no row');
        return toFamily(row);
      }
      return await this.#ctx.db.transaction().execute(async (trx) => {
        const family = await trx
          .insertInto('session_families')
          .values({ id, player_ref: playerId, created_at: now, revoked_at: null, revoked_reason: null })
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
  async rotate(oldHash: string, newHash: string, newExpiresAt: number, now: number, reuseGraceMs = 0): Promise<RotateResult> {
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
      // The player and their account, for the new access token.
      const rotated = async (familyId: string, repeated: boolean): Promise<RotateResult> => {
        const family = await trx
          .selectFrom('session_families as f')
          .innerJoin('account_identities as i', 'i.player_ref', 'f.player_ref')
          .select(['f.player_ref', 'i.account_ref'])
          .where('f.id', '=', familyId)
          .executeTakeFirstOrThrow();
        return { outcome: 'rotated', familyId, playerId: family.player_ref, accountId: family.account_ref, ...(repeated ? { repeated } : {}) };
      };
      if (claimed !== undefined) {
        await trx
          .insertInto('refresh_tokens')
          .values({ token_hash: newHash, family_id: claimed.family_id, created_at: now, expires_at: newExpiresAt, used_at: null })
          .execute();
        return rotated(claimed.family_id, false);
      }

      const token = await trx
        .selectFrom('refresh_tokens as t')
        .innerJoin('session_families as f', 'f.id', 't.family_id')
        .select(['t.family_id', 't.used_at', 'f.revoked_at'])
        .where('t.token_hash', '=', oldHash)
        .executeTakeFirst();
      if (token === undefined || token.revoked_at !== null) return { outcome: 'invalid' };
      // `reuseGraceMs > 0` first: a concurrent request whose clock was read before the winner's
      // comes here with `now` earlier than `used_at`, and a negative age must not pass for
      // "within no grace" (with the grace off, that second request is reuse).
      if (token.used_at !== null && reuseGraceMs > 0 && now - token.used_at < reuseGraceMs) {
        // Within the grace: the same rotation asked again, if its successor is the very token
        // asked for (derived from this one) and nobody has used that yet. A later rotation in
        // the family means the token is two steps old: that is reuse, grace or not.
        const successor = await trx
          .selectFrom('refresh_tokens')
          .select('token_hash')
          .where('token_hash', '=', newHash)
          .where('family_id', '=', token.family_id)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (successor !== undefined) return rotated(token.family_id, true);
      }
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

  /** See `Store.listSessionFamilies`. */
  async listForPlayer(playerId: string, limit: number): Promise<SessionFamily[]> {
    const rows = await this.#ctx.db
      .selectFrom('session_families')
      .selectAll()
      .where('player_ref', '=', playerId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows.map(toFamily);
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
