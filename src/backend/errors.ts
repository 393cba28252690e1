/**
 * The one registry of error codes the backend answers with, so that a code is defined once and
 * clients can program against a list that does not drift.
 *
 * Every error that crosses the HTTP boundary is an `ApiError` carrying one of these codes; the
 * wire format is `{ "error": { "code", "message" } }` (docs/API.md, 'Conventions').
 * `docs/ERRORS.md` lists the same codes and a test keeps the two in step, so adding a code means
 * documenting it.
 */

interface ErrorSpec {
  readonly status: number;
  /** What the client sees when the thrower gives no more specific public message. */
  readonly message: string;
}

export const ERROR_CODES = {
  // Request shape
  INVALID_REQUEST: { status: 400, message: 'The request is malformed; see the message for the field to fix.' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such endpoint; see /docs for the API.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This endpoint does not accept that method.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time; send it again, whole.' },
  REQUEST_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers (or the URL) are too large; send fewer or shorter ones.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry after the time in the Retry-After header.' },

  // Sign-in
  AUTH_CODE_INVALID: {
    status: 401,
    message:
      'The server auth code was already used, has expired or was issued for another client; request a new one with requestServerSideAccess and sign in again.',
  },
  ID_TOKEN_INVALID: { status: 401, message: 'The ID token Google returned could not be verified; sign in again.' },
  ID_TOKEN_MISMATCH: {
    status: 403,
    message: 'The ID token Google returned belongs to another sign-in than its access token; nothing was changed. Sign in again.',
  },
  PLAYER_MISMATCH: { status: 403, message: 'The playerId sent does not match the player the server auth code belongs to.' },
  APPLICATION_MISMATCH: { status: 403, message: 'The server auth code belongs to another game.' },
  PLAY_GAMES_ACCESS_DENIED: {
    status: 403,
    message:
      "Google Play Games refused this player for this game (players.get answered 403): while a game is unpublished, only its tester accounts may sign in; add the account as a tester in Play Console.",
  },
  PLAY_GAMES_PROFILE_NOT_FOUND: {
    status: 404,
    message:
      'Google Play Games has no Play Games profile of this player (players.get answered 404); have the player set up Play Games on the device, then request a new server auth code and sign in again.',
  },
  PLAYER_DELETED_DURING_SIGN_IN: {
    status: 409,
    message:
      "The player's data was deleted (DELETE /v1/me) while this sign-in ran, and the deletion stands; request a new server auth code and sign in again to start afresh.",
  },
  GOOGLE_ACCOUNT_CONFLICT: {
    status: 409,
    message:
      'Another player stored on this server already holds the Google account this sign-in names; nothing was changed, and the operator has been told (the two players must be merged or one deleted).',
  },
  GOOGLE_UNAVAILABLE: { status: 503, message: 'Google Play Games is unavailable right now; retry after the time in the Retry-After header.' },
  GOOGLE_MISCONFIGURED: { status: 500, message: 'The server is misconfigured; the operator has been told.' },

  // Sessions
  UNAUTHENTICATED: { status: 401, message: 'Send a session access token as "Authorization: Bearer <token>".' },
  SESSION_INVALID: { status: 401, message: 'The session access token is invalid; refresh the session or sign in again.' },
  SESSION_EXPIRED: { status: 401, message: 'The session access token has expired; refresh the session.' },
  REFRESH_TOKEN_INVALID: { status: 401, message: 'The refresh token is invalid or expired; sign in again.' },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    message: 'The refresh token was already used; every session of this sign-in has been revoked. Sign in again.',
  },
  PLAYER_NOT_FOUND: { status: 404, message: 'The player does not exist (any more); sign in again.' },

  // Google grant
  REAUTH_REQUIRED: {
    status: 401,
    message:
      "The player's Google access is no longer valid; request a new server auth code with forceRefreshToken=true and sign in again.",
  },

  // Recall (account restore)
  RECALL_NOT_LINKED: {
    status: 404,
    message: 'No account is linked with Recall for this player; sign in with Play Games (sending recallSessionId links the account).',
  },
  RECALL_SESSION_INVALID: {
    status: 400,
    message: 'Google does not know this recall session, or it has expired; request a new one with requestRecallAccess.',
  },
  RECALL_NOT_CONFIGURED: { status: 501, message: 'Account restore with Recall is not set up on this server.' },

  // Achievements
  ACHIEVEMENT_NOT_FOUND: { status: 404, message: 'No achievement with that ID exists in this game.' },
  EVENT_NOT_FOUND: { status: 404, message: 'No event with that ID exists in this game (a draft is visible to tester accounts only).' },
  INVALID_EVENT_COUNT: { status: 400, message: 'count must be a positive integer.' },
  ACHIEVEMENT_NOT_INCREMENTAL: { status: 400, message: 'This operation needs an INCREMENTAL achievement.' },
  INVALID_STEPS: { status: 400, message: 'steps must be a positive integer.' },
  ACHIEVEMENT_WRITE_REJECTED: {
    status: 400,
    message: 'Google Play Games refused this achievement write for good; it was recorded as failed and will not be retried.',
  },
  CLIENT_WRITES_FORBIDDEN: { status: 403, message: 'Game clients may not write this achievement; the game server must.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used for a different request; use a new key for a new request.',
  },
  NOT_A_TESTER: { status: 403, message: 'Only tester accounts may reset achievements.' },
  GRANT_SCOPE_INSUFFICIENT: {
    status: 403,
    message:
      "Google refused the call: the player's Google grant lacks the scope it needs (achievement resets go through the Games Management API, which documents only the full games scope).",
  },
  // Leaderboards
  LEADERBOARD_NOT_FOUND: { status: 404, message: 'No leaderboard with that ID exists in this game (a draft is visible to tester accounts only).' },
  INVALID_SCORE: {
    status: 400,
    message: 'score must be an integer within ±9007199254740991 (2^53 − 1), the range a JSON number carries exactly.',
  },
  SCORE_REJECTED: { status: 400, message: "The game's score policy refused this score; the message names the rule. Nothing was sent to Google." },
  SCORE_WRITE_REJECTED: {
    status: 400,
    message: 'Google Play Games refused this score for good; it was recorded as failed and will not be retried.',
  },
  MODERATOR_REQUIRED: {
    status: 400,
    message:
      'Hiding a player needs a Play Console account of the game signed in to this server: name it as moderatorPlayerId, or set PGS_LEADERBOARD_MODERATOR.',
  },
  NOT_A_DEVELOPER: { status: 403, message: 'Google lets only Play Console accounts of the game hide players; the moderator is not one.' },
  SERVER_API_KEY_INVALID: { status: 401, message: 'Send the server API key as "Authorization: Bearer <key>".' },

  // Last resort
  INTERNAL: { status: 500, message: 'Something went wrong on our side; it has been logged.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export interface ApiErrorOptions {
  /** What the client may read; defaults to the registry's message. Never put a secret here. */
  message?: string;
  /** For the operator's log only; never sent to the client. Never put a secret here either. */
  detail?: string;
  /**
   * For an answer that says "come back later" (503, 429): how long, when known. The HTTP error
   * handler turns it into `Retry-After` (with a short default when unknown).
   */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** An error with a stable code, an HTTP status, a public message and a private detail. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    super(options.message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.detail = options.detail;
    this.retryAfterMs = options.retryAfterMs;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Whether `value` is one of the registry's codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
