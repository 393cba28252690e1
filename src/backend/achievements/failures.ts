/**
 * What a failed Google call (or token lookup) means for an achievement write: retry later, wait
 * for the player to sign in again, or give up for good. One place decides, so the send-at-once
 * path and the worker treat every failure the same way.
 */
import { GoogleApiError, GoogleUnavailableError } from '../../google/errors.js';
import { ApiError } from '../errors.js';
import { googleRefusal } from '../google-refusal.js';

export type Failure =
  /** 429, 5xx, timeout, dropped connection, or the vault could not refresh now: try again later. */
  | { kind: 'transient'; retryAfterMs: number | undefined; reason: string }
  /** The player's grant is dead: park the writes until they sign in again. */
  | { kind: 'reauth'; reason: string }
  /** Google refused the write itself (400, 403 `forbidden`, 404…): retrying cannot help. */
  | { kind: 'permanent'; status: number; googleReason: string | undefined; reason: string }
  /** Anything else (a bug, the database): retry later, loudly. */
  | { kind: 'unexpected'; reason: string; error: unknown };

/** Classifies an error thrown while sending achievement writes. Reasons never hold a secret. */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof GoogleUnavailableError) {
    return { kind: 'transient', retryAfterMs: error.retryAfterMs, reason: `google unavailable: ${error.message}` };
  }
  if (error instanceof GoogleApiError) {
    if (error.status === 401) return { kind: 'reauth', reason: `google refused the access token: ${error.message}` };
    // Failing a write for good on these would lose a write already answered 202.
    switch (googleRefusal(error)) {
      case 'retry-later':
        return { kind: 'transient', retryAfterMs: error.retryAfterMs, reason: `google answered retry later: ${error.message}` };
      case 'misconfigured':
        return { kind: 'transient', retryAfterMs: error.retryAfterMs, reason: `google api not enabled for this project: ${error.message}` };
      case 'refused':
        break;
    }
    return { kind: 'permanent', status: error.status, googleReason: error.reason, reason: `google refused the write: ${error.message}` };
  }
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'REAUTH_REQUIRED':
        return { kind: 'reauth', reason: `player must sign in again (${error.detail ?? 'grant not usable'})` };
      case 'GOOGLE_UNAVAILABLE':
        return { kind: 'transient', retryAfterMs: retryAfterMsOf(error), reason: `token refresh unavailable: ${error.detail ?? error.message}` };
      case 'GOOGLE_MISCONFIGURED':
        // Our own OAuth client is wrong: the operator must fix it; the writes wait, they are not the player's fault.
        return { kind: 'transient', retryAfterMs: 60_000, reason: `google oauth client misconfigured: ${error.detail ?? error.message}` };
      default:
        break;
    }
  }
  const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'unexpected', reason: `unexpected error: ${name}`.slice(0, 500), error };
}

function retryAfterMsOf(error: ApiError): number | undefined {
  const header = error.headers['retry-after'];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header) * 1000;
}
