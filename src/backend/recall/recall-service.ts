/**
 * Accounts linked with Google's Recall API (docs/google/recall.md), so that a new device restores
 * the same account. Three operations, the policy for conflicting links written in README.md here:
 * - `link`: after a Play Games sign-in, link the device's Recall session to the player's account
 *   (`CREATE_NEW_LINK`: the sign-in wins over older links), and remember the link in the store;
 * - `restore`: on a new device, read the tokens Google holds for its Recall session, open the first
 *   that names an account still linked here, and open a session for that account's player;
 * - `unlinkAccount`: before the account's player is deleted, remove every link of its persona at
 *   Google (`resetPersona`), then from the store.
 * Google failures are answered by `recallFailure`; nothing here writes statuses.
 */
import type { RecallClient } from '../../google/recall-client.js';
import { STORE_ERROR_CODES, StoreError } from '../../store/store-errors.js';
import type { Player, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import type { SessionBody, SessionService } from '../sessions/session-service.js';
import { recallFailure } from './recall-failure.js';
import type { RecallValues } from './recall-values.js';

export interface RecallServiceDeps {
  store: Pick<Store, 'linkIdentity' | 'unlinkIdentity' | 'listAccountIdentities' | 'findAccountByIdentity' | 'findPlayer'>;
  /** Unset: no service account is configured, and the Recall routes answer RECALL_NOT_CONFIGURED. */
  recall: Pick<RecallClient, 'linkPersona' | 'resetPersona' | 'retrieveTokens'> | undefined;
  sessions: Pick<SessionService, 'open'>;
  values: RecallValues;
}

/** What `restore` hands the game. */
export interface RestoredAccount {
  player: Player;
  session: SessionBody;
  accountId: string;
}

export class RecallService {
  readonly #deps: RecallServiceDeps;

  constructor(deps: RecallServiceDeps) {
    this.#deps = deps;
  }

  /** Whether a service account is configured (else the Recall calls refuse with RECALL_NOT_CONFIGURED). */
  get configured(): boolean {
    return this.#deps.recall !== undefined;
  }

  /** RECALL_NOT_CONFIGURED unless a service account is configured. */
  requireConfigured(): void {
    if (!this.configured) throw new ApiError('RECALL_NOT_CONFIGURED', { detail: 'PGS_SERVICE_ACCOUNT_FILE is not set' });
  }

  /** Links the Recall session's player to the account at Google, then remembers it. */
  async link(accountId: string, recallSessionId: string): Promise<void> {
    const recall = this.#client();
    const persona = this.#deps.values.persona(accountId);
    try {
      await recall.linkPersona({ sessionId: recallSessionId, persona, token: this.#deps.values.token(accountId), policy: 'CREATE_NEW_LINK' });
    } catch (error) {
      throw recallFailure(error);
    }
    await this.#remember(accountId, persona);
  }

  /** Records the link (once: a second link of the same account, even a concurrent one, is the same record). */
  async #remember(accountId: string, persona: string): Promise<void> {
    if ((await this.#deps.store.findAccountByIdentity('recall', persona))?.id === accountId) return;
    try {
      await this.#deps.store.linkIdentity(accountId, 'recall', persona);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (error.code === STORE_ERROR_CODES.ACCOUNT_NOT_FOUND) throw new ApiError('PLAYER_NOT_FOUND', { detail: 'the account was deleted while it was being linked' });
      if (error.code !== STORE_ERROR_CODES.CONFLICT || (await this.#deps.store.findAccountByIdentity('recall', persona))?.id !== accountId) throw error;
    }
  }

  /** The account Google's links name for this Recall session, with a new session; RECALL_NOT_LINKED when none. */
  async restore(recallSessionId: string): Promise<RestoredAccount> {
    const recall = this.#client();
    let tokens;
    try {
      tokens = await recall.retrieveTokens(recallSessionId);
    } catch (error) {
      throw recallFailure(error);
    }
    for (const { token } of tokens) {
      const player = await this.#linkedPlayer(this.#deps.values.accountOf(token));
      if (!player) continue;
      const session = await this.#deps.sessions.open(player.id, player.accountId);
      return { player, session, accountId: player.accountId };
    }
    throw new ApiError('RECALL_NOT_LINKED', { detail: `Google holds ${tokens.length} token(s) for the session, none of a linked account` });
  }

  /**
   * Removes the account's Recall links, at Google first (every player its persona is linked to),
   * then in the store. With no service account configured only the store's record goes.
   */
  async unlinkAccount(accountId: string): Promise<void> {
    const links = (await this.#deps.store.listAccountIdentities(accountId)).filter((identity) => identity.provider === 'recall');
    for (const link of links) {
      if (this.#deps.recall) {
        try {
          await this.#deps.recall.resetPersona(link.subject);
        } catch (error) {
          throw recallFailure(error, { withSession: false });
        }
      }
      await this.#deps.store.unlinkIdentity(accountId, 'recall', link.subject);
    }
  }

  /** The player of an account that is still linked with Recall here (a token of a deleted or unlinked account names nobody). */
  async #linkedPlayer(accountId: string | undefined): Promise<Player | undefined> {
    if (accountId === undefined) return undefined;
    const identities = await this.#deps.store.listAccountIdentities(accountId);
    const persona = this.#deps.values.persona(accountId);
    if (!identities.some((identity) => identity.provider === 'recall' && identity.subject === persona)) return undefined;
    const playGames = identities.find((identity) => identity.provider === 'play-games');
    return playGames && (await this.#deps.store.findPlayer(playGames.subject));
  }

  #client(): NonNullable<RecallServiceDeps['recall']> {
    this.requireConfigured();
    return this.#deps.recall!;
  }
}
