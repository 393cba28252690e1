/**
 * Google's wire shapes of the Games API v1 achievement resources (definitions, per-player state and
 * updates), shared by the backend's clients and the emulator. Shapes follow the discovery documents (games-v1.json rev 20240529, gamesManagement-v1management.json).
 */
import type { Int64String } from './int64.js';

export const ACHIEVEMENT_TYPES = ['STANDARD', 'INCREMENTAL'] as const;
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number];

export const ACHIEVEMENT_STATES = ['HIDDEN', 'REVEALED', 'UNLOCKED'] as const;
export type AchievementState = (typeof ACHIEVEMENT_STATES)[number];

export const ACHIEVEMENT_UPDATE_TYPES = ['REVEAL', 'UNLOCK', 'INCREMENT', 'SET_STEPS_AT_LEAST'] as const;
export type AchievementUpdateType = (typeof ACHIEVEMENT_UPDATE_TYPES)[number];

export interface AchievementDefinition {
  kind: 'games#achievementDefinition';
  id: string;
  name: string;
  description: string;
  achievementType: AchievementType;
  totalSteps?: number;
  formattedTotalSteps?: string;
  revealedIconUrl?: string;
  unlockedIconUrl?: string;
  isRevealedIconUrlDefault: boolean;
  isUnlockedIconUrlDefault: boolean;
  initialState: AchievementState;
  experiencePoints: Int64String;
}

export interface AchievementDefinitionsListResponse {
  kind: 'games#achievementDefinitionsListResponse';
  items: AchievementDefinition[];
  nextPageToken?: string;
}

// ---------------------------------------------------------------------------------------------
// Per-player achievements (docs/google/games-api.md, 'Per-player achievements')

export interface PlayerAchievement {
  kind: 'games#playerAchievement';
  id: string;
  achievementState: AchievementState;
  currentSteps?: number;
  formattedCurrentStepsString?: string;
  lastUpdatedTimestamp?: Int64String;
  /** Absent while not unlocked; "0" when a tester unlocked a draft. */
  experiencePoints?: Int64String;
}

export interface PlayerAchievementListResponse {
  kind: 'games#playerAchievementListResponse';
  items: PlayerAchievement[];
  nextPageToken?: string;
}

export interface AchievementUnlockResponse {
  kind: 'games#achievementUnlockResponse';
  newlyUnlocked: boolean;
}

export interface AchievementIncrementResponse {
  kind: 'games#achievementIncrementResponse';
  currentSteps: number;
  newlyUnlocked: boolean;
}

export interface AchievementRevealResponse {
  kind: 'games#achievementRevealResponse';
  currentState: 'REVEALED' | 'UNLOCKED';
}

export interface AchievementSetStepsAtLeastResponse {
  kind: 'games#achievementSetStepsAtLeastResponse';
  currentSteps: number;
  newlyUnlocked: boolean;
}

export interface GamesAchievementIncrement {
  kind?: 'games#GamesAchievementIncrement';
  steps: number;
  requestId?: Int64String;
}

export interface GamesAchievementSetStepsAtLeast {
  kind?: 'games#GamesAchievementSetStepsAtLeast';
  steps: number;
}

export interface AchievementUpdateRequest {
  kind?: 'games#achievementUpdateRequest';
  achievementId: string;
  updateType: AchievementUpdateType;
  incrementPayload?: GamesAchievementIncrement;
  setStepsAtLeastPayload?: GamesAchievementSetStepsAtLeast;
}

export interface AchievementUpdateMultipleRequest {
  kind?: 'games#achievementUpdateMultipleRequest';
  updates: AchievementUpdateRequest[];
}

export interface AchievementUpdateResponse {
  kind: 'games#achievementUpdateResponse';
  achievementId: string;
  currentState: AchievementState;
  currentSteps?: number;
  newlyUnlocked: boolean;
  updateOccurred: boolean;
}

export interface AchievementUpdateMultipleResponse {
  kind: 'games#achievementUpdateMultipleResponse';
  updatedAchievements: AchievementUpdateResponse[];
}
