/**
 * The signed-in player: who they are, and the deletion of everything the backend holds for them.
 * Deleting first removes the account's Recall links at Google (so no new device restores it),
 * then revokes at Google every token held for the player (refresh and access: the access token
 * may come from a later code exchange, a grant of its own); if Google cannot be reached, the
 * player is not deleted, so that a retry can finish the job.
 */
import type { OAuthClient } from '../../google/oauth-client.js';
import type { Player, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle, classifyGoogleFailure } from '../google-failures.js';
import type { RecallService } from '../recall/recall-service.js';
import type { TokenVault } from '../vault/token-vault.js';

export interface PlayerServiceDeps {
  store: Pick<Store, 'findPlayer' | 'deletePlayer'>;
  vault: Pick<TokenVault, 'revocableTokens'>;
  oauth: Pick<OAuthClient, 'revoke'>;
  /** Unlinks the account from Recall before its player goes; absent in tests that do not need it. */
  recall?: Pick<RecallService, 'unlinkAccount'>;
}

export class PlayerService {
  readonly #deps: PlayerServiceDeps;

  constructor(deps: PlayerServiceDeps) {
    this.#deps = deps;
  }

  /** The player, or PLAYER_NOT_FOUND when they were deleted meanwhile. */
  async get(playerId: string): Promise<Player> {
    const player = await this.#deps.store.findPlayer(playerId);
    if (!player) throw new ApiError('PLAYER_NOT_FOUND');
    return player;
  }

  /** Unlinks the account from Recall, revokes the player's Google grants, then deletes the player with everything held for them. */
  async delete(playerId: string): Promise<void> {
    const player = await this.#deps.store.findPlayer(playerId);
    if (!player) throw new ApiError('PLAYER_NOT_FOUND');
    await this.#deps.recall?.unlinkAccount(player.accountId);
    const tokens = await this.#deps.vault.revocableTokens(playerId);
    try {
      // A token Google already considers dead resolves too: its grant is gone either way.
      await Promise.all(tokens.map((token) => this.#deps.oauth.revoke(token)));
    } catch (error) {
      throw classifyGoogleFailure(error).kind === 'unavailable' ? apiErrorForGoogle(error) : error;
    }
    if (!(await this.#deps.store.deletePlayer(playerId))) throw new ApiError('PLAYER_NOT_FOUND');
  }
}
