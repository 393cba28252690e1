/**
 * The Games Management API calls a game server may make for its tester accounts
 * (docs/google/management-api.md; gamesManagement-v1management discovery): resetting the calling
 * player's achievements and leaderboard scores. Google accepts them only from tester accounts, on
 * drafts and published items alike; anyone else gets 403. Paths (`games/v1management/…`) are resolved against
 * `endpoints.managementBaseUrl`.
 *
 * `players.hide` and `players.unhide` take a developer-console account's token: the backend
 * holds one when the game's developer signs in to the game with that account (see
 * src/backend/leaderboards/README.md). The `…ForAllPlayers` resets are left out on purpose: they
 * work on drafts only, which a game server has no reason to reset for everyone.
 */
import type { GoogleEndpoints } from './endpoints.js';
import { GoogleUnavailableError } from './errors.js';
import { HttpClient, type CallOptions, type HttpClientOptions, type HttpResponse } from './http.js';
import { GOOGLE_OPERATIONS, type GoogleOperation } from './operations.js';
import type { AchievementResetAllResponse, AchievementResetResponse, PlayerScoreResetAllResponse, PlayerScoreResetResponse } from './wire/management.js';

export interface ManagementClientOptions extends HttpClientOptions {
  endpoints: Pick<GoogleEndpoints, 'managementBaseUrl'>;
  /** A transport to share with other clients; when given, the transport options above are ignored. */
  http?: HttpClient;
}

/** Resets a tester's achievements and scores through the Games Management API. */
export class ManagementClient {
  readonly #base: string;
  readonly #http: HttpClient;

  constructor(options: ManagementClientOptions) {
    const base = options.endpoints.managementBaseUrl;
    this.#base = base.endsWith('/') ? base : `${base}/`;
    this.#http = options.http ?? new HttpClient(options);
  }

  /** `achievements.reset`: one achievement of the calling tester back to its initial state. Idempotent, so retried. */
  async resetAchievement(accessToken: string, achievementId: string, options: CallOptions = {}): Promise<AchievementResetResponse> {
    if (typeof achievementId !== 'string' || achievementId.length === 0) throw new TypeError('achievementId must be a non-empty string');
    const path = `games/v1management/achievements/${encodeURIComponent(achievementId)}/reset`;
    return this.#post<AchievementResetResponse>(GOOGLE_OPERATIONS.managementAchievementsReset, path, accessToken, options);
  }

  /** `achievements.resetAll`: every achievement of the calling tester. Idempotent, so retried. */
  async resetAllAchievements(accessToken: string, options: CallOptions = {}): Promise<AchievementResetAllResponse> {
    const op = GOOGLE_OPERATIONS.managementAchievementsResetAll;
    const result = await this.#post<AchievementResetAllResponse>(op, 'games/v1management/achievements/reset', accessToken, options);
    // Google leaves empty lists out of its answers.
    if (!Array.isArray(result.results)) result.results = [];
    return result;
  }

  /** `scores.reset`: the calling tester's scores on one leaderboard; `resetScoreTimeSpans` says which spans had one. Retried. */
  async resetScores(accessToken: string, leaderboardId: string, options: CallOptions = {}): Promise<PlayerScoreResetResponse> {
    if (typeof leaderboardId !== 'string' || leaderboardId.length === 0) throw new TypeError('leaderboardId must be a non-empty string');
    const path = `games/v1management/leaderboards/${encodeURIComponent(leaderboardId)}/scores/reset`;
    const result = await this.#post<PlayerScoreResetResponse>(GOOGLE_OPERATIONS.managementScoresReset, path, accessToken, options);
    if (!Array.isArray(result.resetScoreTimeSpans)) result.resetScoreTimeSpans = [];
    return result;
  }

  /** `scores.resetAll`: the calling tester's scores on every leaderboard of the game. Retried. */
  async resetAllScores(accessToken: string, options: CallOptions = {}): Promise<PlayerScoreResetAllResponse> {
    const op = GOOGLE_OPERATIONS.managementScoresResetAll;
    const result = await this.#post<PlayerScoreResetAllResponse>(op, 'games/v1management/scores/reset', accessToken, options);
    if (!Array.isArray(result.results)) result.results = [];
    for (const item of result.results) if (!Array.isArray(item.resetScoreTimeSpans)) item.resetScoreTimeSpans = [];
    return result;
  }

  /**
   * `players.hide`: the player's scores leave every public and friends leaderboard of the game
   * (they still see their own). Developer-console accounts only (403 otherwise). Idempotent, so retried.
   */
  async hidePlayer(accessToken: string, applicationId: string, playerId: string, options: CallOptions = {}): Promise<void> {
    await this.#noContent(GOOGLE_OPERATIONS.managementPlayersHide, 'POST', hiddenPlayerPath(applicationId, playerId), accessToken, options);
  }

  /** `players.unhide`: undoes `hidePlayer` (Google says it may take up to a day to show). Idempotent, so retried. */
  async unhidePlayer(accessToken: string, applicationId: string, playerId: string, options: CallOptions = {}): Promise<void> {
    await this.#noContent(GOOGLE_OPERATIONS.managementPlayersUnhide, 'DELETE', hiddenPlayerPath(applicationId, playerId), accessToken, options);
  }

  async #noContent(operation: GoogleOperation, method: 'POST' | 'DELETE', path: string, accessToken: string, options: CallOptions): Promise<void> {
    if (typeof accessToken !== 'string' || accessToken.length === 0) throw new TypeError('accessToken must be a non-empty string');
    await this.#http.request({ ...options, operation, method, url: new URL(path, this.#base), accessToken, retrySafe: true });
  }

  async #post<T>(operation: GoogleOperation, path: string, accessToken: string, options: CallOptions): Promise<T> {
    if (typeof accessToken !== 'string' || accessToken.length === 0) throw new TypeError('accessToken must be a non-empty string');
    const res: HttpResponse = await this.#http.request({
      ...options,
      operation,
      method: 'POST',
      url: new URL(path, this.#base),
      accessToken,
      retrySafe: true,
    });
    if (typeof res.body !== 'object' || res.body === null || Array.isArray(res.body)) {
      throw new GoogleUnavailableError({
        operation,
        kind: 'invalid_response',
        status: res.status,
        attempts: 1,
        message: `${operation}: Google's answer is not a JSON object`,
      });
    }
    return res.body as T;
  }
}

function hiddenPlayerPath(applicationId: string, playerId: string): string {
  for (const [name, value] of [['applicationId', applicationId], ['playerId', playerId]] as const) {
    if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  }
  return `games/v1management/applications/${encodeURIComponent(applicationId)}/players/hidden/${encodeURIComponent(playerId)}`;
}
