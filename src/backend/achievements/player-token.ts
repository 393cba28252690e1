/**
 * Calls Google as a player, and turns Google's failures into the registry's errors for answers
 * that go straight back to the client (reads and resets; writes settle through the outbox).
 */
import { GoogleApiError, GoogleUnavailableError } from '../../google/errors.js';
import { ApiError, type ErrorCode } from '../errors.js';
import { googleRefusal, googleUnavailable } from '../google-refusal.js';
import type { TokenVault } from '../token-vault.js';

/** Whether Google refused the access token itself (expired early, revoked): worth one refresh. */
export function isTokenRefused(error: unknown): boolean {
  return error instanceof GoogleApiError && error.status === 401;
}

/**
 * Runs `fn` with the player's access token. If Google answers 401, the token is refreshed once
 * (`forceRefresh`) and `fn` runs again; a second 401 means the grant is unusable: REAUTH_REQUIRED.
 */
export async function withPlayerToken<T>(
  vault: Pick<TokenVault, 'getAccessToken'>,
  playerId: string,
  fn: (accessToken: string) => Promise<T>,
): Promise<T> {
  try {
    return await fn(await vault.getAccessToken(playerId));
  } catch (error) {
    if (!isTokenRefused(error)) throw error;
  }
  try {
    return await fn(await vault.getAccessToken(playerId, { forceRefresh: true }));
  } catch (error) {
    if (isTokenRefused(error)) {
      throw new ApiError('REAUTH_REQUIRED', { detail: 'Google refused a freshly refreshed access token', cause: error });
    }
    throw error;
  }
}

/**
 * The registry error for a Google failure on a call answered straight away. `byStatus` maps the
 * definitive answers the caller expects (e.g. 403 → NOT_A_TESTER for a reset); any other
 * definitive refusal means our configuration is wrong (wrong application ID, API not enabled);
 * Google's "retry later" (409, a 403 for a quota) is GOOGLE_UNAVAILABLE.
 */
export function apiErrorFromGoogle(error: unknown, byStatus: Partial<Record<number, ErrorCode>> = {}): unknown {
  if (error instanceof GoogleUnavailableError) {
    return googleUnavailable(error, error.retryAfterMs);
  }
  if (error instanceof GoogleApiError) {
    switch (googleRefusal(error)) {
      case 'retry-later':
        return googleUnavailable(error, error.retryAfterMs);
      case 'misconfigured':
        return new ApiError('GOOGLE_MISCONFIGURED', { detail: error.message, cause: error });
      case 'refused':
        break;
    }
    const code = byStatus[error.status];
    if (code) return new ApiError(code, { detail: error.message, cause: error });
    if (error.status === 401) return new ApiError('REAUTH_REQUIRED', { detail: error.message, cause: error });
    return new ApiError('GOOGLE_MISCONFIGURED', { detail: error.message, cause: error });
  }
  return error;
}
