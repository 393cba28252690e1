/**
 * Players and their ID history.
 *
 * A Play Games player ID can change (docs/google/oauth.md, 'Next-generation player IDs'): Google then
 * names the old one as `originalPlayerId` (players.get) or `alternate_player_id`
 * (applications.verify). Our own `players.id` never changes; every player ID ever seen is kept in
 * `player_id_history`, and belongs to one player forever.
 *
 * Every player is the `play-games` identity of an account (`account-repository.ts`): a first
 * sign-in creates both, and every read of a player carries its account ID, through the link.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Updateable } from 'kysely';
import { AccountRepository, PLAY_GAMES_PROVIDER } from './account-repository.js';
import type { PlayersTable } from './db-schema.js';
import { namedPlayerIds, signInStatement } from './postgres-sign-in.js';
import { readBoolean, writeBoolean, type Executor, type StoreContext } from './store-context.js';
import { STORE_ERROR_CODES, StoreError, isUniqueViolation } from './store-errors.js';
import type { IdTokenClaims, Player, PlayerIdHistoryEntry, PlayerIdKind, PlayerSignIn } from './store.js';

/** A player's row with the account it is linked to. */
type PlayerRow = Selectable<PlayersTable> & { account_id: string };

/** How often a sign-in is retried after losing a uniqueness race to a concurrent one. */
const SIGN_IN_ATTEMPTS = 3;

function toPlayer(row: PlayerRow): Player {
  return {
    id: row.id,
    accountId: row.account_id,
    applicationId: row.application_id,
    playerId: row.player_id,
    gamePlayerId: row.game_player_id,
    developerPlayerKey: row.developer_player_key,
    displayName: row.display_name,
    avatarImageUrl: row.avatar_image_url,
    title: row.title,
    googleSub: row.google_sub,
    email: row.email,
    emailVerified: readBoolean(row.email_verified),
    name: row.name,
    picture: row.picture,
    givenName: row.given_name,
    familyName: row.family_name,
    locale: row.locale,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** The ID-token columns to write: only the claims present. */
function idTokenColumns(claims: IdTokenClaims | undefined): Updateable<PlayersTable> {
  if (claims === undefined) return {};
  const columns: Updateable<PlayersTable> = { google_sub: claims.sub };
  if (claims.email !== undefined) columns.email = claims.email;
  if (claims.emailVerified !== undefined) columns.email_verified = writeBoolean(claims.emailVerified);
  if (claims.name !== undefined) columns.name = claims.name;
  if (claims.picture !== undefined) columns.picture = claims.picture;
  if (claims.givenName !== undefined) columns.given_name = claims.givenName;
  if (claims.familyName !== undefined) columns.family_name = claims.familyName;
  if (claims.locale !== undefined) columns.locale = claims.locale;
  return columns;
}

/** Players: sign-in upsert with ID remapping, lookups, deletion. */
export class PlayerRepository {
  readonly #ctx: StoreContext;
  readonly #oneStatementSignIn: boolean;

  /**
   * `oneStatementSignIn` (PostgreSQL only, on there by default) tries `postgres-sign-in.ts`
   * before the transaction; `postgres-sign-in.test.ts` turns it off to compare the two paths.
   */
  constructor(ctx: StoreContext, options: { oneStatementSignIn?: boolean } = {}) {
    this.#ctx = ctx;
    this.#oneStatementSignIn = options.oneStatementSignIn ?? ctx.dialect === 'postgres';
  }

  /** See `Store.upsertPlayerOnSignIn`. */
  async upsertOnSignIn(input: PlayerSignIn): Promise<{ player: Player; created: boolean }> {
    const now = input.now ?? this.#ctx.now();
    if (this.#oneStatementSignIn) {
      const signedIn = await this.#signInInOneStatement(input, now);
      if (signedIn !== undefined) return signedIn;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#ctx.db.transaction().execute((trx) => this.#upsertIn(trx, input, now));
      } catch (error) {
        // A concurrent sign-in can win a uniqueness race in the update path (say, two remaps at
        // once): the transaction is aborted, and a fresh attempt sees the winner's row.
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= SIGN_IN_ATTEMPTS) {
          throw new StoreError(
            STORE_ERROR_CODES.CONFLICT,
            'the sign-in conflicts with another player of the application (same ID token subject)',
            { cause: error },
          );
        }
      }
    }
  }

  /**
   * PostgreSQL: a returning player under their current ID, or a new player, in one statement
   * (`postgres-sign-in.ts`). Undefined when it did neither (a remap, a lost race, a `sub` taken
   * by another player): the transactional path then decides, with its retries and errors.
   */
  async #signInInOneStatement(input: PlayerSignIn, now: number): Promise<{ player: Player; created: boolean } | undefined> {
    try {
      const { rows } = await this.#ctx.db.executeQuery(signInStatement(input, now));
      const row = rows[0];
      return row && { player: toPlayer(row), created: row.created };
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  // PostgreSQL's one-statement path (`postgres-sign-in.ts`) restates these column rules in SQL:
  // change both together; `postgres-sign-in.test.ts` compares the rows the two paths store.
  async #upsertIn(trx: Executor, input: PlayerSignIn, now: number): Promise<{ player: Player; created: boolean }> {
    for (let pass = 0; pass < SIGN_IN_ATTEMPTS; pass++) {
      const known = await this.#findForSignIn(trx, input);
      if (known !== undefined && known.player_id !== input.playerId && Number(known.priority) === 2 * namedPlayerIds(input).length) {
        // Found by the ID token's `sub` alone: Google named none of this player's IDs. Only the
        // next-generation ID rules (the original and alternate IDs Google's own answers name)
        // may move a player to another ID; an ID token cannot, since it may belong to another grant.
        throw new StoreError(
          STORE_ERROR_CODES.IDENTITY_MISMATCH,
          'the ID token names the Google account of a stored player whose player IDs Google did not name',
        );
      }
      if (known !== undefined) {
        return { player: await this.#updateOnSignIn(trx, known, input, now), created: false };
      }
      // ON CONFLICT DO NOTHING: when a concurrent first sign-in inserts the same player, PostgreSQL
      // waits for it to commit and inserts nothing; the next pass (a new snapshot under READ
      // COMMITTED) finds that row. SQLite serialises the transactions, so it never gets here twice.
      const inserted = await trx
        .insertInto('players')
        .values({
          id: randomUUID(),
          application_id: input.applicationId,
          player_id: input.playerId,
          game_player_id: input.gamePlayerId ?? null,
          developer_player_key: input.developerPlayerKey ?? null,
          display_name: input.displayName,
          avatar_image_url: input.avatarImageUrl ?? null,
          title: input.title ?? null,
          google_sub: null,
          email: null,
          email_verified: null,
          name: null,
          picture: null,
          given_name: null,
          family_name: null,
          locale: null,
          ...idTokenColumns(input.idToken),
          created_at: now,
          updated_at: now,
          last_sign_in_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) {
        const accountId = await AccountRepository.createForPlayer(trx, inserted.id, now);
        await this.#recordPlayerIds(trx, inserted.id, input, now, undefined);
        return { player: toPlayer({ ...inserted, account_id: accountId }), created: true };
      }
    }
    throw new StoreError(STORE_ERROR_CODES.CONFLICT, 'the sign-in kept colliding with concurrent sign-ins');
  }

  /**
   * The player this sign-in belongs to: by the new player ID, then the original and alternate
   * IDs Google named (current or in history), then the ID token's `sub` (same Google account;
   * `#upsertIn` refuses a player found by it alone). One query: each way of finding the player is a branch with its priority, the best one wins.
   */
  async #findForSignIn(trx: Executor, input: PlayerSignIn): Promise<(PlayerRow & { priority: number }) | undefined> {
    const app = input.applicationId;
    const named = namedPlayerIds(input);
    const branches = [sql`select p.*, 0 as priority from players p where p.application_id = ${app} and p.player_id = ${input.playerId}`];
    named.forEach(([playerId], i) => {
      // The current ID's own row is branch 0 already.
      if (i > 0) {
        branches.push(
          sql`select p.*, ${sql.lit(2 * i)} as priority from players p where p.application_id = ${app} and p.player_id = ${playerId}`,
        );
      }
      branches.push(
        sql`select p.*, ${sql.lit(2 * i + 1)} as priority from player_id_history h join players p on p.id = h.player_ref
            where h.application_id = ${app} and h.player_id = ${playerId}`,
      );
    });
    if (input.idToken !== undefined) {
      branches.push(
        sql`select p.*, ${sql.lit(2 * named.length)} as priority from players p where p.application_id = ${app} and p.google_sub = ${input.idToken.sub}`,
      );
    }
    // The best branch's player, with its account.
    const { rows } = await sql<PlayerRow & { priority: number }>`select found.*, i.account_ref as account_id
      from (${sql.join(branches, sql` union all `)} order by priority limit 1) found
      join account_identities i on i.player_ref = found.id`.execute(trx);
    return rows[0];
  }

  async #updateOnSignIn(trx: Executor, known: PlayerRow, input: PlayerSignIn, now: number): Promise<Player> {
    const updated = await trx
      .updateTable('players')
      .set({
        player_id: input.playerId,
        // Profile fields mirror Google's latest answer, absent ones included.
        display_name: input.displayName,
        avatar_image_url: input.avatarImageUrl ?? null,
        title: input.title ?? null,
        // Scoped IDs are stable; a sign-in that did not fetch them keeps the stored ones.
        ...(input.gamePlayerId !== undefined ? { game_player_id: input.gamePlayerId } : {}),
        ...(input.developerPlayerKey !== undefined ? { developer_player_key: input.developerPlayerKey } : {}),
        ...idTokenColumns(input.idToken),
        updated_at: now,
        last_sign_in_at: now,
      })
      .where('id', '=', known.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const movedFrom = known.player_id !== input.playerId ? known.player_id : undefined;
    // A returning player under the ID they hold, with no other ID named: their history has that
    // ID as `current` already (every write of `players.player_id` records it in the same
    // transaction), so the INSERT would change nothing; it is one statement of four saved.
    if (movedFrom === undefined && namedPlayerIds(input).length === 1) {
      return toPlayer({ ...updated, account_id: known.account_id });
    }
    await this.#recordPlayerIds(trx, known.id, input, now, movedFrom);
    return toPlayer({ ...updated, account_id: known.account_id });
  }

  async #recordPlayerIds(
    trx: Executor,
    playerRef: string,
    input: PlayerSignIn,
    now: number,
    movedFrom: string | undefined,
  ): Promise<void> {
    const app = input.applicationId;
    if (movedFrom !== undefined) {
      await trx
        .updateTable('player_id_history')
        .set({ kind: 'previous' satisfies PlayerIdKind })
        .where('application_id', '=', app)
        .where('player_id', '=', movedFrom)
        .where('player_ref', '=', playerRef)
        .execute();
    }
    // Every ID in one INSERT. An ID already recorded keeps its row and its player (an ID belongs
    // to one player forever); for this player, the current ID becomes `current`, and Google naming
    // an ID "original" says more than our "previous". Other kinds stay.
    await trx
      .insertInto('player_id_history')
      .values(
        namedPlayerIds(input).map(([playerId, kind]) => ({
          application_id: app,
          player_id: playerId,
          player_ref: playerRef,
          kind,
          first_seen_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['application_id', 'player_id'])
          .doUpdateSet({ kind: (eb) => eb.ref('excluded.kind') })
          .where('player_id_history.player_ref', '=', (eb) => eb.ref('excluded.player_ref'))
          .where((eb) =>
            eb.or([
              eb.and([eb('excluded.kind', '=', 'current'), eb('player_id_history.kind', '<>', 'current')]),
              eb.and([eb('excluded.kind', '=', 'original'), eb('player_id_history.kind', '=', 'previous')]),
            ]),
          ),
      )
      .execute();
  }

  /** Players with their account (every player has one: the link is made with the player). */
  #players(db: Executor = this.#ctx.db) {
    return db
      .selectFrom('players as p')
      .innerJoin('account_identities as i', (join) => join.onRef('i.player_ref', '=', 'p.id').on('i.provider', '=', PLAY_GAMES_PROVIDER))
      .selectAll('p')
      .select('i.account_ref as account_id');
  }

  async #findByAnyPlayerId(db: Executor, applicationId: string, playerId: string): Promise<PlayerRow | undefined> {
    const current = await this.#players(db)
      .where('p.application_id', '=', applicationId)
      .where('p.player_id', '=', playerId)
      .executeTakeFirst();
    if (current !== undefined) return current;
    return this.#players(db)
      .innerJoin('player_id_history as h', 'h.player_ref', 'p.id')
      .where('h.application_id', '=', applicationId)
      .where('h.player_id', '=', playerId)
      .executeTakeFirst();
  }

  /** See `Store.findPlayer`. */
  async find(id: string): Promise<Player | undefined> {
    const row = await this.#players().where('p.id', '=', id).executeTakeFirst();
    return row && toPlayer(row);
  }

  /** See `Store.findPlayers`. */
  async findMany(ids: readonly string[]): Promise<Player[]> {
    if (ids.length === 0) return [];
    const rows = await this.#players().where('p.id', 'in', [...new Set(ids)]).execute();
    return rows.map(toPlayer);
  }

  /** See `Store.findPlayerByPlayerId`. */
  async findByPlayerId(applicationId: string, anyKnownPlayerId: string): Promise<Player | undefined> {
    const row = await this.#findByAnyPlayerId(this.#ctx.db, applicationId, anyKnownPlayerId);
    return row && toPlayer(row);
  }

  /** See `Store.findPlayerByGoogleSub`. */
  async findByGoogleSub(applicationId: string, sub: string): Promise<Player | undefined> {
    const row = await this.#players()
      .where('p.application_id', '=', applicationId)
      .where('p.google_sub', '=', sub)
      .executeTakeFirst();
    return row && toPlayer(row);
  }

  /** See `Store.listPlayerIdHistory`. */
  async listIdHistory(id: string): Promise<PlayerIdHistoryEntry[]> {
    const rows = await this.#ctx.db
      .selectFrom('player_id_history')
      .select(['application_id', 'player_id', 'kind', 'first_seen_at'])
      .where('player_ref', '=', id)
      .orderBy('first_seen_at')
      .orderBy('player_id')
      .execute();
    return rows.map((r) => ({
      applicationId: r.application_id,
      playerId: r.player_id,
      kind: r.kind as PlayerIdKind,
      firstSeenAt: r.first_seen_at,
    }));
  }

  /**
   * See `Store.deletePlayer`. One transaction: the account goes first when the player is its
   * last identity, then the player, from which every player-owned table cascades (the account
   * link, grant, ID history, session families and their refresh tokens, achievement writes,
   * idempotency records).
   */
  async delete(id: string): Promise<boolean> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      await AccountRepository.deleteIfLastIdentity(trx, id);
      const result = await trx.deleteFrom('players').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  /** See `Store.searchPlayers`. */
  async search(query: string, limit: number): Promise<Player[]> {
    const text = query.trim();
    let rows = this.#players();
    if (text !== '') {
      // LIKE with its wildcards escaped, so that "50%" finds "50%" and not everything.
      const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      rows = rows.where((eb) =>
        eb.or([
          sql<boolean>`lower(p.display_name) like ${pattern} escape '\\'`,
          eb('p.id', '=', text),
          eb('p.player_id', '=', text),
          eb('i.account_ref', '=', text),
          eb('p.google_sub', '=', text),
          eb('p.email', '=', text),
          eb.exists(eb.selectFrom('player_id_history as h').select('h.player_ref').whereRef('h.player_ref', '=', 'p.id').where('h.player_id', '=', text)),
        ]),
      );
    }
    const found = await rows.orderBy('p.last_sign_in_at', 'desc').orderBy('p.id').limit(Math.max(0, Math.floor(limit))).execute();
    return found.map(toPlayer);
  }

  /** See `Store.countPlayers`. */
  async count(): Promise<number> {
    const row = await this.#ctx.db
      .selectFrom('players')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
