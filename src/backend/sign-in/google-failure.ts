/**
 * Turns a failed Google call during sign-in into the registry error the game client gets.
 * Transient failures become 503 with `Retry-After`; our own misconfiguration becomes a 500 that
 * is loud in the log and vague on the wire; anything the player can fix says how.
 */
import { GoogleApiError, GoogleOAuthError, GoogleUnavailableError, IdTokenError } from '../../google/errors.js';
import { ApiError } from '../errors.js';
import { googleRefusal, googleUnavailable } from '../google-refusal.js';

/** Maps an error thrown by a Google client in the sign-in pipeline; rethrows anything else as is. */
export function signInFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof GoogleUnavailableError) {
    return googleUnavailable(error, error.retryAfterMs);
  }
  if (error instanceof GoogleOAuthError) {
    switch (error.error) {
      case 'invalid_grant':
        return new ApiError('AUTH_CODE_INVALID', { detail: error.message });
      case 'invalid_request':
        // Google says `invalid_request` for a malformed code as well as for our own mistakes.
        return new ApiError('AUTH_CODE_INVALID', { detail: error.message });
      default:
        // invalid_client, unauthorized_client, redirect_uri_mismatch: the server's OAuth client is wrong.
        return new ApiError('GOOGLE_MISCONFIGURED', {
          detail: `Google refused the game server's OAuth client (${error.error}); check PGS_CLIENT_SECRET_FILE`,
          cause: error,
        });
    }
  }
  if (error instanceof IdTokenError) {
    if (error.reason === 'keys_unavailable') {
      return googleUnavailable(error);
    }
    // An audience mismatch on a token from our own exchange usually means the client IDs are
    // misconfigured (PGS_EXTRA_AUDIENCES); the detail says so in the log.
    return new ApiError('ID_TOKEN_INVALID', { detail: error.message });
  }
  if (error instanceof GoogleApiError) {
    switch (googleRefusal(error)) {
      case 'misconfigured':
        return new ApiError('GOOGLE_MISCONFIGURED', {
          detail: `${error.operation}: the Games API is not enabled in the Cloud project of the OAuth client; enable "Google Play Game Services" there (${error.message})`,
          cause: error,
        });
      case 'retry-later':
        // A quota that comes back (legacy 403 dailyLimitExceeded, quotaExceeded…), 408, 409.
        return googleUnavailable(error, error.retryAfterMs);
      case 'refused':
        break;
    }
    if (error.status === 401) {
      // The access token Google just issued is refused: revoked in between. A new code fixes it.
      return new ApiError('AUTH_CODE_INVALID', { detail: error.message });
    }
    return new ApiError('INTERNAL', { detail: `unexpected answer from Google during sign-in: ${error.message}`, cause: error });
  }
  return new ApiError('INTERNAL', { detail: 'unexpected failure during sign-in', cause: error });
}
