/**
 * OAuth scopes a Play Games server auth code can carry (docs/google/oauth.md, 'Scope strings').
 * The two defaults are always granted; email, profile and openid only when the player consents.
 * These are names, not endpoints: Google and the emulator spell them the same way, so they are
 * fixed here rather than configured (only the URLs the backend calls are configuration; those
 * are all in `endpoints.ts`). Tests use these constants instead of restating the strings.
 */
export const SCOPES = {
  gamesLite: 'https://www.googleapis.com/auth/games_lite',
  games: 'https://www.googleapis.com/auth/games',
  driveAppData: 'https://www.googleapis.com/auth/drive.appdata',
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
  openid: 'openid',
} as const;

export type ScopeUrl = (typeof SCOPES)[keyof typeof SCOPES];

/** What the device SDK's `AuthScope` enum lets a game ask for (EMAIL, PROFILE, OPEN_ID). */
export const OPTIONAL_SCOPES = ['email', 'profile', 'openid'] as const;
export type OptionalScope = (typeof OPTIONAL_SCOPES)[number];

/** Scopes every Play Games v2 server auth code grants. */
export const DEFAULT_SCOPES: readonly ScopeUrl[] = [SCOPES.gamesLite, SCOPES.driveAppData];

/** The full scope URL Google reports in a token response for each optional short scope. */
export const OPTIONAL_SCOPE_URLS: Record<OptionalScope, ScopeUrl> = {
  email: SCOPES.email,
  profile: SCOPES.profile,
  openid: SCOPES.openid,
};

/** Either scope lets a token call the Games API (REST docs list `games` or `games_lite`). */
export const GAMES_API_SCOPES: readonly ScopeUrl[] = [SCOPES.games, SCOPES.gamesLite];

/**
 * The scope of a service account's token for the Recall API (docs/google/recall.md): Google's
 * Android Publisher scope, not a Games one. Player tokens never carry it.
 */
export const RECALL_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';
