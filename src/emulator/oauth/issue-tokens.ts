/**
 * The token response both grants answer with (docs/google/oauth.md, 'Token endpoint grants'):
 * `access_token`, `expires_in` 3599, `token_type` Bearer, `scope` (full URLs, space-separated),
 * `refresh_token` only when asked for (the one this exchange minted), `id_token` only when `openid` was granted.
 */
import { SCOPES } from '../../google/wire/scopes.js';
import type { OAuthTokenResponse } from '../../google/wire/oauth.js';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type EmulatorState, type GrantRecord } from '../state.js';
import { signIdToken } from './id-token.js';

/** Mints an access token (and an ID token with `openid`) for a grant and renders the answer. */
export function tokenResponse(state: EmulatorState, grant: GrantRecord, options: { refreshToken?: string | undefined }): OAuthTokenResponse {
  const accessToken = state.issueAccessToken(grant);
  const response: OAuthTokenResponse = {
    access_token: accessToken,
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    scope: grant.scopes.join(' '),
    token_type: 'Bearer',
  };
  if (options.refreshToken !== undefined) response.refresh_token = options.refreshToken;
  if (grant.scopes.includes(SCOPES.openid)) response.id_token = signIdToken(state, grant, accessToken);
  return response;
}
