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
