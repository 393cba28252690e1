/**
 * Google's wire formats for the Games API v1, the Games Management API and the OAuth endpoints,
 * written once and shared by the backend's clients and by the emulator.
 *
 * Shapes follow the discovery documents (games-v1.json rev 20240529, gamesManagement-v1management.json):
 * see shared/reference/pgs-api.md §1–§5. int64 fields travel as JSON strings; int32 as numbers.
 */

/** An int64 travelling as a decimal string, as Google's JSON encoding requires. */
export type Int64String = string;

export const ACHIEVEMENT_TYPES = ['STANDARD', 'INCREMENTAL'] as const;
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number];

export const ACHIEVEMENT_STATES = ['HIDDEN', 'REVEALED', 'UNLOCKED'] as const;
export type AchievementState = (typeof ACHIEVEMENT_STATES)[number];

export const ACHIEVEMENT_UPDATE_TYPES = ['REVEAL', 'UNLOCK', 'INCREMENT', 'SET_STEPS_AT_LEAST'] as const;
export type AchievementUpdateType = (typeof ACHIEVEMENT_UPDATE_TYPES)[number];

// ---------------------------------------------------------------------------------------------
// Players (§1.2)

export interface PlayerName {
  familyName?: string;
  givenName?: string;
}

export interface PlayerLevel {
  kind: 'games#playerLevel';
  level: number;
  minExperiencePoints: Int64String;
  maxExperiencePoints: Int64String;
}

export interface PlayerExperienceInfo {
  kind: 'games#playerExperienceInfo';
  currentExperiencePoints: Int64String;
  currentLevel: PlayerLevel;
  nextLevel: PlayerLevel;
  lastLevelUpTimestampMillis?: Int64String;
}

export interface ProfileSettings {
  kind: 'games#profileSettings';
  profileVisible: boolean;
  friendsListVisibility?: 'VISIBLE' | 'REQUEST_REQUIRED' | 'UNAVAILABLE';
}

export interface Player {
  kind: 'games#player';
  playerId: string;
  displayName: string;
  avatarImageUrl?: string;
  bannerUrlLandscape?: string;
  bannerUrlPortrait?: string;
  /** Only on players.get('me'), and only when the player's ID has changed since first sign-in. */
  originalPlayerId?: string;
  profileSettings?: ProfileSettings;
  name?: PlayerName;
  experienceInfo?: PlayerExperienceInfo;
  title?: string;
  friendStatus?: 'NO_RELATIONSHIP' | 'FRIEND';
  gamePlayerId?: string;
}

/** players.getScopedPlayerIds; this schema has no `kind`. */
export interface ScopedPlayerIds {
  gamePlayerId: string;
  developerPlayerKey: string;
}

// ---------------------------------------------------------------------------------------------
// Applications (§1.5)

/** applications.verify. Note Google's snake_case field names here. */
export interface ApplicationVerifyResponse {
  kind: 'games#applicationVerifyResponse';
  player_id: string;
  alternate_player_id?: string;
}

// ---------------------------------------------------------------------------------------------
// Achievement definitions (§1.3)

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
// Per-player achievements (§1.4)

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

// ---------------------------------------------------------------------------------------------
// Games Management API (§2)

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

// ---------------------------------------------------------------------------------------------
// Errors (§3)

/** One entry of the legacy `errors[]` array of Google's error envelope. */
export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

/** The `{error: {...}}` envelope every Google REST API answers errors with. */
export interface GoogleErrorEnvelope {
  error: {
    code: number;
    message: string;
    errors: GoogleErrorItem[];
    status: string;
    details?: Array<Record<string, unknown>>;
  };
}

// ---------------------------------------------------------------------------------------------
// OAuth (§4, §5)

/** Successful answer of `POST /token` (both grants). */
export interface OAuthTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** RFC 6749 §5.2 error body, as Google's token, revoke and tokeninfo endpoints answer. */
export interface OAuthErrorResponse {
  error: string;
  error_description?: string;
  error_uri?: string;
}

/** `tokeninfo` for an access token: every value is a string, as Google sends it. */
export interface TokenInfoResponse {
  azp: string;
  aud: string;
  sub: string;
  scope: string;
  exp: string;
  expires_in: string;
  email?: string;
  email_verified?: string;
  access_type: 'online' | 'offline';
}

/** Claims of a Google ID token (google-auth-library's TokenPayload). */
export interface GoogleIdTokenClaims {
  iss: string;
  aud: string;
  azp?: string;
  sub: string;
  iat: number;
  exp: number;
  at_hash?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  picture?: string;
  given_name?: string;
  family_name?: string;
  locale?: string;
}
