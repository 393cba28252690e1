/**
 * `play-games-server/google`: the backend's clients for Google, usable on their own.
 *
 * - `OAuthClient`: server auth code exchange, refresh, revoke.
 * - `IdTokenVerifier`: Google ID tokens (RS256, cached rotating keys).
 * - `GamesClient`, `ManagementClient`: the Games API v1 and Games Management API.
 * - `RecallClient` with `ServiceAccountTokenSource`: the Recall API, as the game's service account.
 * - `HttpClient`: the shared transport (timeouts, retries, `Retry-After`, typed errors).
 * - Every Google URL is in `GoogleEndpoints` (`GOOGLE_ENDPOINTS`, `emulatorEndpoints(url)`).
 */
export { emulatorEndpoints, GOOGLE_ENDPOINTS, type GoogleEndpoints } from './endpoints.js';
export {
  GOOGLE_ERROR_CODES,
  GoogleApiError,
  GoogleError,
  GoogleOAuthError,
  GoogleUnavailableError,
  ID_TOKEN_ERROR_REASONS,
  IdTokenError,
  isGoogleError,
  type GoogleErrorCode,
  type GoogleUnavailableKind,
  type IdTokenErrorReason,
} from './errors.js';
export {
  GamesClient,
  type GamesClientOptions,
  type GetPlayerOptions,
  type GetPlayerScoresOptions,
  type LanguageOption,
  type ListAllDefinitionsOptions,
  type ListAllLeaderboardsOptions,
  type ListAllPlayerAchievementsOptions,
  type ListDefinitionsOptions,
  type ListLeaderboardsOptions,
  type ListPlayerAchievementsOptions,
  type ListScoresOptions,
  type ListScoresWindowOptions,
  type PageOptions,
  type ScoreToSubmit,
  type ScoreValue,
  type SubmitScoreOptions,
} from './games-client.js';
export {
  DEFAULT_DEADLINE_MS,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  HttpClient,
  type CallInfo,
  type CallOptions,
  type CallOutcome,
  type FetchLike,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type OnCall,
  type RetryPolicy,
} from './http.js';
export { IdTokenVerifier, type IdTokenVerifierOptions, type VerifyIdTokenOptions } from './id-token-verifier.js';
export { ManagementClient, type ManagementClientOptions } from './management-client.js';
export {
  OAuthClient,
  type ExchangeCodeOptions,
  type OAuthClientOptions,
  type OAuthTokens,
  type RevokeResult,
} from './oauth-client.js';
export { GOOGLE_OPERATIONS, type GoogleOperation } from './operations.js';
export { RecallClient, type LinkPersonaInput, type RecallClientOptions } from './recall-client.js';
export {
  parseServiceAccountKey,
  ServiceAccountKeyError,
  ServiceAccountTokenSource,
  type ServiceAccountKey,
  type ServiceAccountTokenSourceOptions,
} from './service-account.js';
export { isRequestId, newRequestId } from './request-id.js';
export * from './wire/achievements.js';
export * from './wire/applications.js';
export * from './wire/errors.js';
export * from './wire/int64.js';
export * from './wire/leaderboards.js';
export * from './wire/management.js';
export * from './wire/oauth.js';
export * from './wire/players.js';
export * from './wire/recall.js';
export * from './wire/scopes.js';
export * from './wire/scores.js';
