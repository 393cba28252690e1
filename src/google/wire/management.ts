/**
 * Google's wire shapes of the Games Management API, shared by the backend's clients and the emulator.
 */
export interface AchievementResetResponse {
  kind: 'gamesManagement#achievementResetResponse';
  definitionId: string;
  currentState: string;
  updateOccurred: boolean;
}

export interface AchievementResetAllResponse {
  kind: 'gamesManagement#achievementResetAllResponse';
  results: AchievementResetResponse[];
}

export interface AchievementResetMultipleForAllRequest {
  kind?: 'gamesManagement#achievementResetMultipleForAllRequest';
  achievement_ids: string[];
}

export interface PlayerScoreResetResponse {
  kind: 'gamesManagement#playerScoreResetResponse';
  /** The leaderboard ID. */
  definitionId: string;
  /** The spans (`ALL_TIME`, `WEEKLY`, `DAILY`) where a score was removed. */
  resetScoreTimeSpans: string[];
}

export interface PlayerScoreResetAllResponse {
  kind: 'gamesManagement#playerScoreResetAllResponse';
  results: PlayerScoreResetResponse[];
}

export interface ScoresResetMultipleForAllRequest {
  kind?: 'gamesManagement#scoresResetMultipleForAllRequest';
  leaderboard_ids: string[];
}
