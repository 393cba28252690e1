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
import type { PlayerVisibility } from './player-visibility.js';
import { buildAchievementItems, type AchievementItem } from './read-model.js';

export interface AchievementReaderDeps {
  store: Pick<Store, 'pendingWritesForPlayer'>;
  games: Pick<AchievementGames, 'listAllPlayerAchievements'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
  definitions: DefinitionsCache;
  /** What Google showed each player: a write is checked against it, not against the shared cache. */
  visibility: PlayerVisibility;
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
   * The game's definitions as this player may write them, fetched with their token only when
   * the cache is cold, or when it lacks one of `including` (see `#withAll`); of `including`,
   * those Google does not show this player (a draft, to a non-tester) are left out, whoever
   * filled the cache (see `#asSeenBy`). Errors are the registry's: REAUTH_REQUIRED,
   * GOOGLE_UNAVAILABLE (with Retry-After)…
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
    const including = options.including ?? [];
    return this.#asSeenBy(playerId, await this.#withAll(playerId, key.language, snapshot, including, startedAt), including);
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
          definitions.get(key, () => Promise.resolve(token), { fetchedFor: playerId }),
          games.listAllPlayerAchievements(token, 'me', language === undefined ? {} : { language }),
        ]),
      );
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    const [cached, states] = google;
    this.#deps.visibility.remember(playerId, states.map((s) => s.id));
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

  /**
   * `snapshot` with those of `ids` that Google does not show this player left out. The shared
   * copy may have been filled by a tester and hold drafts; what this player sees is what Google
   * last showed them (`player-visibility.ts`): the copy itself when their token fetched it, their
   * last read, or else one `achievements.list` with their token, now. That call is skipped when
   * what they were shown is at least as new as the copy. If Google cannot answer it now, the
   * copy stands: the write is recorded, and Google refuses it when it goes out, as before.
   */
  async #asSeenBy(playerId: string, snapshot: DefinitionsSnapshot, ids: readonly string[]): Promise<DefinitionsSnapshot> {
    const { visibility, vault, games } = this.#deps;
    const known = ids.filter((id) => snapshot.byId.has(id));
    if (known.length === 0) return snapshot;
    if (snapshot.fetchedFor === playerId) {
      visibility.remember(playerId, snapshot.byId.keys());
      return snapshot;
    }
    let seen = visibility.seenBy(playerId);
    if (!seen || (known.some((id) => !seen!.ids.has(id)) && seen.at < snapshot.fetchedAt)) {
      try {
        const states = await vault.withAccessToken(playerId, (token) => games.listAllPlayerAchievements(token, 'me', {}));
        seen = visibility.remember(playerId, states.map((s) => s.id));
      } catch {
        return snapshot;
      }
    }
    const unseen = new Set(known.filter((id) => !seen.ids.has(id)));
    if (unseen.size === 0) return snapshot;
    const list = snapshot.list.filter((definition) => !unseen.has(definition.id));
    return { ...snapshot, list, byId: new Map(list.map((definition) => [definition.id, definition])) };
  }

  /** The definitions; the player's token is fetched (and refreshed once if refused) only when the copy is not fresh. */
  async #cached(playerId: string, key: DefinitionsKey, options: { maxAgeMs?: number } = {}): Promise<DefinitionsSnapshot> {
    const { vault, definitions } = this.#deps;
    return (
      definitions.fresh(key, options) ??
      vault.withAccessToken(playerId, (token) => definitions.get(key, () => Promise.resolve(token), { ...options, fetchedFor: playerId }))
    );
  }
}
