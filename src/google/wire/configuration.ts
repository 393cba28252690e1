/**
 * Google's wire shapes of the Games Configuration API v1configuration (discovery
 * gamesConfiguration-v1configuration.json,
 * https://developers.google.com/games/services/publishing/api): the console's achievement and
 * leaderboard configurations, each with a `draft` and a read-only `published` version.
 */
import type { Int64String } from './int64.js';

export interface LocalizedString {
  kind?: 'gamesConfiguration#localizedString';
  locale: string;
  value: string;
}

export interface LocalizedStringBundle {
  kind?: 'gamesConfiguration#localizedStringBundle';
  translations: LocalizedString[];
}

export interface AchievementConfigurationDetail {
  kind?: 'gamesConfiguration#achievementConfigurationDetail';
  name: LocalizedStringBundle;
  description?: LocalizedStringBundle;
  /** Writes are ignored. */
  iconUrl?: string;
  pointValue?: number;
  /** Writes are ignored. */
  sortRank?: number;
}

export interface AchievementConfiguration {
  kind: 'gamesConfiguration#achievementConfiguration';
  id: string;
  token?: string;
  achievementType: 'STANDARD' | 'INCREMENTAL';
  initialState: 'HIDDEN' | 'REVEALED';
  /** INCREMENTAL only. */
  stepsToUnlock?: number;
  draft?: AchievementConfigurationDetail;
  published?: AchievementConfigurationDetail;
}

export interface AchievementConfigurationListResponse {
  kind: 'gamesConfiguration#achievementConfigurationListResponse';
  items: AchievementConfiguration[];
  nextPageToken?: string;
}

/** Plural forms of a NUMERIC score's unit. */
export interface GamesNumberAffixConfiguration {
  zero?: LocalizedStringBundle;
  one?: LocalizedStringBundle;
  two?: LocalizedStringBundle;
  few?: LocalizedStringBundle;
  many?: LocalizedStringBundle;
  other?: LocalizedStringBundle;
}

export interface GamesNumberFormatConfiguration {
  numberFormatType: 'NUMERIC' | 'TIME_DURATION' | 'CURRENCY';
  numDecimalPlaces?: number;
  currencyCode?: string;
  suffix?: GamesNumberAffixConfiguration;
}

export interface LeaderboardConfigurationDetail {
  kind?: 'gamesConfiguration#leaderboardConfigurationDetail';
  name: LocalizedStringBundle;
  /** Writes are ignored. */
  iconUrl?: string;
  /** Writes are ignored. */
  sortRank?: number;
  scoreFormat?: GamesNumberFormatConfiguration;
}

export interface LeaderboardConfiguration {
  kind: 'gamesConfiguration#leaderboardConfiguration';
  id: string;
  token?: string;
  scoreOrder: 'LARGER_IS_BETTER' | 'SMALLER_IS_BETTER';
  scoreMin?: Int64String;
  scoreMax?: Int64String;
  draft?: LeaderboardConfigurationDetail;
  published?: LeaderboardConfigurationDetail;
}

export interface LeaderboardConfigurationListResponse {
  kind: 'gamesConfiguration#leaderboardConfigurationListResponse';
  items: LeaderboardConfiguration[];
  nextPageToken?: string;
}
