/**
 * The Google calls the leaderboard module makes, as a narrow slice of the typed clients: tests
 * substitute fakes for exactly this, and nothing else of the clients leaks in.
 */
import type { GamesClient } from '../../google/games-client.js';
import type { ManagementClient } from '../../google/management-client.js';

export type LeaderboardGames = Pick<
  GamesClient,
  'listAllLeaderboards' | 'submitScore' | 'submitScores' | 'getPlayerScores' | 'listScores' | 'listScoresWindow'
>;

export type LeaderboardManagement = Pick<ManagementClient, 'hidePlayer' | 'unhidePlayer'>;
