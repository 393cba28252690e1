/**
 * Google's wire shapes of the Games Management API, shared by the backend's clients and the emulator.
 */
import type { Int64String } from './int64.js';
import type { PlayerName } from './players.js';
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

/** The Management API's smaller copy of a level: no `kind`. */
export interface ManagementPlayerLevel {
  level: number;
  minExperiencePoints: Int64String;
  maxExperiencePoints: Int64String;
}

/** The Management API's smaller copy of the Games `Player`: no `friendStatus`, no `gamePlayerId`. */
export interface ManagementPlayer {
  kind: 'gamesManagement#player';
  playerId: string;
  displayName: string;
  avatarImageUrl?: string;
  name?: PlayerName;
  originalPlayerId?: string;
  experienceInfo?: {
    currentExperiencePoints: Int64String;
    currentLevel: ManagementPlayerLevel;
    nextLevel: ManagementPlayerLevel;
    lastLevelUpTimestampMillis?: Int64String;
  };
  profileSettings?: { kind: 'gamesManagement#profileSettings'; profileVisible: boolean };
  title?: string;
}

export interface HiddenPlayer {
  kind: 'gamesManagement#hiddenPlayer';
  /** When the player was hidden, epoch ms. */
  hiddenTimeMillis: Int64String;
  player: ManagementPlayer;
}

export interface HiddenPlayerList {
  kind: 'gamesManagement#hiddenPlayerList';
  items: HiddenPlayer[];
  nextPageToken?: string;
}

export interface EventsResetMultipleForAllRequest {
  kind?: 'gamesManagement#eventsResetMultipleForAllRequest';
  event_ids: string[];
}
