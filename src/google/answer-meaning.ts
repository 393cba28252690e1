/**
 * What a Google error answer means, decided once, from its HTTP status and its first
 * `errors[].reason` (or ErrorInfo reason). The transport (`http.ts`) reads it to decide what is
 * worth retrying; the backend's classifier (`src/backend/google-failures.ts`) reads it to decide
 * what the caller is told. See docs/google/errors.md for Google's statuses and reasons.
 */

/** The meaning of an error answer. */
export type GoogleAnswerMeaning =
  /**
   * Not now: 429, a 5xx other than 501, 408, 409 ABORTED (google.rpc.Code says "retry"), or a
   * legacy 403 for a rate limit or a quota that comes back.
   */
  | 'retry'
  /** 401: the access token is not (or no longer) accepted. One refresh may cure it. */
  | 'token-refused'
  /** A 403 because the API is not enabled in the Cloud project: the operator's setup. */
  | 'misconfigured'
  /** A 403 because the token lacks the scope the method needs. */
  | 'scope-insufficient'
  /** Any other definitive answer (400, 403 `forbidden`, 404…): the call itself is refused. */
  | 'refused';

/** Legacy 403 reasons for a per-second or per-user rate limit: gone within seconds. */
const RATE_LIMIT_REASONS: ReadonlySet<string> = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);
/** Legacy 403 reasons for a daily quota: it comes back, but not within a request's lifetime. */
const QUOTA_REASONS: ReadonlySet<string> = new Set(['dailyLimitExceeded', 'quotaExceeded']);
const MISCONFIGURED_REASONS: ReadonlySet<string> = new Set(['accessNotConfigured', 'SERVICE_DISABLED']);
const SCOPE_REASONS: ReadonlySet<string> = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);

/** Reads an error answer's status and reason. */
export function meaningOfGoogleAnswer(status: number, reason: string | undefined): GoogleAnswerMeaning {
  if (status === 429 || status === 408 || status === 409 || (status >= 500 && status !== 501)) return 'retry';
  if (status === 401) return 'token-refused';
  if (status === 403 && reason !== undefined) {
    if (RATE_LIMIT_REASONS.has(reason) || QUOTA_REASONS.has(reason)) return 'retry';
    if (MISCONFIGURED_REASONS.has(reason)) return 'misconfigured';
    if (SCOPE_REASONS.has(reason)) return 'scope-insufficient';
  }
  return 'refused';
}

/**
 * Whether an answer meaning "retry" is worth retrying within the same call, after a short
 * backoff: a rate limit or an overloaded server clears within seconds. A daily quota, a 408 or a
 * 409 do not clear that fast; the caller learns at once and retries later (an achievement write
 * stays pending in the outbox).
 */
export function retriedWithinCall(status: number, reason: string | undefined): boolean {
  if (status === 429 || (status >= 500 && status !== 501)) return true;
  return status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason);
}
