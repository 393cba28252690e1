/**
 * The signed-in player: who they are, and the deletion of everything the backend holds for them.
 * Deleting revokes at Google every token held for the player first (refresh and access: the access
 * token may come from a later code exchange, a grant of its own); if Google cannot be reached,
 * nothing is deleted, so that a retry can finish the job.
 */
import type { OAuthClient } from '../../google/oauth-client.js';
import type { Player, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle, classifyGoogleFailure } from '../google-failures.js';
import type { TokenVault } from '../vault/token-vault.js';

export interface PlayerServiceDeps {
  store: Pick<Store, 'findPlayer' | 'deletePlayer'>;
  vault: Pick<TokenVault, 'revocableTokens'>;
  oauth: Pick<OAuthClient, 'revoke'>;
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

  /** Revokes the player's Google grants, then deletes the player with everything held for them. */
  async delete(playerId: string): Promise<void> {
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
