/**
 * Hiding a cheater: the Games Management API's `players.hide` / `players.unhide`
 * (https://developers.google.com/games/services/management/api/players/hide), which take the
 * token of a Play Console account of the game. The backend holds one once the game's developer
 * has signed in to the game with that account; the operator names it per request
 * (`moderatorPlayerId`) or once (`PGS_LEADERBOARD_MODERATOR`). Google keeps the hidden player's
 * scores, drops them from every public and friends list, and says unhiding may take a day to show.
 * The cached top pages are dropped so this process shows the change at the next read.
 */
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { TokenVault } from '../vault/token-vault.js';
import type { LeaderboardManagement } from './google-port.js';

export interface ModerationDeps {
  store: Pick<Store, 'findPlayerByPlayerId'>;
  management: LeaderboardManagement;
  vault: Pick<TokenVault, 'withAccessToken'>;
  applicationId: string;
  defaultModerator: string | undefined;
  /** Told after a change, so that cached pages go. */
  onChanged: () => void;
}

export interface ModerationAnswer {
  /** The Play Games ID Google was told about (the player's current one when the server knows them). */
  playerId: string;
  hidden: boolean;
}

/** Hides and unhides players on the game's leaderboards. */
export class ModerationService {
  readonly #deps: ModerationDeps;

  constructor(deps: ModerationDeps) {
    this.#deps = deps;
  }

  hide(playerId: string, moderatorPlayerId?: string): Promise<ModerationAnswer> {
    return this.#change(playerId, moderatorPlayerId, true);
  }

  unhide(playerId: string, moderatorPlayerId?: string): Promise<ModerationAnswer> {
    return this.#change(playerId, moderatorPlayerId, false);
  }

  async #change(anyPlayerId: string, moderatorPlayerId: string | undefined, hidden: boolean): Promise<ModerationAnswer> {
    const { store, management, vault, applicationId } = this.#deps;
    const named = moderatorPlayerId ?? this.#deps.defaultModerator;
    if (named === undefined) throw new ApiError('MODERATOR_REQUIRED');
    const moderator = await store.findPlayerByPlayerId(applicationId, named);
    if (!moderator) {
      throw new ApiError('MODERATOR_REQUIRED', { message: `No player with Play Games ID ${named} has signed in to this server; the moderator must sign in to the game once.` });
    }
    // A player the server knows is named by their current ID; anyone else as given (Google knows them).
    const target = (await store.findPlayerByPlayerId(applicationId, anyPlayerId))?.playerId ?? anyPlayerId;
    try {
      await vault.withAccessToken(moderator.id, (token) =>
        hidden ? management.hidePlayer(token, applicationId, target) : management.unhidePlayer(token, applicationId, target),
      );
    } catch (error) {
      throw apiErrorForGoogle(error, { refusedByStatus: { 403: 'NOT_A_DEVELOPER', 404: 'PLAYER_NOT_FOUND' } });
    }
    this.#deps.onChanged();
    return { playerId: target, hidden };
  }
}
