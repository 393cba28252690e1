/**
 * The game's leaderboards (`leaderboards.list`, every page), cached per language for
 * `PGS_LEADERBOARD_CACHE_TTL_SECONDS` in this process and fetched with the token of whichever
 * player finds the copy stale (one fetch for all waiters; the stale copy served if a refresh
 * fails). Writes read each board's sort order from here, so a warm submission asks Google nothing
 * but the submission itself. Like the achievement definitions, the copy is shared: a draft board
 * a tester's fetch saw is listed to everyone until the next refresh (Google still refuses their
 * scores on it).
 */
import type { Leaderboard } from '../../google/wire/leaderboards.js';
import type { TokenVault } from '../vault/token-vault.js';
import type { LeaderboardGames } from './google-port.js';
import { TtlCache } from './ttl-cache.js';

/** A board the catalog lacks is looked up again at most this often (an unknown ID is not a refetch per request). */
const MISSING_REFETCH_MS = 5_000;

export interface LeaderboardCatalogDeps {
  games: Pick<LeaderboardGames, 'listAllLeaderboards'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
  ttlMs: number;
  now: () => number;
  onStaleServed?: (error: unknown) => void;
}

/** The game's leaderboards, cached. */
export class LeaderboardCatalog {
  readonly #deps: LeaderboardCatalogDeps;
  readonly #cache: TtlCache<readonly Leaderboard[]>;

  constructor(deps: LeaderboardCatalogDeps) {
    this.#deps = deps;
    this.#cache = new TtlCache({ ttlMs: deps.ttlMs, maxEntries: 64, now: deps.now, onStaleServed: (_key, error) => deps.onStaleServed?.(error) });
  }

  /** Every leaderboard, with this player's token when the copy must be fetched. */
  list(playerId: string, language?: string, options: { maxAgeMs?: number } = {}): Promise<readonly Leaderboard[]> {
    const key = language ?? '';
    const fresh = this.#cache.fresh(key, options);
    if (fresh) return Promise.resolve(fresh);
    return this.#deps.vault.withAccessToken(playerId, (token) =>
      this.#cache.get(key, () => this.#deps.games.listAllLeaderboards(token, language === undefined ? {} : { language }), options),
    );
  }

  /** One leaderboard, looked up again (at most every few seconds) when the cached copy lacks it. */
  async find(playerId: string, leaderboardId: string): Promise<Leaderboard | undefined> {
    const board = (await this.list(playerId)).find((b) => b.id === leaderboardId);
    if (board) return board;
    return (await this.list(playerId, undefined, { maxAgeMs: MISSING_REFETCH_MS })).find((b) => b.id === leaderboardId);
  }
}
