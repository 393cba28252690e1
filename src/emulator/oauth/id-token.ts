/**
 * Google ID tokens (docs/google/oauth.md, 'ID tokens'): RS256 with `kid` and `typ: JWT`, signed
 * once per token response with the emulator's current key.
 * - `iss` https://accounts.google.com; `aud` the web client that redeemed the code; `azp` the
 *   game's Android client when configured (the device is the authorized presenter), else the
 *   web client; `sub` the Google account (never the player ID);
 * - `email`/`email_verified` with the email scope, `name`/`picture`/`given_name`/`family_name`/
 *   `locale` with the profile scope; `at_hash` binds the access token issued alongside;
 * - `iat`/`exp` are wall-clock seconds (one hour), so outside verifiers accept them whatever the
 *   emulator clock says.
 */
import { accessTokenHash } from '../../google/access-token-hash.js';
import { SCOPES } from '../../google/wire/scopes.js';
import type { GoogleIdTokenClaims } from '../../google/wire/oauth.js';
import type { EmulatorState, GrantRecord } from '../state.js';

export const ID_TOKEN_ISSUER = 'https://accounts.google.com';
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** The claims of the ID token issued with `accessToken` for `grant`. */
export function idTokenClaims(state: EmulatorState, grant: GrantRecord, accessToken: string): GoogleIdTokenClaims {
  const { player, client } = grant;
  const iat = Math.floor(state.clock.wallNow() / 1000);
  const claims: GoogleIdTokenClaims = {
    iss: ID_TOKEN_ISSUER,
    azp: client.application.config.androidClientId ?? client.clientId,
    aud: client.clientId,
    sub: player.googleSub,
    iat,
    exp: iat + ID_TOKEN_LIFETIME_SECONDS,
  };
  // Property order follows Google's tokens: identity, email, at_hash, profile, then times.
  const ordered: Record<string, unknown> = { iss: claims.iss, azp: claims.azp, aud: claims.aud, sub: claims.sub };
  if (grant.scopes.includes(SCOPES.email)) {
    ordered.email = player.email;
    ordered.email_verified = true;
  }
  ordered.at_hash = accessTokenHash(accessToken);
  if (grant.scopes.includes(SCOPES.profile)) {
    const fullName = [player.givenName, player.familyName].filter((part) => part !== undefined).join(' ');
    ordered.name = fullName === '' ? player.displayName : fullName;
    if (player.avatarImageUrl !== undefined) ordered.picture = player.avatarImageUrl;
    if (player.givenName !== undefined) ordered.given_name = player.givenName;
    if (player.familyName !== undefined) ordered.family_name = player.familyName;
    if (player.locale !== undefined) ordered.locale = player.locale;
  }
  ordered.iat = claims.iat;
  ordered.exp = claims.exp;
  return ordered as unknown as GoogleIdTokenClaims;
}

/** Signs the ID token for a grant: one RSA signature. */
export function signIdToken(state: EmulatorState, grant: GrantRecord, accessToken: string): string {
  return state.keys.signJwt(idTokenClaims(state, grant, accessToken));
}
