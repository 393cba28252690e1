/**
 * Google's wire shapes of the Games API v1 `scores` resource, shared by the backend's clients and
 * the emulator (discovery document games-v1.json rev 20240529). Every int64 travels as a string.
 * Google's own naming is inconsistent and copied exactly: `PlayerLeaderboardScore` has
 * `leaderboard_id`, `scoreString` and `writeTimestamp` where `LeaderboardEntry` has
 * `formattedScore` and `writeTimestampMillis`.
 */
import type { Int64String } from './int64.js';
import type { Player } from './players.js';

export const SCORE_TIME_SPANS = ['ALL_TIME', 'WEEKLY', 'DAILY'] as const;
/** The three spans every leaderboard has; WEEKLY and DAILY restart on Google's schedule. */
export type ScoreTimeSpan = (typeof SCORE_TIME_SPANS)[number];

/** `scores.get` also takes `ALL` (every span), but not together with leaderboard `ALL`. */
export const SCORES_GET_TIME_SPANS = ['ALL', ...SCORE_TIME_SPANS] as const;
export type ScoresGetTimeSpan = (typeof SCORES_GET_TIME_SPANS)[number];

/** `SOCIAL` is obsolete (the old Google+ circles); `FRIENDS` replaced it. */
export const SCORE_COLLECTIONS = ['PUBLIC', 'SOCIAL', 'FRIENDS'] as const;
export type ScoreCollection = (typeof SCORE_COLLECTIONS)[number];

/** Which ranks `scores.get` adds; without `includeRankType` it adds none. */
export const INCLUDE_RANK_TYPES = ['ALL', 'PUBLIC', 'SOCIAL', 'FRIENDS'] as const;
export type IncludeRankType = (typeof INCLUDE_RANK_TYPES)[number];

/** Google's pattern for `scoreTag`: up to 64 URI-safe characters. */
export const SCORE_TAG_PATTERN = '^[a-zA-Z0-9\\-._~]{0,64}$';

export interface LeaderboardScoreRank {
  kind: 'games#leaderboardScoreRank';
  rank: Int64String;
  formattedRank: string;
  numScores: Int64String;
  formattedNumScores: string;
}

/** One of the player's scores, as `scores.get` lists it. */
export interface PlayerLeaderboardScore {
  kind: 'games#playerLeaderboardScore';
  leaderboard_id: string;
  scoreValue: Int64String;
  scoreString: string;
  scoreTag?: string;
  timeSpan: ScoreTimeSpan;
  /** Epoch milliseconds. */
  writeTimestamp: Int64String;
  /** Absent when the player does not share their profile publicly (or is hidden). */
  publicRank?: LeaderboardScoreRank;
  socialRank?: LeaderboardScoreRank;
  friendsRank?: LeaderboardScoreRank;
}

export interface PlayerLeaderboardScoreListResponse {
  kind: 'games#playerLeaderboardScoreListResponse';
  items: PlayerLeaderboardScore[];
  nextPageToken?: string;
  player: Player;
}

/** One row of a leaderboard, as `scores.list` and `scores.listWindow` list it. */
export interface LeaderboardEntry {
  kind: 'games#leaderboardEntry';
  player: Player;
  scoreValue: Int64String;
  formattedScore: string;
  /** Absent on the caller's own `playerScore` when they are not on the collection. */
  scoreRank?: Int64String;
  formattedScoreRank?: string;
  scoreTag?: string;
  timeSpan: ScoreTimeSpan;
  writeTimestampMillis: Int64String;
}

export interface LeaderboardScores {
  kind: 'games#leaderboardScores';
  items: LeaderboardEntry[];
  nextPageToken?: string;
  prevPageToken?: string;
  numScores: Int64String;
  /** The caller's own score in this span, when they have one. */
  playerScore?: LeaderboardEntry;
}

export interface PlayerScore {
  kind: 'games#playerScore';
  score: Int64String;
  formattedScore: string;
  scoreTag?: string;
  timeSpan: ScoreTimeSpan;
}

/** The answer to one submitted score. */
export interface PlayerScoreResponse {
  kind: 'games#playerScoreResponse';
  leaderboardId: string;
  formattedScore: string;
  scoreTag?: string;
  /** The spans where this score beat the player's best (and is now it). */
  beatenScoreTimeSpans: ScoreTimeSpan[];
  /** The player's bests in the spans this score did not beat. */
  unbeatenScores: PlayerScore[];
}

export interface ScoreSubmission {
  kind?: 'games#scoreSubmission';
  leaderboardId: string;
  score: Int64String;
  scoreTag?: string;
  /** Undocumented by Google ("URI-safe characters"); accepted and ignored. */
  signature?: string;
}

export interface PlayerScoreSubmissionList {
  kind?: 'games#playerScoreSubmissionList';
  scores: ScoreSubmission[];
}

export interface PlayerScoreListResponse {
  kind: 'games#playerScoreListResponse';
  submittedScores: PlayerScoreResponse[];
}
