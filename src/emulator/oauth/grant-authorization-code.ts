/**
 * `grant_type=authorization_code`: redeeming a Play Games server auth code (docs/google/oauth.md,
 * 'Token endpoint grants' and 'Server auth code flow'). Steps: require `code` → find a live code
 * (single use, 10 minutes on the emulator clock) → check it was issued to this client → check
 * `redirect_uri` is absent or empty → use it up → record it in the player's grant for this client
 * (one per account and client, scopes accumulating) → answer tokens. A rejected
 * `redirect_uri` does not use the code up.
 */
import type { OAuthTokenResponse } from '../../google/wire/oauth.js';
import { InvalidGrantError, InvalidRequestError, RedirectUriMismatchError } from '../errors.js';
import { AUTH_CODE_PREFIX } from '../ids.js';
import type { ClientRecord, CodeRecord, EmulatorState } from '../state.js';
import { tokenResponse } from './issue-tokens.js';
import type { OAuthParams } from './params.js';

/** The live code a request redeems, or `invalid_grant`. */
export function findRedeemableCode(state: EmulatorState, client: ClientRecord, code: string): CodeRecord {
  if (!code.startsWith(AUTH_CODE_PREFIX)) throw new InvalidGrantError('Malformed auth code.');
  const record = state.findCode(code);
  // Reused, expired and unknown codes look the same to the caller, as at Google.
  if (!record) throw new InvalidGrantError('Bad Request');
  // A code is bound to the web client the device asked for (requestServerSideAccess(clientId)).
  if (record.client !== client) throw new InvalidGrantError('Bad Request');
  return record;
}

/** Server auth codes are issued without a redirect URI: only an absent or empty one matches. */
export function checkRedirectUri(params: OAuthParams): void {
  const redirectUri = params.redirect_uri;
  if (redirectUri !== undefined && redirectUri !== '') throw new RedirectUriMismatchError();
}

/** Handles the authorization_code grant for an authenticated client. */
export function authorizationCodeGrant(state: EmulatorState, client: ClientRecord, params: OAuthParams): OAuthTokenResponse {
  const code = params.code;
  if (code === undefined || code === '') throw new InvalidRequestError('Missing required parameter: code');
  const record = findRedeemableCode(state, client, code);
  checkRedirectUri(params);
  state.consumeCode(code);
  const { grant, refreshToken } = state.recordExchange(record);
  return tokenResponse(state, grant, { refreshToken });
}
