/**
 * Every Google URL the backend talks to, in one object. No other module
 * hard-codes a Google host: switching between Google and the emulator is configuration alone.
 */
export interface GoogleEndpoints {
  /** OAuth token endpoint (authorization_code and refresh_token grants). */
  token: string;
  revoke: string;
  tokenInfo: string;
  /** PEM certificate set for ID-token signatures. */
  certsPem: string;
  /** JWK set for ID-token signatures. */
  certsJwks: string;
  /** Base URL the Games API paths (`games/v1/…`) are resolved against, with a trailing slash. */
  gamesBaseUrl: string;
  /** Base URL the Management API paths (`games/v1management/…`) are resolved against. */
  managementBaseUrl: string;
  /** Accepted `iss` values of ID tokens. */
  idTokenIssuers: readonly string[];
}

/** Google's production endpoints (docs/google/oauth.md, 'Endpoints'; games-api.md and management-api.md, 'Service basics'). */
export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  token: 'https://oauth2.googleapis.com/token',
  revoke: 'https://oauth2.googleapis.com/revoke',
  tokenInfo: 'https://oauth2.googleapis.com/tokeninfo',
  certsPem: 'https://www.googleapis.com/oauth2/v1/certs',
  certsJwks: 'https://www.googleapis.com/oauth2/v3/certs',
  gamesBaseUrl: 'https://games.googleapis.com/',
  managementBaseUrl: 'https://gamesmanagement.googleapis.com/',
  idTokenIssuers: ['https://accounts.google.com', 'accounts.google.com'],
};

/**
 * The token URLs Google's own clients put in the `aud` of a service account's JWT-bearer
 * assertion, new and legacy (RFC 7523; https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests).
 * The emulator accepts each of them besides its own `/token`.
 */
export const GOOGLE_TOKEN_AUDIENCES: readonly string[] = [
  GOOGLE_ENDPOINTS.token,
  'https://accounts.google.com/o/oauth2/token',
  'https://www.googleapis.com/oauth2/v4/token',
];

/** Google's discovery documents of the three Play Games APIs: where their method lists come from. */
export const GOOGLE_DISCOVERY_DOCUMENTS = {
  games: 'https://games.googleapis.com/$discovery/rest?version=v1',
  gamesManagement: 'https://gamesmanagement.googleapis.com/$discovery/rest?version=v1management',
  gamesConfiguration: 'https://gamesconfiguration.googleapis.com/$discovery/rest?version=v1configuration',
} as const;

/**
 * The endpoints of an emulator listening at `baseUrl`: one listener serves every Google host,
 * at Google's own paths. ID tokens it signs carry Google's issuer, so verifiers need no change.
 */
export function emulatorEndpoints(baseUrl: string): GoogleEndpoints {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    token: new URL('token', base).href,
    revoke: new URL('revoke', base).href,
    tokenInfo: new URL('tokeninfo', base).href,
    certsPem: new URL('oauth2/v1/certs', base).href,
    certsJwks: new URL('oauth2/v3/certs', base).href,
    gamesBaseUrl: base,
    managementBaseUrl: base,
    idTokenIssuers: GOOGLE_ENDPOINTS.idTokenIssuers,
  };
}
