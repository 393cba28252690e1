/**
 * Typed errors of the Google clients, each with a stable `code` (modelled on jose's
 * https://github.com/panva/jose/blob/main/src/util/errors.ts): callers branch on the class or on `code`, never on message text.
 *
 * Rules every class here keeps:
 * - a message never contains a token, a server auth code, a client secret or a URL that could
 *   carry one (messages Google sends back are scrubbed of the secrets the request carried);
 * - the enumerable fields (what `JSON.stringify` and pino serialise) hold only safe metadata.
 */
import { googleStatusForHttp } from './wire/errors.js';

/** The stable codes of this module, one per class. */
export const GOOGLE_ERROR_CODES = {
  api: 'ERR_GOOGLE_API',
  oauth: 'ERR_GOOGLE_OAUTH',
  unavailable: 'ERR_GOOGLE_UNAVAILABLE',
  idToken: 'ERR_GOOGLE_ID_TOKEN',
} as const;

export type GoogleErrorCode = (typeof GOOGLE_ERROR_CODES)[keyof typeof GOOGLE_ERROR_CODES];

/** Base class of every error the Google clients throw. */
export abstract class GoogleError extends Error {
  abstract readonly code: GoogleErrorCode;
  /** The Google operation that failed, e.g. `games.achievements.increment` or `oauth.token.exchange`. */
  readonly operation: string;

  protected constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.operation = operation;
  }
}

/**
 * Google answered a Games / Management call with a definitive (non-transient) error, e.g.
 * 401 `authError`, 403 `forbidden`, 404 `notFound`, 400 `invalid`. What it means is
 * `meaningOfGoogleAnswer(status, reason)` (`answer-meaning.ts`); a "not now" answer is a
 * `GoogleUnavailableError` instead.
 */
export class GoogleApiError extends GoogleError {
  static readonly code = GOOGLE_ERROR_CODES.api;
  readonly code = GOOGLE_ERROR_CODES.api;
  /** HTTP status. */
  readonly status: number;
  /** Google's canonical status (`NOT_FOUND`, `UNAUTHENTICATED`…), derived from `status` when the body had none. */
  readonly googleStatus: string;
  /** The first `errors[].reason` (`notFound`, `authError`…), or the ErrorInfo reason; undefined when absent. */
  readonly reason: string | undefined;
  /** Parsed `Retry-After`, in milliseconds, when Google sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    operation: string;
    status: number;
    googleStatus?: string | undefined;
    reason?: string | undefined;
    message: string;
    retryAfterMs?: number | undefined;
  }) {
    super(init.operation, init.message);
    this.status = init.status;
    this.googleStatus = init.googleStatus ?? googleStatusForHttp(init.status);
    this.reason = init.reason;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * An OAuth endpoint (token, revoke) answered with an RFC 6749 §5.2 error, e.g. `invalid_grant`
 * (code used, expired or foreign; refresh token revoked) or `invalid_client` (bad client secret).
 */
export class GoogleOAuthError extends GoogleError {
  static readonly code = GOOGLE_ERROR_CODES.oauth;
  readonly code = GOOGLE_ERROR_CODES.oauth;
  /** The RFC 6749 `error` code: `invalid_grant`, `invalid_client`, `invalid_request`, `redirect_uri_mismatch`… */
  readonly error: string;
  /** Google's `error_description`, scrubbed of secrets. */
  readonly description: string | undefined;
  /** HTTP status. */
  readonly status: number;

  constructor(init: { operation: string; error: string; description?: string | undefined; status: number }) {
    super(
      init.operation,
      `${init.operation}: Google answered HTTP ${init.status} ${init.error}` +
        (init.description ? `: ${init.description}` : ''),
    );
    this.error = init.error;
    this.description = init.description;
    this.status = init.status;
  }
}

/** How a Google call failed to produce a usable answer. */
export type GoogleUnavailableKind =
  /** Connection refused, reset, DNS failure, TLS failure… */
  | 'network'
  /** No complete answer within the per-call timeout or the overall deadline. */
  | 'timeout'
  /** An answer meaning "not now" (`answer-meaning.ts`): 429, 5xx but 501, 408, 409, a rate or quota 403. */
  | 'http'
  /** A 2xx whose body is not the JSON the operation returns (e.g. a proxy's HTML page). */
  | 'invalid_response';

/**
 * Google could not be reached or is failing: a network failure, a timeout, or an answer that means
 * "not now" (429, 5xx, 408, 409, a rate or quota 403) still there after the allowed retries. Transient by nature: retry later (after `retryAfterMs`
 * when known). For a call that was not safe to retry, the operation may or may not have been applied.
 */
export class GoogleUnavailableError extends GoogleError {
  static readonly code = GOOGLE_ERROR_CODES.unavailable;
  readonly code = GOOGLE_ERROR_CODES.unavailable;
  readonly kind: GoogleUnavailableKind;
  /** HTTP status when Google answered (kind `http` or `invalid_response`). */
  readonly status: number | undefined;
  /** Google's canonical status when Google answered with an envelope or a status. */
  readonly googleStatus: string | undefined;
  /** First `errors[].reason`, when the answer carried one (`rateLimitExceeded`, `backendError`…). */
  readonly reason: string | undefined;
  /** How long Google asked us to wait (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  /** How many attempts were made before giving up. */
  readonly attempts: number;

  constructor(
    init: {
      operation: string;
      kind: GoogleUnavailableKind;
      message: string;
      attempts: number;
      status?: number | undefined;
      googleStatus?: string | undefined;
      reason?: string | undefined;
      retryAfterMs?: number | undefined;
    },
    options?: { cause?: unknown },
  ) {
    super(init.operation, init.message, options);
    this.kind = init.kind;
    this.status = init.status;
    this.googleStatus = init.googleStatus;
    this.reason = init.reason;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }
}

/** Why an ID token was refused. */
export const ID_TOKEN_ERROR_REASONS = [
  /** The RS256 signature does not verify with the key named by `kid`. */
  'signature',
  /** `aud` is not one of the configured client IDs. */
  'audience',
  /** `iss` is not one of Google's issuers. */
  'issuer',
  /** `exp` is past (beyond the clock-skew allowance). */
  'expired',
  /** `iat` (or `nbf`) is in the future (beyond the clock-skew allowance). */
  'not_yet_valid',
  /** The token claims a lifetime over the maximum (1 day, as google-auth-library enforces). */
  'lifetime',
  /** `alg` is not RS256 (`none`, HS256, ES256…): refused before any key is looked at. */
  'algorithm',
  /** `kid` is not in Google's key set, even after refetching it. */
  'unknown_kid',
  /** Not a three-part JWS, undecodable header or payload, missing `kid` or required claims. */
  'malformed',
  /** Google's key set could not be fetched. Transient: the token may be fine. */
  'keys_unavailable',
] as const;

export type IdTokenErrorReason = (typeof ID_TOKEN_ERROR_REASONS)[number];

/** A Google ID token failed verification; `reason` says which check refused it. */
export class IdTokenError extends GoogleError {
  static readonly code = GOOGLE_ERROR_CODES.idToken;
  readonly code = GOOGLE_ERROR_CODES.idToken;
  readonly reason: IdTokenErrorReason;

  constructor(reason: IdTokenErrorReason, message: string, options?: { cause?: unknown }) {
    super('oauth.idToken.verify', `ID token refused (${reason}): ${message}`, options);
    this.reason = reason;
  }
}

/** Whether `value` is one of this module's errors. */
export function isGoogleError(value: unknown): value is GoogleError {
  return value instanceof GoogleError;
}
