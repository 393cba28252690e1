/**
 * Google's wire shapes of the Games API v1 `players` resource, shared by the backend's clients and the emulator.
 * Shapes follow the discovery documents (games-v1.json rev 20240529, gamesManagement-v1management.json).
 */
import type { Int64String } from './int64.js';

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

/** players.list. */
export interface PlayerListResponse {
  kind: 'games#playerListResponse';
  items: Player[];
  nextPageToken?: string;
}

/** One game's player ID for the caller (`GetMultipleApplicationPlayerIdsResponse.playerIds[]`). */
export interface ApplicationPlayerId {
  applicationId: string;
  playerId: string;
}

/** players.getMultipleApplicationPlayerIds; games the player has no ID in are left out. No `kind`. */
export interface GetMultipleApplicationPlayerIdsResponse {
  playerIds: ApplicationPlayerId[];
}
