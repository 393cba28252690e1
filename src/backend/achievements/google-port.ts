/**
 * The Google calls the achievement module makes, as a narrow slice of the typed clients: tests
 * substitute fakes for exactly this, and nothing else of the clients leaks in.
 */
import type { GamesClient } from '../../google/games-client.js';
import type { ManagementClient } from '../../google/management-client.js';

export type AchievementGames = Pick<
  GamesClient,
  | 'listAllAchievementDefinitions'
  | 'listAllPlayerAchievements'
  | 'unlock'
  | 'increment'
  | 'reveal'
  | 'setStepsAtLeast'
  | 'updateMultiple'
>;

export type AchievementManagement = Pick<ManagementClient, 'resetAchievement' | 'resetAllAchievements'>;
