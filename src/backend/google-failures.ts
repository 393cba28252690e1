/**
 * The one classifier of Google failures. Whatever a Google call or the token vault threw, this
 * decides what it means, as a typed outcome: try again later, the player must sign in again,
 * the operator's setup is wrong, or the call itself was refused. Sign-in, the vault, reads,
 * writes and resets all ask here; each then maps the outcome to its own answer
 * (`apiErrorForGoogle` for a request answered at once, the outbox's settle rules for writes), and
 * only the HTTP error handler turns the resulting `ApiError` into a status and headers.
 * Google's statuses and reasons are read by `src/google/answer-meaning.ts`; see
 * docs/google/errors.md.
 */
import { meaningOfGoogleAnswer } from '../google/answer-meaning.js';
import { GoogleApiError, GoogleOAuthError, GoogleUnavailableError, IdTokenError } from '../google/errors.js';
import { ApiError, type ErrorCode } from './errors.js';
import { GrantUnusableError } from './vault/grant-unusable-error.js';

/** What a failure means. `detail` is for the operator's log: it never holds a secret. */
export type GoogleFailure =
  /** Not now: Google is down, slow, rate limiting, or asked to come back (`retryAfterMs`). */
  | { kind: 'unavailable'; retryAfterMs: number | undefined; detail: string }
  /** Google refused the access token (401). The vault's `withAccessToken` refreshes once. */
  | { kind: 'token-refused'; detail: string }
  /** The player's grant is dead: only a new sign-in mends it. */
  | { kind: 'reauth'; detail: string }
  /** The OAuth endpoint refused a code or refresh token (`invalid_grant`, `invalid_request`). */
  | { kind: 'grant-refused'; detail: string }
  /** The operator's setup: an API not enabled, or the game server's OAuth client refused. */
  | { kind: 'misconfigured'; detail: string }
  /** The player's token lacks the scope the method needs. */
  | { kind: 'scope-insufficient'; detail: string }
  /** An ID token did not verify. */
  | { kind: 'id-token-invalid'; detail: string }
  /** Google refused the call itself (400, 403 `forbidden`, 404…): retrying cannot help. */
  | { kind: 'refused'; status: number; reason: string | undefined; detail: string }
  /** Not a Google failure at all (a bug, the database): the caller rethrows it. */
  | { kind: 'unexpected'; error: unknown };

export type GoogleFailureKind = GoogleFailure['kind'];

/** Classifies anything a Google client or the token vault threw. */
export function classifyGoogleFailure(error: unknown): GoogleFailure {
  if (error instanceof GoogleUnavailableError) {
    return { kind: 'unavailable', retryAfterMs: error.retryAfterMs, detail: error.message };
  }
  if (error instanceof GoogleApiError) {
    const detail = error.message;
    switch (meaningOfGoogleAnswer(error.status, error.reason)) {
      case 'retry':
        return { kind: 'unavailable', retryAfterMs: error.retryAfterMs, detail };
      case 'token-refused':
        return { kind: 'token-refused', detail };
      case 'misconfigured':
        return { kind: 'misconfigured', detail: `${error.operation}: the API is not enabled in the Cloud project of the OAuth client (${detail})` };
      case 'scope-insufficient':
        return { kind: 'scope-insufficient', detail };
      case 'refused':
        return { kind: 'refused', status: error.status, reason: error.reason, detail };
    }
  }
  if (error instanceof GoogleOAuthError) {
    if (error.error === 'invalid_grant' || error.error === 'invalid_request') return { kind: 'grant-refused', detail: error.message };
    // invalid_client, unauthorized_client, redirect_uri_mismatch: the game server's OAuth client is wrong.
    return {
      kind: 'misconfigured',
      detail: `Google refused the game server's OAuth client (${error.error}); check PGS_CLIENT_SECRET_FILE`,
    };
  }
  if (error instanceof IdTokenError) {
    if (error.reason === 'keys_unavailable') return { kind: 'unavailable', retryAfterMs: undefined, detail: error.message };
    return { kind: 'id-token-invalid', detail: error.message };
  }
  if (error instanceof GrantUnusableError) return { kind: 'reauth', detail: error.message };
  return { kind: 'unexpected', error };
}

/** What a caller answers instead of the default for some outcomes. */
export type FailureAnswers = {
  [K in Exclude<GoogleFailureKind, 'unexpected' | 'refused'>]?: ErrorCode;
} & {
  /** For a refusal: by HTTP status, else `refused`'s own code. */
  refusedByStatus?: Partial<Record<number, ErrorCode>>;
  refused?: ErrorCode;
};

/** The registry code of each outcome, for a request answered at once. */
const DEFAULT_ANSWERS: Record<Exclude<GoogleFailureKind, 'unexpected'>, ErrorCode> = {
  unavailable: 'GOOGLE_UNAVAILABLE',
  'token-refused': 'REAUTH_REQUIRED',
  reauth: 'REAUTH_REQUIRED',
  'grant-refused': 'REAUTH_REQUIRED',
  misconfigured: 'GOOGLE_MISCONFIGURED',
  'scope-insufficient': 'GRANT_SCOPE_INSUFFICIENT',
  'id-token-invalid': 'ID_TOKEN_INVALID',
  // A definitive refusal the caller did not expect means our configuration is wrong (a wrong
  // application ID, a method the project may not call).
  refused: 'GOOGLE_MISCONFIGURED',
};

/**
 * The `ApiError` a request answers for a Google failure, with `answers` overriding the defaults;
 * anything that is not a Google failure is returned as it was, for the caller to rethrow.
 */
export function apiErrorForGoogle(error: unknown, answers: FailureAnswers = {}): unknown {
  if (error instanceof ApiError) return error;
  const failure = classifyGoogleFailure(error);
  if (failure.kind === 'unexpected') return error;
  const code =
    failure.kind === 'refused'
      ? (answers.refusedByStatus?.[failure.status] ?? answers.refused ?? DEFAULT_ANSWERS.refused)
      : (answers[failure.kind] ?? DEFAULT_ANSWERS[failure.kind]);
  return new ApiError(code, {
    detail: failure.detail,
    cause: error,
    ...(failure.kind === 'unavailable' && code === 'GOOGLE_UNAVAILABLE' ? { retryAfterMs: failure.retryAfterMs } : {}),
  });
}
