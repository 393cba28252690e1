/**
 * Accounts and the identities linked to them.
 *
 * A first sign-in creates the player's account and its `play-games` link together with the
 * player (`player-repository.ts`, `postgres-sign-in.ts`); this repository reads accounts and
 * links and unlinks the other identities. An account always keeps at least one identity: the
 * last one cannot be unlinked, and the account is deleted with its last player.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { AccountIdentitiesTable, AccountsTable } from './db-schema.js';
import type { Executor, StoreContext } from './store-context.js';
import { STORE_ERROR_CODES, StoreError, isForeignKeyViolation, isUniqueViolation } from './store-errors.js';
import type { Account, AccountIdentity, IdentityProvider } from './store.js';

/**
 * A new account ID: `acc_` and 128 random bits in hex. Random, not derived from any Google ID,
 * so that it outlives every identity (a player-ID remap, an unlinked Play Games player) and can
 * be handed to Google as the account's name in a Recall link without telling Google anything.
 * The prefix keeps it from being mistaken for a player ID (ours are UUIDs, Google's are digits)
 * in logs and support requests. Migration 0005 builds the same form in SQL.
 */
export function newAccountId(): string {
  return `acc_${randomBytes(16).toString('hex')}`;
}

/** The shape `newAccountId` gives, for tests and validation. */
export const ACCOUNT_ID_SHAPE = /^acc_[0-9a-f]{32}$/;

/** The provider of an identity that is a Play Games player of the application. */
export const PLAY_GAMES_PROVIDER = 'play-games' satisfies IdentityProvider;

function toAccount(row: Selectable<AccountsTable>): Account {
  return { id: row.id, createdAt: row.created_at };
}

function toIdentity(row: Selectable<AccountIdentitiesTable>): AccountIdentity {
  return { accountId: row.account_ref, provider: row.provider as IdentityProvider, subject: row.subject, linkedAt: row.linked_at };
}

/** Refuses `play-games`: those links are made by sign-in and leave with their player. */
function assertNotPlayGames(provider: IdentityProvider, what: string): void {
  if (provider === PLAY_GAMES_PROVIDER) {
    throw new StoreError(STORE_ERROR_CODES.INVALID_ARGUMENT, `a play-games identity is not ${what} directly: it comes and goes with its player`);
  }
}

/** Accounts and their identity links. */
export class AccountRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a new account with the player as its `play-games` identity, inside the caller's
   * sign-in transaction (PostgreSQL's one-statement sign-in does the same in SQL).
   */
  static async createForPlayer(trx: Executor, playerId: string, now: number): Promise<string> {
    const accountId = newAccountId();
    await trx.insertInto('accounts').values({ id: accountId, created_at: now }).execute();
    await trx
      .insertInto('account_identities')
      .values({ provider: PLAY_GAMES_PROVIDER, subject: playerId, account_ref: accountId, player_ref: playerId, linked_at: now })
      .execute();
    return accountId;
  }

  /**
   * Deletes the player's account when the player is its last identity, inside the caller's
   * deletion transaction and before the player goes (the link, found through `player_ref`,
   * cascades with either).
   */
  static async deleteIfLastIdentity(trx: Executor, playerId: string): Promise<void> {
    await trx
      .deleteFrom('accounts')
      .where('id', 'in', (eb) => eb.selectFrom('account_identities').select('account_ref').where('player_ref', '=', playerId))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('account_identities as other')
              .select('other.subject')
              .whereRef('other.account_ref', '=', 'accounts.id')
              .where((o) => o.or([o('other.player_ref', 'is', null), o('other.player_ref', '<>', playerId)])),
          ),
        ),
      )
      .execute();
  }

  /** See `Store.findAccount`. */
  async find(accountId: string): Promise<Account | undefined> {
    const row = await this.#ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    return row && toAccount(row);
  }

  /** See `Store.findAccountByIdentity`. */
  async findByIdentity(provider: IdentityProvider, subject: string): Promise<Account | undefined> {
    const row = await this.#ctx.db
      .selectFrom('account_identities as i')
      .innerJoin('accounts as a', 'a.id', 'i.account_ref')
      .selectAll('a')
      .where('i.provider', '=', provider)
      .where('i.subject', '=', subject)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  /** See `Store.listAccountIdentities`. */
  async listIdentities(accountId: string): Promise<AccountIdentity[]> {
    const rows = await this.#ctx.db
      .selectFrom('account_identities')
      .selectAll()
      .where('account_ref', '=', accountId)
      .orderBy('linked_at')
      .orderBy('provider')
      .orderBy('subject')
      .execute();
    return rows.map(toIdentity);
  }

  /** See `Store.linkIdentity`. */
  async link(accountId: string, provider: IdentityProvider, subject: string): Promise<AccountIdentity> {
    assertNotPlayGames(provider, 'linked');
    try {
      const row = await this.#ctx.db
        .insertInto('account_identities')
        .values({ provider, subject, account_ref: accountId, player_ref: null, linked_at: this.#ctx.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toIdentity(row);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new StoreError(STORE_ERROR_CODES.ACCOUNT_NOT_FOUND, `no account with id ${accountId}`, { cause: error });
      }
      if (isUniqueViolation(error)) {
        throw new StoreError(STORE_ERROR_CODES.CONFLICT, `the ${provider} identity is linked to an account already`, { cause: error });
      }
      throw error;
    }
  }

  /** See `Store.unlinkIdentity`. */
  async unlink(accountId: string, provider: IdentityProvider, subject: string): Promise<boolean> {
    assertNotPlayGames(provider, 'unlinked');
    return this.#ctx.db.transaction().execute(async (trx) => {
      // PostgreSQL: the account's row lock serialises its unlinks, so that two concurrent ones
      // (of its two last identities) cannot both see the other still linked. SQLite runs write
      // transactions one at a time.
      if (this.#ctx.dialect === 'postgres') {
        await sql`select id from accounts where id = ${accountId} for update`.execute(trx);
      }
      const identities = await trx
        .selectFrom('account_identities')
        .select(['provider', 'subject'])
        .where('account_ref', '=', accountId)
        .execute();
      if (!identities.some((i) => i.provider === provider && i.subject === subject)) return false;
      if (identities.length === 1) {
        throw new StoreError(STORE_ERROR_CODES.LAST_IDENTITY, `the ${provider} identity is the account's last one`);
      }
      await trx
        .deleteFrom('account_identities')
        .where('account_ref', '=', accountId)
        .where('provider', '=', provider)
        .where('subject', '=', subject)
        .execute();
      return true;
    });
  }

  /** See `Store.deleteAccount`: its players first (everything of theirs cascades), then the account and its links. */
  async delete(accountId: string): Promise<boolean> {
    return this.#ctx.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('players')
        .where('id', 'in', (eb) =>
          eb.selectFrom('account_identities').select('player_ref').where('account_ref', '=', accountId).where('player_ref', 'is not', null),
        )
        .execute();
      const result = await trx.deleteFrom('accounts').where('id', '=', accountId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  /** See `Store.countAccounts`. */
  async count(): Promise<number> {
    const row = await this.#ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
