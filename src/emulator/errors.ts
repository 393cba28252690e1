/**
 * The three error formats the emulator speaks, one class each, all rendered by one mapper
 * (http-errors.ts):
 * - `GoogleApiError`: Google's REST envelope `{error: {code, message, errors[], status}}` on the
 *   Games and Management APIs, certs and unknown paths (docs/google/errors.md);
 * - `OAuthError` and its subclasses: RFC 6749 §5.2 `{error, error_description}` at `/token`,
 *   `/revoke` and `/tokeninfo` (docs/google/oauth.md, 'Token endpoint errors'), one class per `error` code;
 * - `ControlApiError`: `{error: {code, message, status}}` on the emulator's own `/emulator/v1`.
 * Messages never contain a token, a code or a secret.
 */
import { googleStatusForHttp, type GoogleErrorEnvelope, type GoogleErrorItem } from '../google/wire/errors.js';
import type { OAuthErrorResponse } from '../google/wire/oauth.js';

export interface GoogleApiErrorInit {
  httpStatus: number;
  reason: string;
  message: string;
  /** The `errors[0].message`; Google uses short forms for auth errors ("Login Required."). */
  itemMessage?: string;
  status?: string;
  location?: string;
  locationType?: 'header' | 'parameter';
  details?: Array<Record<string, unknown>>;
  headers?: Record<string, string>;
}

/** An error answered in Google's REST envelope. */
export class GoogleApiError extends Error {
  readonly httpStatus: number;
  readonly reason: string;
  readonly status: string;
  readonly itemMessage: string;
  readonly location: string | undefined;
  readonly locationType: string | undefined;
  readonly details: Array<Record<string, unknown>> | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: GoogleApiErrorInit) {
    super(init.message);
    this.name = 'GoogleApiError';
    this.httpStatus = init.httpStatus;
    this.reason = init.reason;
    this.status = init.status ?? googleStatusForHttp(init.httpStatus);
    this.itemMessage = init.itemMessage ?? init.message;
    this.location = init.location;
    this.locationType = init.locationType;
    this.details = init.details;
    this.headers = init.headers ?? {};
  }

  /** The wire body. */
  toEnvelope(): GoogleErrorEnvelope {
    const item: GoogleErrorItem = { message: this.itemMessage, domain: 'global', reason: this.reason };
    if (this.location !== undefined) item.location = this.location;
    if (this.locationType !== undefined) item.locationType = this.locationType;
    const error: GoogleErrorEnvelope['error'] = { code: this.httpStatus, message: this.message, errors: [item], status: this.status };
    if (this.details) error.details = this.details;
    return { error };
  }
}

const AUTH_HELP =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. ' +
  'See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** 401 `required`: no credentials at all (docs/google/errors.md, 'Reasons'). */
export function missingCredentialsError(service: string): GoogleApiError {
  return new GoogleApiError({
    httpStatus: 401,
    reason: 'required',
    message: `Request is missing required authentication credential. ${AUTH_HELP}`,
    itemMessage: 'Login Required.',
    location: 'Authorization',
    locationType: 'header',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com', metadata: { service } }],
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
  });
}

/** 401 `authError`: an unknown, expired or revoked access token (docs/google/errors.md, 'Reasons'). */
export function invalidCredentialsError(): GoogleApiError {
  return new GoogleApiError({
    httpStatus: 401,
    reason: 'authError',
    message: `Request had invalid authentication credentials. ${AUTH_HELP}`,
    itemMessage: 'Invalid Credentials',
    location: 'Authorization',
    locationType: 'header',
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  });
}

/** 403 `insufficientPermissions`: the token lacks every scope the method accepts. */
export function insufficientScopeError(service: string, acceptedScopes: readonly string[]): GoogleApiError {
  const scope = acceptedScopes.join(' ');
  return new GoogleApiError({
    httpStatus: 403,
    reason: 'insufficientPermissions',
    message: 'Request had insufficient authentication scopes.',
    itemMessage: 'Insufficient Permission',
    details: [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service } },
    ],
    headers: { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${scope}"` },
  });
}

/** 404 `notFound`. */
export function notFoundError(message: string): GoogleApiError {
  return new GoogleApiError({ httpStatus: 404, reason: 'notFound', message });
}

/** 400 `invalid` INVALID_ARGUMENT, optionally pointing at a request parameter. */
export function invalidArgumentError(message: string, parameter?: string): GoogleApiError {
  return new GoogleApiError({
    httpStatus: 400,
    reason: 'invalid',
    message,
    ...(parameter === undefined ? {} : { location: parameter, locationType: 'parameter' as const }),
  });
}

/**
 * 400 `invalid` INVALID_ARGUMENT with a `google.rpc.BadRequest` field violation: Google's answer
 * to a name its request message does not have ("Invalid JSON payload received. Unknown name …"),
 * in a JSON body (`field` names where) or a query string.
 */
export function unknownNameError(message: string, field?: string): GoogleApiError {
  return new GoogleApiError({
    httpStatus: 400,
    reason: 'invalid',
    message,
    details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ ...(field === undefined ? {} : { field }), description: message }] }],
  });
}

/** 400 `required`: a required request parameter is missing. */
export function requiredParameterError(parameter: string): GoogleApiError {
  return new GoogleApiError({
    httpStatus: 400,
    reason: 'required',
    message: `Required parameter: ${parameter}`,
    location: parameter,
    locationType: 'parameter',
  });
}

/** 400 `invalid` FAILED_PRECONDITION: the resource is not in a state that allows the call. */
export function failedPreconditionError(message: string): GoogleApiError {
  return new GoogleApiError({ httpStatus: 400, reason: 'invalid', status: 'FAILED_PRECONDITION', message });
}

/** 403 `forbidden` PERMISSION_DENIED: the caller may not do this. */
export function forbiddenError(message: string): GoogleApiError {
  return new GoogleApiError({ httpStatus: 403, reason: 'forbidden', message });
}

// ---------------------------------------------------------------------------------------------
// RFC 6749 errors (docs/google/oauth.md, 'Token endpoint errors'). One class per `error` code, as
// node-oidc-provider does.

/** An RFC 6749 §5.2 error. */
export class OAuthError extends Error {
  readonly httpStatus: number;
  readonly error: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(error: string, description: string, httpStatus = 400, headers: Record<string, string> = {}) {
    super(description);
    this.name = 'OAuthError';
    this.error = error;
    this.httpStatus = httpStatus;
    this.headers = headers;
  }

  /** The wire body. */
  toBody(): OAuthErrorResponse {
    return { error: this.error, error_description: this.message };
  }
}

/** 400 `invalid_request`: a parameter is missing or malformed. */
export class InvalidRequestError extends OAuthError {
  constructor(description: string) {
    super('invalid_request', description, 400);
  }
}

/** 401 `invalid_client`: unknown client ("The OAuth client was not found.") or bad secret ("Unauthorized"). */
export class InvalidClientError extends OAuthError {
  constructor(description: string) {
    super('invalid_client', description, 401);
  }
}

/** 400 `invalid_grant`: a code or refresh token that is reused, expired, revoked, malformed or foreign. */
export class InvalidGrantError extends OAuthError {
  constructor(description = 'Bad Request') {
    super('invalid_grant', description, 400);
  }
}

/** 401 `unauthorized_client`: the client may not use this grant or this token. */
export class UnauthorizedClientError extends OAuthError {
  constructor(description = 'Unauthorized') {
    super('unauthorized_client', description, 401);
  }
}

/** 400 `unsupported_grant_type`. */
export class UnsupportedGrantTypeError extends OAuthError {
  constructor(grantType: string) {
    super('unsupported_grant_type', `Invalid grant_type: ${grantType}`, 400);
  }
}

/** 400 `redirect_uri_mismatch` (docs/google/oauth.md: server auth codes take an absent or empty redirect_uri). */
export class RedirectUriMismatchError extends OAuthError {
  constructor() {
    super('redirect_uri_mismatch', 'Bad Request', 400);
  }
}

/** 400 `invalid_token`, as `/revoke` and `/tokeninfo` answer for a dead or unknown token. */
export class InvalidTokenError extends OAuthError {
  constructor(description: string) {
    super('invalid_token', description, 400);
  }
}

// ---------------------------------------------------------------------------------------------
// Control API

/** An error of the emulator's own control API: `{error: {code, message, status}}`. */
export class ControlApiError extends Error {
  readonly httpStatus: number;

  constructor(httpStatus: number, message: string) {
    super(message);
    this.name = 'ControlApiError';
    this.httpStatus = httpStatus;
  }

  /** The wire body. */
  toBody(): { error: { code: number; message: string; status: string } } {
    return { error: { code: this.httpStatus, message: this.message, status: googleStatusForHttp(this.httpStatus) } };
  }
}
