/**
 * The token vault's own failure: the player's Google grant cannot give an access token any more,
 * and only a new sign-in (a server auth code asked with `forceRefreshToken`) mends it. Every other
 * failure of the vault is Google's own error, passed through as the Google clients threw it
 * (`GoogleUnavailableError` when Google cannot refresh now, `GoogleOAuthError` when Google refuses
 * the game server's OAuth client), so that one classifier (`src/backend/google-failures.ts`) reads
 * them all.
 */

/** Why the grant is unusable. */
export type GrantUnusableReason =
  /** No grant is stored for the player (deleted, or never signed in). */
  | 'no-grant'
  /** The access token expired and Google issued no refresh token to replace it. */
  | 'needs-consent'
  /** Google refused the refresh token (`invalid_grant`): the player removed the game's access. */
  | 'revoked'
  /** Google refused an access token that was refreshed a moment ago. */
  | 'token-refused';

export class GrantUnusableError extends Error {
  readonly reason: GrantUnusableReason;

  constructor(reason: GrantUnusableReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GrantUnusableError';
    this.reason = reason;
  }
}
