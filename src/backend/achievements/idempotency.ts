/**
 * `Idempotency-Key`: a client that repeats a request with the same key gets the first answer, and
 * nothing is written twice (the IETF httpapi "Idempotency-Key" header draft; Stripe's semantics).
 * The key is scoped to the player; the request it was first used with is remembered as a hash, so
 * the same key on a different request is refused rather than silently answered wrongly.
 */
import { createHash } from 'node:crypto';
import type { RequestedUpdate } from './validation.js';

/** 1–255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';

/** A stable hash of what a write request asks for: its shape (single or batch) and its updates. */
export function requestHash(batch: boolean, updates: readonly RequestedUpdate[]): string {
  const canonical = JSON.stringify({
    batch,
    updates: updates.map((u) => [u.achievementId, u.type, u.steps ?? null]),
  });
  return createHash('sha256').update(canonical).digest('base64url');
}
