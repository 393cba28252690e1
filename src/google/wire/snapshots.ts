/**
 * Google's wire shapes of the Games API v1 `snapshots` resource (saved-game metadata; discovery
 * games-v1.json rev 20240529). The Games API serves metadata only: the save's bytes live in the
 * player's Drive application data folder (https://developer.android.com/games/pgs/savedgames).
 * Note the snake_case `mime_type` of `SnapshotImage`, copied exactly.
 */
import type { Int64String } from './int64.js';

export interface SnapshotImage {
  kind: 'games#snapshotImage';
  /** May be invalidated at any time: not to be cached. */
  url: string;
  width: number;
  height: number;
  mime_type: string;
}

export interface Snapshot {
  kind: 'games#snapshot';
  id: string;
  /** The name the game gave the save when it created it. */
  uniqueName: string;
  title: string;
  description: string;
  type: 'SAVE_GAME';
  /** The Drive file behind the save; only when the caller owns it. */
  driveId?: string;
  /** Played time, ms. */
  durationMillis: Int64String;
  lastModifiedMillis: Int64String;
  /** A value the game sets (e.g. progress). */
  progressValue: Int64String;
  coverImage?: SnapshotImage;
}

export interface SnapshotListResponse {
  kind: 'games#snapshotListResponse';
  items: Snapshot[];
  /** Omitted when there are no more. */
  nextPageToken?: string;
}
