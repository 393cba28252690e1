/**
 * A slim typed client for the Games API v1 (docs/google/games-api.md; games-v1 discovery rev 20240529):
 * the calls a game server makes with a player's access token. Paths are Google's
 * (`games/v1/…`), resolved against `endpoints.gamesBaseUrl`; path parameters are URL-encoded.
 *
 * The token always travels as `Authorization: Bearer`, never as the `access_token` query
 * parameter Google also accepts: URLs end up in logs and proxies.
 *
 * Retry safety, per operation (see http.ts): reads, unlock, reveal and setStepsAtLeast are
 * idempotent on Google's side; an increment is only when it carries a `requestId`, which Google
 * uses to apply a retried increment once; updateMultiple only when every INCREMENT in it does.
 * Score submissions are retried too: Google keeps only a player's best, so a score sent twice
 * counts once (but a retry after a lost answer reports nothing beaten for a score that was new).
 * `events.record` is retried only with a `requestId`: Google records a request it has seen
 * once, and answers the retry `ALREADY_UPDATED` (docs/google/events-and-player-data.md).
 */
import type { GoogleEndpoints } from './endpoints.js';
import { GoogleUnavailableError } from './errors.js';
import { HttpClient, type CallOptions, type HttpClientOptions, type HttpResponse } from './http.js';
import { GOOGLE_OPERATIONS, type GoogleOperation } from './operations.js';
import { isRequestId } from './request-id.js';
import type { AchievementDefinition, AchievementDefinitionsListResponse, AchievementIncrementResponse, AchievementRevealResponse, AchievementSetStepsAtLeastResponse, AchievementState, AchievementUnlockResponse, AchievementUpdateMultipleResponse, AchievementUpdateRequest, PlayerAchievement, PlayerAchievementListResponse } from './wire/achievements.js';
import type { ApplicationVerifyResponse } from './wire/applications.js';
import type { EventDefinition, EventDefinitionListResponse, EventPeriodUpdate, EventUpdateResponse, PlayerEvent, PlayerEventListResponse } from './wire/events.js';
import type { Leaderboard, LeaderboardListResponse } from './wire/leaderboards.js';
import type { Snapshot, SnapshotListResponse } from './wire/snapshots.js';
import type { StatsResponse } from './wire/stats.js';
import type { Player, ScopedPlayerIds } from './wire/players.js';
import {
  SCORE_TAG_PATTERN,
  type IncludeRankType,
  type LeaderboardScores,
  type PlayerLeaderboardScoreListResponse,
  type PlayerScoreListResponse,
  type PlayerScoreResponse,
  type ScoreCollection,
  type ScoresGetTimeSpan,
  type ScoreTimeSpan,
} from './wire/scores.js';

export interface GamesClientOptions extends HttpClientOptions {
  endpoints: Pick<GoogleEndpoints, 'gamesBaseUrl'>;
  /** A transport to share with other clients; when given, the transport options above are ignored. */
  http?: HttpClient;
  /** Most pages `listAll…` follows before giving up (a guard against a server that never ends). Default 100. */
  maxPages?: number;
}

/** `language` query parameter (BCP 47, e.g. `en-US`): localises names and descriptions. */
export interface LanguageOption {
  language?: string;
}

/** Paging of a list call. */
export interface PageOptions {
  /** Page size; Google may return fewer. Old discovery bounds: 1–200. */
  maxResults?: number;
  pageToken?: string;
}

export type GetPlayerOptions = LanguageOption & CallOptions;
export type ListDefinitionsOptions = LanguageOption & PageOptions & CallOptions;
export type ListAllDefinitionsOptions = LanguageOption & Pick<PageOptions, 'maxResults'> & CallOptions;

/** Options of `achievements.list`. */
export interface ListPlayerAchievementsOptions extends LanguageOption, PageOptions, CallOptions {
  /** Only achievements in this state. Default `ALL`. */
  state?: 'ALL' | AchievementState;
}
export type ListAllPlayerAchievementsOptions = Omit<ListPlayerAchievementsOptions, 'pageToken'>;

export type ListLeaderboardsOptions = LanguageOption & PageOptions & CallOptions;
export type ListEventsOptions = LanguageOption & PageOptions & CallOptions;
export type ListAllEventsOptions = LanguageOption & Pick<PageOptions, 'maxResults'> & CallOptions;

/** One `events.record` call: the periods, the sender's clock and the request's ID. */
export interface RecordEventsRequest {
  /** The sender's clock, epoch ms (Google reads the periods against it). */
  currentTimeMillis: number;
  /** A positive int64 in decimal (see `newRequestId`): Google records the request once. */
  requestId?: string;
  timePeriods: readonly EventPeriodUpdate[];
}
export type ListAllLeaderboardsOptions = LanguageOption & Pick<PageOptions, 'maxResults'> & CallOptions;

/** A score: an int64, as a decimal string, a bigint, or a safe integer. */
export type ScoreValue = string | bigint | number;

/** Options of `scores.submit`. */
export interface SubmitScoreOptions extends LanguageOption, CallOptions {
  /** Up to 64 URI-safe characters (`[a-zA-Z0-9-._~]`), kept with the score. */
  scoreTag?: string;
}

/** One score of `scores.submitMultiple`. */
export interface ScoreToSubmit {
  leaderboardId: string;
  score: ScoreValue;
  scoreTag?: string;
}

/** Options of `scores.get`. */
export interface GetPlayerScoresOptions extends LanguageOption, PageOptions, CallOptions {
  /** Which ranks to add; without it Google adds none. */
  includeRankType?: IncludeRankType;
}

export type ListScoresOptions = LanguageOption & PageOptions & CallOptions;

/** Options of `scores.listWindow`. */
export interface ListScoresWindowOptions extends ListScoresOptions {
  /** How many scores to show above the player's (at most `maxResults`). */
  resultsAbove?: number;
  /** When the player has no score: the top of the board (default true) or nothing. */
  returnTopIfAbsent?: boolean;
}

const INT32_MAX = 2 ** 31 - 1;

/** Calls the Games API v1 on behalf of a player. */
export class GamesClient {
  readonly #base: string;
  readonly #http: HttpClient;
  readonly #maxPages: number;

  constructor(options: GamesClientOptions) {
    const base = options.endpoints.gamesBaseUrl;
    this.#base = base.endsWith('/') ? base : `${base}/`;
    this.#http = options.http ?? new HttpClient(options);
    this.#maxPages = options.maxPages ?? 100;
  }

  /** `players.get`: the player (`me` = the token's owner), with `originalPlayerId` when their ID changed. */
  async getPlayer(accessToken: string, playerId = 'me', options: GetPlayerOptions = {}): Promise<Player> {
    const { language, ...call } = options;
    const url = this.#url(`games/v1/players/${segment(playerId, 'playerId')}`, { language });
    return object<Player>(await this.#get(GOOGLE_OPERATIONS.playersGet, url, accessToken, call), GOOGLE_OPERATIONS.playersGet);
  }

  /** `players.getScopedPlayerIds`: the player's `gamePlayerId` and `developerPlayerKey`. */
  async getScopedPlayerIds(accessToken: string, options: CallOptions = {}): Promise<ScopedPlayerIds> {
    const op = GOOGLE_OPERATIONS.playersGetScopedPlayerIds;
    return object<ScopedPlayerIds>(await this.#get(op, this.#url('games/v1/players/me/scopedIds'), accessToken, options), op);
  }

  /**
   * `applications.verify`: whether the token belongs to `applicationId`, and whose it is
   * (`player_id`, `alternate_player_id`). A token of another game is refused by Google (403).
   */
  async verifyApplication(accessToken: string, applicationId: string, options: CallOptions = {}): Promise<ApplicationVerifyResponse> {
    const op = GOOGLE_OPERATIONS.applicationsVerify;
    const url = this.#url(`games/v1/applications/${segment(applicationId, 'applicationId')}/verify`);
    return object<ApplicationVerifyResponse>(await this.#get(op, url, accessToken, options), op);
  }

  /** `achievementDefinitions.list`: one page of the game's achievement definitions. */
  async listAchievementDefinitions(accessToken: string, options: ListDefinitionsOptions = {}): Promise<AchievementDefinitionsListResponse> {
    const { language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.achievementDefinitionsList;
    const url = this.#url('games/v1/achievements', { language, maxResults: pageSize(maxResults), pageToken });
    return list<AchievementDefinitionsListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** Every achievement definition of the game, following `nextPageToken` to the end. */
  async listAllAchievementDefinitions(accessToken: string, options: ListAllDefinitionsOptions = {}): Promise<AchievementDefinition[]> {
    return this.#all(GOOGLE_OPERATIONS.achievementDefinitionsList, (pageToken) =>
      this.listAchievementDefinitions(accessToken, { ...options, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  }

  /** `achievements.list`: one page of a player's achievement states. */
  async listPlayerAchievements(
    accessToken: string,
    playerId = 'me',
    options: ListPlayerAchievementsOptions = {},
  ): Promise<PlayerAchievementListResponse> {
    const { state, language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.achievementsList;
    const url = this.#url(`games/v1/players/${segment(playerId, 'playerId')}/achievements`, {
      state,
      language,
      maxResults: pageSize(maxResults),
      pageToken,
    });
    return list<PlayerAchievementListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** All of a player's achievement states, following `nextPageToken` to the end. */
  async listAllPlayerAchievements(
    accessToken: string,
    playerId = 'me',
    options: ListAllPlayerAchievementsOptions = {},
  ): Promise<PlayerAchievement[]> {
    return this.#all(GOOGLE_OPERATIONS.achievementsList, (pageToken) =>
      this.listPlayerAchievements(accessToken, playerId, { ...options, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  }

  /**
   * `achievements.unlock`. Retried when safe: unlocking twice is harmless, but a retry after a
   * lost answer reports `newlyUnlocked: false` for an unlock that was in fact new.
   */
  async unlock(accessToken: string, achievementId: string, options: CallOptions = {}): Promise<AchievementUnlockResponse> {
    return this.#post(GOOGLE_OPERATIONS.achievementsUnlock, achievementPath(achievementId, 'unlock'), accessToken, true, options);
  }

  /**
   * `achievements.increment` by `steps` (a positive int32). With a `requestId` (see
   * `newRequestId`) Google applies the increment once however often it is sent, so the call is
   * retried; without one it is sent exactly once, and a lost answer leaves its outcome unknown.
   */
  async increment(
    accessToken: string,
    achievementId: string,
    steps: number,
    requestId?: string,
    options: CallOptions = {},
  ): Promise<AchievementIncrementResponse> {
    checkSteps(steps, 'steps');
    if (requestId !== undefined && !isRequestId(requestId)) {
      throw new RangeError('increment: requestId must be a positive int64 in decimal (see newRequestId)');
    }
    const query: Record<string, string | number | undefined> = { stepsToIncrement: steps, requestId };
    return this.#post(
      GOOGLE_OPERATIONS.achievementsIncrement,
      achievementPath(achievementId, 'increment'),
      accessToken,
      requestId !== undefined,
      options,
      query,
    );
  }

  /** `achievements.reveal`: a HIDDEN achievement becomes REVEALED (an UNLOCKED one stays so). */
  async reveal(accessToken: string, achievementId: string, options: CallOptions = {}): Promise<AchievementRevealResponse> {
    return this.#post(GOOGLE_OPERATIONS.achievementsReveal, achievementPath(achievementId, 'reveal'), accessToken, true, options);
  }

  /** `achievements.setStepsAtLeast`: raises the steps to `steps` if lower; never lowers them, so retrying is safe. */
  async setStepsAtLeast(
    accessToken: string,
    achievementId: string,
    steps: number,
    options: CallOptions = {},
  ): Promise<AchievementSetStepsAtLeastResponse> {
    checkSteps(steps, 'steps');
    return this.#post(
      GOOGLE_OPERATIONS.achievementsSetStepsAtLeast,
      achievementPath(achievementId, 'setStepsAtLeast'),
      accessToken,
      true,
      options,
      { steps },
    );
  }

  /**
   * `achievements.updateMultiple`: several updates in one call. Retried only when every
   * INCREMENT carries `incrementPayload.requestId`; the `kind` fields are filled in.
   */
  async updateMultiple(
    accessToken: string,
    updates: readonly AchievementUpdateRequest[],
    options: CallOptions = {},
  ): Promise<AchievementUpdateMultipleResponse> {
    if (updates.length === 0) throw new RangeError('updateMultiple: at least one update is required');
    const body = { kind: 'games#achievementUpdateMultipleRequest', updates: updates.map(updateRequest) };
    const retrySafe = updates.every((u) => u.updateType !== 'INCREMENT' || u.incrementPayload?.requestId !== undefined);
    const op = GOOGLE_OPERATIONS.achievementsUpdateMultiple;
    const res = await this.#http.request({
      ...options,
      operation: op,
      method: 'POST',
      url: this.#url('games/v1/achievements/updateMultiple'),
      accessToken,
      json: body,
      retrySafe,
    });
    const result = object<AchievementUpdateMultipleResponse>(res, op);
    if (!Array.isArray(result.updatedAchievements)) result.updatedAchievements = [];
    return result;
  }

  /** `leaderboards.get`: one leaderboard of the game (a draft is a 404 for anyone but testers). */
  async getLeaderboard(accessToken: string, leaderboardId: string, options: GetPlayerOptions = {}): Promise<Leaderboard> {
    const { language, ...call } = options;
    const op = GOOGLE_OPERATIONS.leaderboardsGet;
    const url = this.#url(`games/v1/leaderboards/${segment(leaderboardId, 'leaderboardId')}`, { language });
    return object<Leaderboard>(await this.#get(op, url, accessToken, call), op);
  }

  /** `leaderboards.list`: one page of the game's leaderboards. */
  async listLeaderboards(accessToken: string, options: ListLeaderboardsOptions = {}): Promise<LeaderboardListResponse> {
    const { language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.leaderboardsList;
    const url = this.#url('games/v1/leaderboards', { language, maxResults: pageSize(maxResults), pageToken });
    return list<LeaderboardListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** Every leaderboard of the game, following `nextPageToken` to the end. */
  async listAllLeaderboards(accessToken: string, options: ListAllLeaderboardsOptions = {}): Promise<Leaderboard[]> {
    return this.#all(GOOGLE_OPERATIONS.leaderboardsList, (pageToken) =>
      this.listLeaderboards(accessToken, { ...options, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  }

  /**
   * `scores.submit`: Google keeps the score where it beats the player's best (per span) and
   * says where (`beatenScoreTimeSpans`). A score outside the board's console limits is dropped.
   */
  async submitScore(accessToken: string, leaderboardId: string, score: ScoreValue, options: SubmitScoreOptions = {}): Promise<PlayerScoreResponse> {
    const { scoreTag, language, ...call } = options;
    const path = `games/v1/leaderboards/${segment(leaderboardId, 'leaderboardId')}/scores`;
    const query = { score: int64(score, 'score'), scoreTag: tagOf(scoreTag, 'scoreTag'), language };
    return this.#post(GOOGLE_OPERATIONS.scoresSubmit, path, accessToken, true, call, query);
  }

  /** `scores.submitMultiple`: several scores in one call, one answer each, in order. */
  async submitScores(accessToken: string, scores: readonly ScoreToSubmit[], options: LanguageOption & CallOptions = {}): Promise<PlayerScoreListResponse> {
    if (scores.length === 0) throw new RangeError('submitScores: at least one score is required');
    const { language, ...call } = options;
    const body = {
      kind: 'games#playerScoreSubmissionList',
      scores: scores.map((item, index) => {
        segment(item.leaderboardId, `scores[${index}].leaderboardId`);
        return {
          kind: 'games#scoreSubmission',
          leaderboardId: item.leaderboardId,
          score: int64(item.score, `scores[${index}].score`),
          ...(item.scoreTag === undefined ? {} : { scoreTag: tagOf(item.scoreTag, `scores[${index}].scoreTag`) }),
        };
      }),
    };
    checkToken(accessToken);
    const op = GOOGLE_OPERATIONS.scoresSubmitMultiple;
    const res = await this.#http.request({ ...call, operation: op, method: 'POST', url: this.#url('games/v1/leaderboards/scores', { language }), accessToken, json: body, retrySafe: true });
    const result = object<PlayerScoreListResponse>(res, op);
    if (!Array.isArray(result.submittedScores)) result.submittedScores = [];
    return result;
  }

  /**
   * `scores.get`: the player's bests on one board (or `ALL`) in one span (or `ALL`, not both).
   * Spans without a score are simply absent.
   */
  async getPlayerScores(
    accessToken: string,
    leaderboardId: string,
    timeSpan: ScoresGetTimeSpan,
    playerId = 'me',
    options: GetPlayerScoresOptions = {},
  ): Promise<PlayerLeaderboardScoreListResponse> {
    if (leaderboardId === 'ALL' && timeSpan === 'ALL') throw new RangeError('getPlayerScores: leaderboardId and timeSpan cannot both be ALL');
    const { includeRankType, language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.scoresGet;
    const path = `games/v1/players/${segment(playerId, 'playerId')}/leaderboards/${segment(leaderboardId, 'leaderboardId')}/scores/${segment(timeSpan, 'timeSpan')}`;
    const url = this.#url(path, { includeRankType, language, maxResults: pageSize(maxResults), pageToken });
    return list<PlayerLeaderboardScoreListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** `scores.list`: one page of a collection (`PUBLIC`, `FRIENDS`) in one span, best first. */
  async listScores(
    accessToken: string,
    leaderboardId: string,
    collection: ScoreCollection,
    timeSpan: ScoreTimeSpan,
    options: ListScoresOptions = {},
  ): Promise<LeaderboardScores> {
    const { language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.scoresList;
    const path = `games/v1/leaderboards/${segment(leaderboardId, 'leaderboardId')}/scores/${segment(collection, 'collection')}`;
    const url = this.#url(path, { timeSpan, language, maxResults: pageSize(maxResults), pageToken });
    return list<LeaderboardScores>(await this.#get(op, url, accessToken, call), op);
  }

  /** `scores.listWindow`: the page of a collection around the player's own score. */
  async listScoresWindow(
    accessToken: string,
    leaderboardId: string,
    collection: ScoreCollection,
    timeSpan: ScoreTimeSpan,
    options: ListScoresWindowOptions = {},
  ): Promise<LeaderboardScores> {
    const { language, maxResults, pageToken, resultsAbove, returnTopIfAbsent, ...call } = options;
    if (resultsAbove !== undefined && (!Number.isInteger(resultsAbove) || resultsAbove < 0 || resultsAbove > INT32_MAX)) {
      throw new RangeError('resultsAbove must be a non-negative integer');
    }
    const op = GOOGLE_OPERATIONS.scoresListWindow;
    const path = `games/v1/leaderboards/${segment(leaderboardId, 'leaderboardId')}/window/${segment(collection, 'collection')}`;
    const url = this.#url(path, {
      timeSpan,
      language,
      maxResults: pageSize(maxResults),
      pageToken,
      resultsAbove,
      returnTopIfAbsent: returnTopIfAbsent === undefined ? undefined : String(returnTopIfAbsent),
    });
    return list<LeaderboardScores>(await this.#get(op, url, accessToken, call), op);
  }

  /** `events.listDefinitions`: one page of the game's events (drafts only for testers). */
  async listEventDefinitions(accessToken: string, options: ListEventsOptions = {}): Promise<EventDefinitionListResponse> {
    const { language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.eventsListDefinitions;
    const url = this.#url('games/v1/eventDefinitions', { language, maxResults: pageSize(maxResults), pageToken });
    return list<EventDefinitionListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** Every event definition of the game, following `nextPageToken` to the end. */
  async listAllEventDefinitions(accessToken: string, options: ListAllEventsOptions = {}): Promise<EventDefinition[]> {
    return this.#all(GOOGLE_OPERATIONS.eventsListDefinitions, (pageToken) =>
      this.listEventDefinitions(accessToken, { ...options, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  }

  /** `events.listByPlayer`: one page of the player's event counters. */
  async listPlayerEvents(accessToken: string, options: ListEventsOptions = {}): Promise<PlayerEventListResponse> {
    const { language, maxResults, pageToken, ...call } = options;
    const op = GOOGLE_OPERATIONS.eventsListByPlayer;
    const url = this.#url('games/v1/events', { language, maxResults: pageSize(maxResults), pageToken });
    return list<PlayerEventListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** Every event counter of the player, following `nextPageToken` to the end. */
  async listAllPlayerEvents(accessToken: string, options: ListAllEventsOptions = {}): Promise<PlayerEvent[]> {
    return this.#all(GOOGLE_OPERATIONS.eventsListByPlayer, (pageToken) =>
      this.listPlayerEvents(accessToken, { ...options, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  }

  /**
   * `events.record`: adds counts per time period. What Google refuses comes back inside the 200
   * (`batchFailures`, `eventFailures`), never thrown; `playerEvents` is filled in as `[]` when
   * absent. Retried only with a `requestId`.
   */
  async recordEvents(accessToken: string, request: RecordEventsRequest, options: LanguageOption & CallOptions = {}): Promise<EventUpdateResponse> {
    const { language, ...call } = options;
    if (request.requestId !== undefined && !isRequestId(request.requestId)) {
      throw new RangeError('recordEvents: requestId must be a positive int64 in decimal (see newRequestId)');
    }
    if (!Number.isSafeInteger(request.currentTimeMillis)) throw new RangeError('recordEvents: currentTimeMillis must be epoch milliseconds');
    checkToken(accessToken);
    for (const period of request.timePeriods) for (const update of period.updates) segment(update.definitionId, 'definitionId');
    const body = {
      kind: 'games#eventRecordRequest',
      currentTimeMillis: String(request.currentTimeMillis),
      ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
      timePeriods: request.timePeriods.map((period) => ({
        kind: 'games#eventPeriodUpdate',
        timePeriod: { kind: 'games#eventPeriodRange', periodStartMillis: int64(period.timePeriod.periodStartMillis, 'periodStartMillis'), periodEndMillis: int64(period.timePeriod.periodEndMillis, 'periodEndMillis') },
        updates: period.updates.map((update) => ({
          kind: 'games#eventUpdateRequest',
          definitionId: update.definitionId,
          updateCount: int64(update.updateCount, 'updateCount'),
        })),
      })),
    };
    const op = GOOGLE_OPERATIONS.eventsRecord;
    const res = await this.#http.request({
      ...call,
      operation: op,
      method: 'POST',
      url: this.#url('games/v1/events', { language }),
      accessToken,
      json: body,
      retrySafe: request.requestId !== undefined,
    });
    const result = object<EventUpdateResponse>(res, op);
    if (!Array.isArray(result.playerEvents)) result.playerEvents = [];
    return result;
  }

  /** `stats.get`: Play's figures about the player; each field only when Google has enough data. */
  async getStats(accessToken: string, options: CallOptions = {}): Promise<StatsResponse> {
    const op = GOOGLE_OPERATIONS.statsGet;
    return object<StatsResponse>(await this.#get(op, this.#url('games/v1/stats'), accessToken, options), op);
  }

  /** `snapshots.list`: one page of the player's saved-game metadata. */
  async listSnapshots(accessToken: string, options: ListEventsOptions & { playerId?: string } = {}): Promise<SnapshotListResponse> {
    const { language, maxResults, pageToken, playerId = 'me', ...call } = options;
    const op = GOOGLE_OPERATIONS.snapshotsList;
    const url = this.#url(`games/v1/players/${segment(playerId, 'playerId')}/snapshots`, { language, maxResults: pageSize(maxResults), pageToken });
    return list<SnapshotListResponse>(await this.#get(op, url, accessToken, call), op);
  }

  /** Every saved game of the player, following `nextPageToken` to the end. */
  async listAllSnapshots(accessToken: string, options: Omit<ListEventsOptions, 'pageToken'> = {}): Promise<Snapshot[]> {
    return this.#all(GOOGLE_OPERATIONS.snapshotsList, (pageToken) =>
      this.listSnapshots(accessToken, { ...options, ...(pageToken === undefined ? {} : { pageToken }) }),
    );
  }

  #url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    const url = new URL(path, this.#base);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  #get(operation: GoogleOperation, url: URL, accessToken: string, options: CallOptions): Promise<HttpResponse> {
    checkToken(accessToken);
    return this.#http.request({ ...options, operation, method: 'GET', url, accessToken, retrySafe: true });
  }

  async #post<T>(
    operation: GoogleOperation,
    path: string,
    accessToken: string,
    retrySafe: boolean,
    options: CallOptions,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    checkToken(accessToken);
    const res = await this.#http.request({ ...options, operation, method: 'POST', url: this.#url(path, query), accessToken, retrySafe });
    return object<T>(res, operation);
  }

  async #all<T>(operation: GoogleOperation, page: (pageToken: string | undefined) => Promise<{ items: T[]; nextPageToken?: string }>): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let pages = 0; pages < this.#maxPages; pages++) {
      const res = await page(pageToken);
      items.push(...res.items);
      if (!res.nextPageToken) return items;
      if (seen.has(res.nextPageToken)) throw invalidResponse(operation, 200, 'repeats a page token');
      seen.add(res.nextPageToken);
      pageToken = res.nextPageToken;
    }
    throw invalidResponse(operation, 200, `has more than ${this.#maxPages} pages`);
  }
}

function updateRequest(update: AchievementUpdateRequest): AchievementUpdateRequest {
  segment(update.achievementId, 'achievementId');
  const out: AchievementUpdateRequest = {
    kind: 'games#achievementUpdateRequest',
    achievementId: update.achievementId,
    updateType: update.updateType,
  };
  switch (update.updateType) {
    case 'INCREMENT': {
      const payload = update.incrementPayload;
      if (!payload) throw new RangeError(`updateMultiple: INCREMENT of ${update.achievementId} needs incrementPayload`);
      checkSteps(payload.steps, 'incrementPayload.steps');
      if (payload.requestId !== undefined && !isRequestId(payload.requestId)) {
        throw new RangeError('updateMultiple: incrementPayload.requestId must be a positive int64 in decimal');
      }
      out.incrementPayload = {
        kind: 'games#GamesAchievementIncrement',
        steps: payload.steps,
        ...(payload.requestId === undefined ? {} : { requestId: payload.requestId }),
      };
      break;
    }
    case 'SET_STEPS_AT_LEAST': {
      const payload = update.setStepsAtLeastPayload;
      if (!payload) throw new RangeError(`updateMultiple: SET_STEPS_AT_LEAST of ${update.achievementId} needs setStepsAtLeastPayload`);
      checkSteps(payload.steps, 'setStepsAtLeastPayload.steps');
      out.setStepsAtLeastPayload = { kind: 'games#GamesAchievementSetStepsAtLeast', steps: payload.steps };
      break;
    }
    case 'REVEAL':
    case 'UNLOCK':
      break;
    default:
      throw new RangeError(`updateMultiple: unknown updateType ${String(update.updateType)}`);
  }
  return out;
}

function achievementPath(achievementId: string, action: string): string {
  return `games/v1/achievements/${segment(achievementId, 'achievementId')}/${action}`;
}

/** A URL-encoded path segment; refuses empty values (which would change the path's meaning). */
function segment(value: string, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  return encodeURIComponent(value);
}

function checkToken(accessToken: string): void {
  if (typeof accessToken !== 'string' || accessToken.length === 0) throw new TypeError('accessToken must be a non-empty string');
}

function checkSteps(steps: number, name: string): void {
  if (!Number.isInteger(steps) || steps < 1 || steps > INT32_MAX) throw new RangeError(`${name} must be an integer from 1 to 2^31 − 1`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A score as the decimal string Google's int64 takes; refuses anything else before sending. */
function int64(value: ScoreValue, name: string): string {
  let number: bigint | undefined;
  if (typeof value === 'bigint') number = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) number = BigInt(value);
  else if (typeof value === 'string' && /^-?[0-9]{1,19}$/.test(value)) number = BigInt(value);
  if (number === undefined || number < INT64_MIN || number > INT64_MAX) throw new RangeError(`${name} must be an int64 (a decimal string, a bigint or a safe integer)`);
  return number.toString();
}

const SCORE_TAG = new RegExp(SCORE_TAG_PATTERN);

function tagOf(tag: string | undefined, name: string): string | undefined {
  if (tag !== undefined && !SCORE_TAG.test(tag)) throw new RangeError(`${name} must be at most 64 of the characters a-z A-Z 0-9 - . _ ~`);
  return tag;
}

function pageSize(maxResults: number | undefined): number | undefined {
  if (maxResults === undefined) return undefined;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > INT32_MAX) throw new RangeError('maxResults must be a positive integer');
  return maxResults;
}

function invalidResponse(operation: string, status: number, what: string): GoogleUnavailableError {
  return new GoogleUnavailableError({ operation, kind: 'invalid_response', status, attempts: 1, message: `${operation}: Google's answer ${what}` });
}

function object<T>(res: HttpResponse, operation: string): T {
  if (typeof res.body !== 'object' || res.body === null || Array.isArray(res.body)) {
    throw invalidResponse(operation, res.status, 'is not a JSON object');
  }
  return res.body as T;
}

/** A list answer; Google leaves `items` out of an empty page, so it is filled in as `[]`. */
function list<T extends { items: unknown[] }>(res: HttpResponse, operation: string): T {
  const body = object<T>(res, operation);
  if (body.items === undefined) body.items = [];
  else if (!Array.isArray(body.items)) throw invalidResponse(operation, res.status, 'has items that are not a list');
  return body;
}
