/**
 * Google's wire shapes of the Games API v1 `leaderboards` resource (leaderboard definitions),
 * shared by the backend's clients and the emulator. Shapes follow the discovery document
 * (games-v1.json rev 20240529): a definition carries only its name, icon and sort order; score
 * limits and formats exist in the Play Console and the Configuration API alone.
 */

export const LEADERBOARD_ORDERS = ['LARGER_IS_BETTER', 'SMALLER_IS_BETTER'] as const;
/** `LARGER_IS_BETTER`: scores sort in descending order; `SMALLER_IS_BETTER`: ascending. */
export type LeaderboardOrder = (typeof LEADERBOARD_ORDERS)[number];

export interface Leaderboard {
  kind: 'games#leaderboard';
  id: string;
  name: string;
  iconUrl?: string;
  isIconUrlDefault: boolean;
  order: LeaderboardOrder;
}

export interface LeaderboardListResponse {
  kind: 'games#leaderboardListResponse';
  items: Leaderboard[];
  nextPageToken?: string;
}
