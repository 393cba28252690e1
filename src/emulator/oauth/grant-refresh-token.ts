/**
 * `grant_type=refresh_token` (docs/google/oauth.md, 'Token endpoint grants'): same answer shape, no
 * new refresh token (Google keeps the one it issued), an ID token again when `openid` was granted.
 * A revoked refresh token, or one left unused past the idle window on the emulator clock, gets 400
 * `invalid_grant` "Token has been expired or revoked."; another client's refresh token gets 401
 * `unauthorized_client` "Unauthorized".
 */
import type { OAuthTokenResponse } from '../../google/wire/oauth.js';
import { InvalidGrantError, InvalidRequestError, UnauthorizedClientError } from '../errors.js';
import type { ClientRecord, EmulatorState } from '../state.js';
import { tokenResponse } from './issue-tokens.js';
import type { OAuthParams } from './params.js';

/** Handles the refresh_token grant for an authenticated client. */
export function refreshTokenGrant(state: EmulatorState, client: ClientRecord, params: OAuthParams): OAuthTokenResponse {
  const refreshToken = params.refresh_token;
  if (refreshToken === undefined || refreshToken === '') throw new InvalidRequestError('Missing required parameter: refresh_token');
  const record = state.findRefreshToken(refreshToken);
  if (!record) throw new InvalidGrantError('Token has been expired or revoked.');
  if (record.grant.client !== client) throw new UnauthorizedClientError('Unauthorized');
  record.lastUsedAt = state.clock.now();
  // The new access token carries every scope the authorization holds now.
  return tokenResponse(state, record.grant, {});
}
