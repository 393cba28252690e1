/**
 * What a failed Google call (or token lookup) means for an achievement write: retry later, wait
 * for the player to sign in again, or give up for good. The meaning is `classifyGoogleFailure`'s;
 * this picks the outbox's answer to it, in one place, so the send-at-once path and the worker
 * treat every failure the same way.
 */
import { classifyGoogleFailure } from '../google-failures.js';

export type Failure =
  /** Google is down, slow or rate limiting, or our own setup is wrong: try again later. */
  | { kind: 'transient'; retryAfterMs: number | undefined; reason: string }
  /** The player's grant is dead: park the writes until they sign in again. */
  | { kind: 'reauth'; reason: string }
  /** Google refused the write itself (400, 403 `forbidden`, 404…): retrying cannot help. */
  | { kind: 'permanent'; status: number; googleReason: string | undefined; reason: string }
  /** Anything else (a bug, the database): retry later, loudly. */
  | { kind: 'unexpected'; reason: string; error: unknown };

/** Classifies an error thrown while sending achievement writes. Reasons never hold a secret. */
export function classifyFailure(error: unknown): Failure {
  const failure = classifyGoogleFailure(error);
  switch (failure.kind) {
    case 'unavailable':
      return { kind: 'transient', retryAfterMs: failure.retryAfterMs, reason: `google unavailable: ${failure.detail}` };
    case 'misconfigured':
      // Failing the writes for good would lose writes already answered 202: they are not the
      // player's fault, and wait (with the usual backoff) for the operator to fix the setup.
      return { kind: 'transient', retryAfterMs: undefined, reason: `google misconfigured: ${failure.detail}` };
    case 'token-refused':
    case 'grant-refused':
    case 'reauth':
      return { kind: 'reauth', reason: `player must sign in again (${failure.detail})` };
    case 'refused':
      return { kind: 'permanent', status: failure.status, googleReason: failure.reason, reason: `google refused the write: ${failure.detail}` };
    case 'scope-insufficient':
      return { kind: 'permanent', status: 403, googleReason: 'insufficientPermissions', reason: `google refused the write: ${failure.detail}` };
    case 'id-token-invalid':
    case 'unexpected': {
      const cause = failure.kind === 'unexpected' ? failure.error : error;
      const name = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      return { kind: 'unexpected', reason: `unexpected error: ${name}`.slice(0, 500), error: cause };
    }
  }
}
