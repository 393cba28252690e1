/**
 * Google's wire shapes of the Games API v1 `accesstokens` resource: Play Grouping API tokens
 * (https://developer.android.com/games/services/web/api/rest/v1/accesstokens/generatePlayGroupingApiToken).
 * Neither schema has a `kind`.
 */
export interface PlayGroupingApiToken {
  tokenValue: string;
}

/** accesstokens.generatePlayGroupingApiToken. */
export interface GeneratePlayGroupingApiTokenResponse {
  token: PlayGroupingApiToken;
}

/** accesstokens.generateRecallPlayGroupingApiToken. */
export interface GenerateRecallPlayGroupingApiTokenResponse {
  token: PlayGroupingApiToken;
}
