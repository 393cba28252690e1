/**
 * Google's wire shapes of the Games API v1 `applications` resource, shared by the backend's clients and the emulator.
 */
/** applications.verify. Note Google's snake_case field names here. */
export interface ApplicationVerifyResponse {
  kind: 'games#applicationVerifyResponse';
  player_id: string;
  alternate_player_id?: string;
}

/** An Android instance of an application (`Instance.androidInstance`). */
export interface InstanceAndroidDetails {
  kind: 'games#instanceAndroidDetails';
  packageName: string;
  enablePiracyCheck: boolean;
  preferred: boolean;
}

/** One platform an application ships on (`Application.instances[]`). */
export interface Instance {
  kind: 'games#instance';
  platformType: 'ANDROID' | 'IOS' | 'WEB_APP';
  name: string;
  androidInstance?: InstanceAndroidDetails;
  realtimePlay: boolean;
  turnBasedPlay: boolean;
}

export interface ApplicationCategory {
  kind: 'games#applicationCategory';
  primary: string;
  secondary?: string;
}

/** applications.get. Note `achievement_count` and `leaderboard_count` are snake_case. */
export interface Application {
  kind: 'games#application';
  id: string;
  name: string;
  description?: string;
  author?: string;
  category?: ApplicationCategory;
  instances: Instance[];
  lastUpdatedTimestamp?: string;
  /** Achievements visible to the caller (drafts count for testers). */
  achievement_count: number;
  /** Leaderboards visible to the caller. */
  leaderboard_count: number;
  themeColor?: string;
  enabledFeatures?: 'SNAPSHOTS'[];
}

/** applications.getEndPoint; this schema has no `kind`. */
export interface EndPoint {
  url: string;
}
