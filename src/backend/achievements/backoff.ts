/**
 * When to try a write again after a transient failure: full-jitter exponential backoff ("Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015; Google's retry guidance for its APIs), never
 * sooner than Google's `Retry-After` (RFC 9110 §10.2.3).
 */

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** Largest delay ceiling, however many attempts failed. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 60_000 };

/**
 * Delay before the next attempt of a write that has failed `attempts` times before this failure:
 * uniform in [0, min(maxMs, baseMs × 2^attempts)], at least `retryAfterMs`.
 */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempts), 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(retryAfterMs ?? 0, jittered);
}
