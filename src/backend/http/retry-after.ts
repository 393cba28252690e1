/**
 * `Retry-After` for answers that tell the client to come back later: Google's own hint when it
 * gave one, else a short default. Always whole seconds, at least 1 (RFC 9110 §10.2.3).
 */
const DEFAULT_RETRY_AFTER_SECONDS = 2;
const MAX_RETRY_AFTER_SECONDS = 300;

/** The header to send with a 503/429 answer. */
export function retryAfterHeaders(retryAfterMs: number | undefined): Record<string, string> {
  const seconds =
    retryAfterMs === undefined
      ? DEFAULT_RETRY_AFTER_SECONDS
      : Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return { 'retry-after': String(seconds) };
}
