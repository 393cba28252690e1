/**
 * The leaderboard reads. A board's top page (PUBLIC, no page token) comes from a per-process
 * cache shared by every player: at most one `scores.list` per board, span and page size per
 * `PGS_LEADERBOARD_CACHE_TTL_SECONDS`, fetched with the token of whoever finds it stale. The
 * reader's own standing (`me`) comes from the page when they are on it, else from their own
 * `scores.get`, cached per player for the same TTL. Other pages (FRIENDS, `around=me`, a page
 * token) are the player's own calls. Every read lays the player's scores Google's copy lacks
 * over the answer (`read-model.ts`): the open ones, and those done since the copy was fetched.
 */
import type { Leaderboard } from '../../google/wire/leaderboards.js';
import type { LeaderboardScores, ScoreCollection, ScoreTimeSpan } from '../../google/wire/scores.js';
import type { Player, ScoreWrite, Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle } from '../google-failures.js';
import type { TokenVault } from '../vault/token-vault.js';
import { bestOf } from './best-score.js';
import type { LeaderboardGames } from './google-port.js';
import type { LeaderboardCatalog } from './leaderboard-catalog.js';
import { entriesOf, overlayOwnScores, overlayPage, ownScoresOf, type BoardPage, type MyStanding, type OwnScore } from './read-model.js';
import { TtlCache } from './ttl-cache.js';

export interface PageQuery {
  timeSpan: ScoreTimeSpan;
  collection: Extract<ScoreCollection, 'PUBLIC' | 'FRIENDS'>;
  around: boolean;
  limit: number;
  pageToken?: string | undefined;
}

export interface ScoreReaderDeps {
  store: Pick<Store, 'findPlayer' | 'openScoreWritesForPlayer' | 'scoreHistory'>;
  games: Pick<LeaderboardGames, 'listScores' | 'listScoresWindow' | 'getPlayerScores'>;
  vault: Pick<TokenVault, 'withAccessToken'>;
  catalog: LeaderboardCatalog;
  ttlMs: number;
  now: () => number;
  /** Told after each Google read (tests and benchmarks count them). */
  onGoogleRead?: (operation: 'list' | 'window' | 'get') => void;
}

interface CachedPage {
  scores: LeaderboardScores;
  /** When the fetch began: a score settled since then may be missing from it. */
  fetchedFrom: number;
}

const READ_ANSWERS = { refusedByStatus: { 404: 'LEADERBOARD_NOT_FOUND' } } as const;

/** The read side of the leaderboard module. */
export class ScoreReader {
  readonly #deps: ScoreReaderDeps;
  readonly #pages: TtlCache<CachedPage>;
  readonly #standings: TtlCache<MyStanding | null>;

  constructor(deps: ScoreReaderDeps) {
    this.#deps = deps;
    this.#pages = new TtlCache({ ttlMs: deps.ttlMs, maxEntries: 1_000, now: deps.now });
    this.#standings = new TtlCache({ ttlMs: deps.ttlMs, maxEntries: 10_000, now: deps.now });
  }

  /** The page of `GET /v1/leaderboards/{id}/scores`. */
  async page(playerRef: string, leaderboardId: string, query: PageQuery): Promise<BoardPage> {
    const [board, player] = await Promise.all([this.#board(playerRef, leaderboardId), this.#player(playerRef)]);
    const shared = query.collection === 'PUBLIC' && !query.around && query.pageToken === undefined;
    let page: BoardPage;
    // A page fetched for this request has every score Google settled; a cached one may lack those since.
    let settledSince: number | undefined;
    try {
      if (shared) {
        const cached = await this.#topPage(playerRef, board.id, query);
        settledSince = cached.fetchedFrom;
        const items = entriesOf(cached.scores.items);
        const mine = items.find((e) => e.playerId === player.playerId);
        const me = mine ? { rank: mine.rank, score: mine.score } : await this.#standing(playerRef, board.id, query.timeSpan);
        page = { items, me, ...(cached.scores.nextPageToken ? { nextPageToken: cached.scores.nextPageToken } : {}) };
      } else {
        const scores = await this.#deps.vault.withAccessToken(playerRef, (token) => this.#fetchPage(token, board.id, query));
        const own = scores.playerScore;
        const me = own ? { rank: own.scoreRank === undefined ? null : Number(own.scoreRank), score: Number(own.scoreValue) } : null;
        page = { items: entriesOf(scores.items), me, ...(scores.nextPageToken ? { nextPageToken: scores.nextPageToken } : {}) };
      }
    } catch (error) {
      throw apiErrorForGoogle(error, READ_ANSWERS);
    }
    const newer = await this.#newerScores(playerRef, board, query.timeSpan, settledSince);
    const best = bestOf(board.order, newer);
    if (!best) return page;
    return overlayPage(
      page,
      board.order,
      {
        playerId: player.playerId,
        displayName: player.displayName,
        ...(player.avatarImageUrl ? { avatarImageUrl: player.avatarImageUrl } : {}),
        score: best.score,
        ...(best.scoreTag ? { scoreTag: best.scoreTag } : {}),
      },
      page.nextPageToken === undefined,
    );
  }

  /** The player's own scores on one board, per span (`GET /v1/me/leaderboards/{id}/scores`). */
  async own(playerRef: string, leaderboardId: string): Promise<OwnScore[]> {
    const board = await this.#board(playerRef, leaderboardId);
    const open = this.#deps.store.openScoreWritesForPlayer(playerRef);
    open.catch(() => undefined);
    let items;
    try {
      const res = await this.#deps.vault.withAccessToken(playerRef, (token) => {
        this.#deps.onGoogleRead?.('get');
        return this.#deps.games.getPlayerScores(token, board.id, 'ALL', 'me', { includeRankType: 'PUBLIC' });
      });
      items = res.items;
    } catch (error) {
      throw apiErrorForGoogle(error, READ_ANSWERS);
    }
    const best = bestOf(board.order, (await open).filter((w) => w.leaderboardId === board.id));
    return overlayOwnScores(ownScoresOf(items), board.order, best && { score: best.score, ...(best.scoreTag ? { scoreTag: best.scoreTag } : {}) });
  }

  /** Forgets the player's cached standing on a board (they just submitted). */
  forget(playerRef: string, leaderboardId: string): void {
    for (const span of ['ALL_TIME', 'WEEKLY', 'DAILY'] as const) this.#standings.delete(standingKey(playerRef, leaderboardId, span));
  }

  /** Forgets every cached page and standing (a player was hidden or unhidden). */
  clearPages(): void {
    this.#pages.clear();
    this.#standings.clear();
  }

  async #board(playerRef: string, leaderboardId: string): Promise<Leaderboard> {
    let board;
    try {
      board = await this.#deps.catalog.find(playerRef, leaderboardId);
    } catch (error) {
      throw apiErrorForGoogle(error);
    }
    if (!board) throw new ApiError('LEADERBOARD_NOT_FOUND', { message: `This game has no leaderboard ${leaderboardId} the player can see.` });
    return board;
  }

  async #player(playerRef: string): Promise<Player> {
    const player = await this.#deps.store.findPlayer(playerRef);
    if (!player) throw new ApiError('PLAYER_NOT_FOUND');
    return player;
  }

  #topPage(playerRef: string, leaderboardId: string, query: PageQuery): Promise<CachedPage> {
    const key = `${leaderboardId}\u0000${query.timeSpan}\u0000${query.limit}`;
    const fresh = this.#pages.fresh(key);
    if (fresh) return Promise.resolve(fresh);
    return this.#deps.vault.withAccessToken(playerRef, (token) =>
      this.#pages.get(key, async () => {
        const fetchedFrom = this.#deps.now();
        const scores = await this.#fetchPage(token, leaderboardId, query);
        // Every player shares this copy: the fetching player's own row is not theirs to keep.
        delete scores.playerScore;
        return { scores, fetchedFrom };
      }),
    );
  }

  #fetchPage(token: string, leaderboardId: string, query: PageQuery): Promise<LeaderboardScores> {
    const options = { maxResults: query.limit, ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }) };
    if (query.around) {
      this.#deps.onGoogleRead?.('window');
      return this.#deps.games.listScoresWindow(token, leaderboardId, query.collection, query.timeSpan, options);
    }
    this.#deps.onGoogleRead?.('list');
    return this.#deps.games.listScores(token, leaderboardId, query.collection, query.timeSpan, options);
  }

  async #standing(playerRef: string, leaderboardId: string, timeSpan: ScoreTimeSpan): Promise<MyStanding | null> {
    const key = standingKey(playerRef, leaderboardId, timeSpan);
    const fresh = this.#standings.fresh(key);
    if (fresh !== undefined) return fresh;
    return this.#deps.vault.withAccessToken(playerRef, (token) =>
      this.#standings.get(key, async () => {
        this.#deps.onGoogleRead?.('get');
        const res = await this.#deps.games.getPlayerScores(token, leaderboardId, timeSpan, 'me', { includeRankType: 'PUBLIC' });
        const item = res.items.find((i) => i.timeSpan === timeSpan);
        if (!item) return null;
        return { rank: item.publicRank === undefined ? null : Number(item.publicRank.rank), score: Number(item.scoreValue) };
      }),
    );
  }

  /**
   * The player's scores Google's copy lacks: the open ones, and, for a cached copy, those settled
   * since its fetch began that beat this span (the stored history is short: done scores are pruned).
   */
  async #newerScores(playerRef: string, board: Leaderboard, timeSpan: ScoreTimeSpan, settledSince: number | undefined): Promise<ScoreWrite[]> {
    const [open, recent] = await Promise.all([
      this.#deps.store.openScoreWritesForPlayer(playerRef),
      settledSince === undefined ? Promise.resolve([]) : this.#deps.store.scoreHistory(playerRef, board.id, 0),
    ]);
    const beatSpan = (w: ScoreWrite): boolean => {
      const result = w.result as { beatenScoreTimeSpans?: unknown } | null;
      return Array.isArray(result?.beatenScoreTimeSpans) && result.beatenScoreTimeSpans.includes(timeSpan);
    };
    return [...open.filter((w) => w.leaderboardId === board.id), ...recent.filter((w) => w.status === 'done' && w.updatedAt >= settledSince! && beatSpan(w))];
  }
}

function standingKey(playerRef: string, leaderboardId: string, timeSpan: ScoreTimeSpan): string {
  return `${playerRef}\u0000${leaderboardId}\u0000${timeSpan}`;
}
