/**
 * Google's wire shapes of the Games API v1 `applications` resource, shared by the backend's clients and the emulator.
 */
/** applications.verify. Note Google's snake_case field names here. */
export interface ApplicationVerifyResponse {
  kind: 'games#applicationVerifyResponse';
  player_id: string;
  alternate_player_id?: string;
}
