/**
 * Reads a player's achievements: definitions from the cache, the player's state from
 * `achievements.list` (all pages), their pending writes from the store. A warm read is one
 * Google call (issue 4 §1).
 */
import type { Store } from '../../store/store.js';
import type { TokenVault } from '../token-vault.js';
import type { DefinitionsCache, DefinitionsSnapshot } from './definitions-cache.js';
import type { AchievementGames } from './google-port.js';
import { apiErrorFromGoogle, isTokenRefused, withPlayerToken } from './player-token.js';
import { buildAchievementItems, type AchievementItem } from './read-model.js';

export interface AchievementReaderDeps {
  store: Pick<Store, 'pendingWritesForPlayer'>;
  games: Pick<AchievementGames, 'listAllPlayerAchievements'>;
  vault: Pick<TokenVault, 'getAccessToken'>;
  definitions: DefinitionsCache;
  applicationId: string;
  revealHiddenDetails: boolean;
  now: () => number;
}

/** The read side of the achievement module. */
export class AchievementReader {
  readonly #deps: AchievementReaderDeps;

  constructor(deps: AchievementReaderDeps) {
    this.#deps = deps;
  }

  /**
   * The game's definitions, fetched with this player's token only when the cache is cold. Errors
   * are the registry's: REAUTH_REQUIRED, GOOGLE_UNAVAILABLE (with Retry-After)…
   */
  async definitions(playerId: string, language?: string): Promise<DefinitionsSnapshot> {
    const key = { applicationId: this.#deps.applicationId, language };
    const { vault, definitions } = this.#deps;
    try {
      try {
        return await definitions.get(key, () => vault.getAccessToken(playerId));
      } catch (error) {
        if (!isTokenRefused(error)) throw error;
        return await definitions.get(key, () => vault.getAccessToken(playerId, { forceRefresh: true }));
      }
    } catch (error) {
      throw apiErrorFromGoogle(error);
    }
  }

  /** Every achievement of the game with the player's state and pending writes (contracts §4). */
  async list(playerId: string, language?: string): Promise<AchievementItem[]> {
    const { store, games, vault, definitions, applicationId, revealHiddenDetails } = this.#deps;
    const key = { applicationId, language };
    const startedAt = this.#deps.now();
    const pendingWrites = store.pendingWritesForPlayer(playerId);
    // Keep a rejection of the store read from going unhandled while Google is being called.
    pendingWrites.catch(() => undefined);
    let google;
    try {
      google = await withPlayerToken(vault, playerId, (token) =>
        Promise.all([
          definitions.get(key, () => Promise.resolve(token)),
          games.listAllPlayerAchievements(token, 'me', language === undefined ? {} : { language }),
        ]),
      );
    } catch (error) {
      throw apiErrorFromGoogle(error);
    }
    let [snapshot] = google;
    const [, states] = google;
    if (states.some((s) => !snapshot.byId.has(s.id))) {
      // The player sees an achievement the cached definitions lack: newly published, or a draft
      // shown to a tester while the cache was filled by another player. Refresh once with this
      // player's token, unless someone refreshed since this read began (concurrent reads share).
      try {
        const maxAgeMs = Math.max(0, this.#deps.now() - startedAt);
        snapshot = await definitions.get(key, () => vault.getAccessToken(playerId), { maxAgeMs });
      } catch {
        // Keep the copy we have; the unknown achievement is left out of this answer.
      }
    }
    return buildAchievementItems(snapshot.list, states, await pendingWrites, { revealHiddenDetails });
  }
}
