/**
 * Google's OAuth and ID-token wire shapes (token, tokeninfo, RFC 6749 errors, ID-token claims),
 * shared by the backend's clients and the emulator.
 */
/** Successful answer of `POST /token` (both grants). */
export interface OAuthTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** RFC 6749 §5.2 error body, as Google's token, revoke and tokeninfo endpoints answer. */
export interface OAuthErrorResponse {
  error: string;
  error_description?: string;
  error_uri?: string;
}

/** `tokeninfo` for an access token: every value is a string, as Google sends it. */
export interface TokenInfoResponse {
  azp: string;
  aud: string;
  sub: string;
  scope: string;
  exp: string;
  expires_in: string;
  email?: string;
  email_verified?: string;
  access_type: 'online' | 'offline';
}

/** Claims of a Google ID token (google-auth-library's TokenPayload). */
export interface GoogleIdTokenClaims {
  iss: string;
  aud: string;
  azp?: string;
  sub: string;
  iat: number;
  exp: number;
  at_hash?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  picture?: string;
  given_name?: string;
  family_name?: string;
  locale?: string;
}
