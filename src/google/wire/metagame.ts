/**
 * Google's wire shapes of the Games API v1 `metagame` resource (discovery games-v1.json):
 * the player level table and the XP a player earned per game category.
 */
import type { Int64String } from './int64.js';
import type { PlayerLevel } from './players.js';

/** metagame.getMetagameConfig. */
export interface MetagameConfig {
  kind: 'games#metagameConfig';
  /** Increased by one whenever the level table changes. */
  currentVersion: number;
  playerLevels: PlayerLevel[];
}

export interface Category {
  kind: 'games#category';
  category: string;
  experiencePoints: Int64String;
}

/** metagame.listCategoriesByPlayer. */
export interface CategoryListResponse {
  kind: 'games#categoryListResponse';
  items: Category[];
  nextPageToken?: string;
}
