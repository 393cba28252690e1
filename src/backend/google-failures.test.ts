import { describe, expect, it } from 'vitest';
import { GoogleApiError, GoogleOAuthError, GoogleUnavailableError, IdTokenError } from '../google/errors.js';
import { ApiError } from './errors.js';
import { apiErrorForGoogle, classifyGoogleFailure } from './google-failures.js';
import { GrantUnusableError } from './vault/grant-unusable-error.js';

const api = (status: number, reason?: string) => new GoogleApiError({ operation: 'games.x', status, reason, message: `HTTP ${status}` });
const oauth = (error: string) => new GoogleOAuthError({ operation: 'oauth.token.refresh', error, status: 400 });
const unavailable = () => new GoogleUnavailableError({ operation: 'games.x', kind: 'timeout', attempts: 3, message: 'timed out', retryAfterMs: 4_000 });

describe('classifyGoogleFailure', () => {
  it.each([
    [unavailable(), 'unavailable'],
    [api(409), 'unavailable'],
    [api(403, 'dailyLimitExceeded'), 'unavailable'],
    [api(401, 'authError'), 'token-refused'],
    [api(403, 'accessNotConfigured'), 'misconfigured'],
    [api(403, 'insufficientPermissions'), 'scope-insufficient'],
    [api(403, 'forbidden'), 'refused'],
    [api(404, 'notFound'), 'refused'],
    [oauth('invalid_grant'), 'grant-refused'],
    [oauth('invalid_client'), 'misconfigured'],
    [new IdTokenError('keys_unavailable', 'down'), 'unavailable'],
    [new IdTokenError('audience', 'wrong aud'), 'id-token-invalid'],
    [new GrantUnusableError('revoked', 'Google grant is revoked'), 'reauth'],
    [new Error('database is locked'), 'unexpected'],
  ])('%s is %s', (error, kind) => {
    expect(classifyGoogleFailure(error).kind).toBe(kind);
  });
});

describe('apiErrorForGoogle', () => {
  it('answers GOOGLE_UNAVAILABLE with Google’s Retry-After hint', () => {
    const answer = apiErrorForGoogle(unavailable());
    expect(answer).toBeInstanceOf(ApiError);
    expect(answer).toMatchObject({ code: 'GOOGLE_UNAVAILABLE', status: 503, retryAfterMs: 4_000 });
  });

  it('maps a refusal by status when the caller expects it, and to GOOGLE_MISCONFIGURED otherwise', () => {
    expect(apiErrorForGoogle(api(403, 'forbidden'), { refusedByStatus: { 403: 'NOT_A_TESTER' } })).toMatchObject({ code: 'NOT_A_TESTER' });
    expect(apiErrorForGoogle(api(400, 'invalid'), { refusedByStatus: { 403: 'NOT_A_TESTER' } })).toMatchObject({ code: 'GOOGLE_MISCONFIGURED' });
  });

  it('answers a dead grant REAUTH_REQUIRED and passes anything else through untouched', () => {
    expect(apiErrorForGoogle(new GrantUnusableError('no-grant', 'none'))).toMatchObject({ code: 'REAUTH_REQUIRED', status: 401 });
    const bug = new TypeError('x is undefined');
    expect(apiErrorForGoogle(bug)).toBe(bug);
  });
});
