/**
 * Turns a failed Google call during sign-in into the registry error the game client gets.
 * Transient failures become 503 with `Retry-After`; our own misconfiguration becomes a 500 that
 * is loud in the log and vague on the wire; anything the player can fix says how.
 */
import { GoogleApiError, GoogleOAuthError, GoogleUnavailableError, IdTokenError } from '../../google/errors.js';
import { ApiError } from '../errors.js';
import { retryAfterHeaders } from '../http/retry-after.js';

/** Maps an error thrown by a Google client in the sign-in pipeline; rethrows anything else as is. */
export function signInFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof GoogleUnavailableError) {
    return new ApiError('GOOGLE_UNAVAILABLE', { headers: retryAfterHeaders(error.retryAfterMs), detail: error.message, cause: error });
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
      return new ApiError('GOOGLE_UNAVAILABLE', { headers: retryAfterHeaders(undefined), detail: error.message, cause: error });
    }
    // An audience mismatch on a token from our own exchange usually means the client IDs are
    // misconfigured (PGS_EXTRA_AUDIENCES); the detail says so in the log.
    return new ApiError('ID_TOKEN_INVALID', { detail: error.message });
  }
  if (error instanceof GoogleApiError) {
    if (isApiNotEnabled(error)) {
      return new ApiError('GOOGLE_MISCONFIGURED', {
        detail: `${error.operation}: the Games API is not enabled in the Cloud project of the OAuth client; enable "Google Play Game Services" there (${error.message})`,
        cause: error,
      });
    }
    if (error.status === 401) {
      // The access token Google just issued is refused: revoked in between. A new code fixes it.
      return new ApiError('AUTH_CODE_INVALID', { detail: error.message });
    }
    return new ApiError('INTERNAL', { detail: `unexpected answer from Google during sign-in: ${error.message}`, cause: error });
  }
  return new ApiError('INTERNAL', { detail: 'unexpected failure during sign-in', cause: error });
}

/**
 * Google's 403 for a project that has not enabled the API (pgs-api.md §3.2: `accessNotConfigured`;
 * newer bodies carry it only as the ErrorInfo reason `SERVICE_DISABLED`): the operator's to fix,
 * whichever call met it first.
 */
export function isApiNotEnabled(error: GoogleApiError): boolean {
  return error.status === 403 && (error.reason === 'accessNotConfigured' || error.reason === 'SERVICE_DISABLED');
}
