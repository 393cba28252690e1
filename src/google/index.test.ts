import { describe, expect, it } from 'vitest';
import * as google from './index.js';

describe('play-games-server/google public surface', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(google).sort()).toEqual(
      [
        'ACHIEVEMENT_STATES',
        'ACHIEVEMENT_TYPES',
        'ACHIEVEMENT_UPDATE_TYPES',
        'DEFAULT_DEADLINE_MS',
        'DEFAULT_RETRY_POLICY',
        'DEFAULT_SCOPES',
        'DEFAULT_TIMEOUT_MS',
        'GAMES_API_SCOPES',
        'GOOGLE_ENDPOINTS',
        'GOOGLE_ERROR_CODES',
        'GOOGLE_OPERATIONS',
        'GamesClient',
        'GoogleApiError',
        'GoogleError',
        'GoogleOAuthError',
        'GoogleUnavailableError',
        'HttpClient',
        'INCLUDE_RANK_TYPES',
        'LEADERBOARD_ORDERS',
        'ID_TOKEN_ERROR_REASONS',
        'IdTokenError',
        'IdTokenVerifier',
        'ManagementClient',
        'OAuthClient',
        'OPTIONAL_SCOPES',
        'OPTIONAL_SCOPE_URLS',
        'LINK_PERSONA_STATES',
        'RECALL_CARDINALITY_CONSTRAINTS',
        'RECALL_CONFLICT_POLICIES',
        'RECALL_SCOPE',
        'RecallClient',
        'ServiceAccountKeyError',
        'ServiceAccountTokenSource',
        'parseServiceAccountKey',
        'SCOPES',
        'SCORES_GET_TIME_SPANS',
        'SCORE_COLLECTIONS',
        'SCORE_TAG_PATTERN',
        'SCORE_TIME_SPANS',
        'emulatorEndpoints',
        'googleStatusForHttp',
        'isGoogleError',
        'isRequestId',
        'newRequestId',
      ].sort(),
    );
  });

  it('gives every error class its stable code, on the class and the instance', () => {
    expect(google.GoogleApiError.code).toBe('ERR_GOOGLE_API');
    expect(google.GoogleOAuthError.code).toBe('ERR_GOOGLE_OAUTH');
    expect(google.GoogleUnavailableError.code).toBe('ERR_GOOGLE_UNAVAILABLE');
    expect(google.IdTokenError.code).toBe('ERR_GOOGLE_ID_TOKEN');
    const error = new google.IdTokenError('expired', 'exp is past');
    expect(error).toBeInstanceOf(google.GoogleError);
    expect(google.isGoogleError(error)).toBe(true);
    expect(google.isGoogleError(new Error('x'))).toBe(false);
    expect([error.code, error.name, error.reason, error.message]).toEqual([
      'ERR_GOOGLE_ID_TOKEN',
      'IdTokenError',
      'expired',
      'ID token refused (expired): exp is past',
    ]);
  });
});
