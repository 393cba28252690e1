/**
 * How the backend reads a Google failure, one rule for sign-in, achievements and the token vault
 * (pgs-api.md §3): "not now" (a quota that comes back, 408, 409), the operator's setup (an API
 * not enabled in the Cloud project), or a refusal of the call itself.
 */
import type { GoogleApiError, GoogleUnavailableError } from '../google/errors.js';
import { ApiError } from './errors.js';
import { retryAfterHeaders } from './http/retry-after.js';

/** Why Google refused a call, as far as the player's request is concerned. */
export type GoogleRefusal =
  /** "Not now": 408, 409 ABORTED (google.rpc.Code: retry), a 403 for a quota that comes back. */
  | 'retry-later'
  /** The operator's setup: a 403 for an API not enabled in the Cloud project. */
  | 'misconfigured'
  /** The call itself is refused (400, 403 `forbidden`, 404…). */
  | 'refused';

// The rate-limit reasons are also retried by the transport (`google/http.ts`), which turns them
// into GoogleUnavailableError once its attempts run out; they are listed here for a client
// injected without that transport.
const RETRY_LATER_403_REASONS: ReadonlySet<string> = new Set([
  'dailyLimitExceeded',
  'quotaExceeded',
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'RATE_LIMIT_EXCEEDED',
]);
const MISCONFIGURED_403_REASONS: ReadonlySet<string> = new Set(['accessNotConfigured', 'SERVICE_DISABLED']);

/** Reads a definitive Google answer: retry later, fix the setup, or refused. */
export function googleRefusal(error: GoogleApiError): GoogleRefusal {
  if (error.status === 408 || error.status === 409) return 'retry-later';
  if (error.status === 403 && error.reason !== undefined) {
    if (RETRY_LATER_403_REASONS.has(error.reason)) return 'retry-later';
    if (MISCONFIGURED_403_REASONS.has(error.reason)) return 'misconfigured';
  }
  return 'refused';
}

/** 503 GOOGLE_UNAVAILABLE with `Retry-After` (Google's own hint when it gave one). */
export function googleUnavailable(error: GoogleUnavailableError | GoogleApiError | Error, retryAfterMs?: number): ApiError {
  return new ApiError('GOOGLE_UNAVAILABLE', { headers: retryAfterHeaders(retryAfterMs), detail: error.message, cause: error });
}
