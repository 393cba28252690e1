/**
 * Reads a player's achievements: definitions from the cache, the player's state from
 * `achievements.list` (all pages), their pending writes from the store. A warm read costs one
 * Google call: the definitions come from the cache, so only the player's own state is asked for.
 */
import type { Store } from '../../store/store.js';
import type { TokenVault } from '../vault/token-vault.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { DefinitionsCache, DefinitionsKey, DefinitionsSnapshot } from './definitions-cache.js';
import type { AchievementGames } from './google-port.js';
import { buildAchievementItems, type AchievementItem } from './read-model.js';

export interface AchievementReaderDeps {
  store: Pick<Store, 'pendingWritesForPlayer'>;
  games: Pick<AchievementGames, 'listAllPlayerAchievements'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
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
   * The game's definitions, fetched with this player's token only when the cache is cold, or
   * when it lacks one of `including` (see `#withAll`). Errors are the registry's:
   * REAUTH_REQUIRED, GOOGLE_UNAVAILABLE (with Retry-After)…
   */
  async definitions(playerId: string, options: { language?: string; including?: readonly string[] } = {}): Promise<DefinitionsSnapshot> {
    const key = { applicationId: this.#deps.applicationId, language: options.language };
    const startedAt = this.#deps.now();
    let snapshot;
    try {
      snapshot = await this.#cached(playerId, key);
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    return this.#withAll(playerId, key.language, snapshot, options.including ?? [], startedAt);
  }

  /** Every achievement of the game with the player's state and pending writes (docs/API.md). */
  async list(playerId: string, language?: string): Promise<AchievementItem[]> {
    const { store, games, vault, definitions, applicationId, revealHiddenDetails } = this.#deps;
    const key = { applicationId, language };
    const startedAt = this.#deps.now();
    const pendingWrites = store.pendingWritesForPlayer(playerId);
    // Keep a rejection of the store read from going unhandled while Google is being called.
    pendingWrites.catch(() => undefined);
    let google;
    try {
      google = await vault.withAccessToken(playerId, (token) =>
        Promise.all([
          definitions.get(key, () => Promise.resolve(token)),
          games.listAllPlayerAchievements(token, 'me', language === undefined ? {} : { language }),
        ]),
      );
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    const [cached, states] = google;
    const snapshot = await this.#withAll(playerId, language, cached, states.map((s) => s.id), startedAt);
    return buildAchievementItems(snapshot.list, states, await pendingWrites, { revealHiddenDetails });
  }

  /**
   * `snapshot`, or a fresh copy when it lacks one of `ids`. The player may see (and write) an
   * achievement the cached definitions lack: newly published, or a draft shown to a tester while
   * the cache was filled by another player. Refetched once with this player's token, unless
   * someone refetched since `startedAt` (concurrent callers share one fetch). If that fails, the
   * copy we have stands: an unknown achievement is then left out of a read, or refused by a write.
   */
  async #withAll(
    playerId: string,
    language: string | undefined,
    snapshot: DefinitionsSnapshot,
    ids: readonly string[],
    startedAt: number,
  ): Promise<DefinitionsSnapshot> {
    if (ids.every((id) => snapshot.byId.has(id))) return snapshot;
    try {
      const maxAgeMs = Math.max(0, this.#deps.now() - startedAt);
      return await this.#cached(playerId, { applicationId: this.#deps.applicationId, language }, { maxAgeMs });
    } catch {
      return snapshot;
    }
  }

  /** The definitions; the player's token is fetched (and refreshed once if refused) only when the copy is not fresh. */
  async #cached(playerId: string, key: DefinitionsKey, options: { maxAgeMs?: number } = {}): Promise<DefinitionsSnapshot> {
    const { vault, definitions } = this.#deps;
    return definitions.fresh(key, options) ?? vault.withAccessToken(playerId, (token) => definitions.get(key, () => Promise.resolve(token), options));
  }
}
