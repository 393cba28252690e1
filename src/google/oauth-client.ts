/**
 * Google's OAuth 2.0 token and revocation endpoints, as a game server uses them with Play Games
 * server auth codes (docs/google/oauth.md; developer.android.com/games/pgs/android/server-access).
 *
 * The client authenticates in the form body (`client_secret_post`), as google-auth-library does
 * by default. Every URL comes from `GoogleEndpoints`, so the emulator is configuration alone.
 */
import type { GoogleEndpoints } from './endpoints.js';
import { GoogleOAuthError, GoogleUnavailableError } from './errors.js';
import { HttpClient, type CallOptions, type HttpClientOptions, type HttpResponse } from './http.js';
import { GOOGLE_OPERATIONS } from './operations.js';
import type { OAuthTokenResponse } from './wire/oauth.js';

export interface OAuthClientOptions extends HttpClientOptions {
  /** The game server's web client ID (`client_secret.json` → `web.client_id`). */
  clientId: string;
  /** Its secret (`web.client_secret`). */
  clientSecret: string;
  endpoints: Pick<GoogleEndpoints, 'token' | 'revoke'>;
  /** A transport to share with other clients; when given, the transport options above are ignored. */
  http?: HttpClient;
}

/** A token answer, checked, with its absolute expiry and its scopes as a list. */
export interface OAuthTokens extends OAuthTokenResponse {
  /** When `access_token` expires, in epoch milliseconds: `now()` at receipt + `expires_in` seconds. */
  expiresAt: number;
  /** `scope`, split on spaces. */
  scopes: string[];
}

/** Options of `exchangeCode`. */
export interface ExchangeCodeOptions extends CallOptions {
  /**
   * The `redirect_uri` to send. Default `''`: Play Games server auth codes are issued with no
   * redirect URI, and Google's own server sample (clientserverskeleton, server-access docs)
   * exchanges them with an empty one; any other value gets `redirect_uri_mismatch`.
   */
  redirectUri?: string;
}

/** Outcome of `revoke`. */
export interface RevokeResult {
  /** False when Google said the token was already invalid (expired or revoked): the grant is dead either way. */
  revoked: boolean;
}

/** Exchanges server auth codes, refreshes access tokens and revokes grants at Google's OAuth endpoints. */
export class OAuthClient {
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #endpoints: Pick<GoogleEndpoints, 'token' | 'revoke'>;
  readonly #http: HttpClient;
  readonly #now: () => number;

  constructor(options: OAuthClientOptions) {
    if (!options.clientId) throw new TypeError('OAuthClient: clientId is required');
    if (!options.clientSecret) throw new TypeError('OAuthClient: clientSecret is required');
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#endpoints = { token: options.endpoints.token, revoke: options.endpoints.revoke };
    this.#http = options.http ?? new HttpClient(options);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Exchanges a one-time server auth code (grant `authorization_code`). Never retried: the code is
   * single-use, so a retry after a lost answer could only fail with `invalid_grant`. A used,
   * expired or foreign code → `GoogleOAuthError` `invalid_grant`; a wrong secret →
   * `invalid_client`; no answer → `GoogleUnavailableError`.
   */
  async exchangeCode(code: string, options: ExchangeCodeOptions = {}): Promise<OAuthTokens> {
    if (typeof code !== 'string' || code.length === 0) throw new TypeError('exchangeCode: code must be a non-empty string');
    const { redirectUri = '', ...call } = options;
    const res = await this.#http.request({
      ...call,
      operation: GOOGLE_OPERATIONS.tokenExchange,
      method: 'POST',
      url: new URL(this.#endpoints.token),
      form: {
        grant_type: 'authorization_code',
        code,
        client_id: this.#clientId,
        client_secret: this.#clientSecret,
        redirect_uri: redirectUri,
      },
      retrySafe: false,
      errorFormat: 'oauth',
      secrets: [code, this.#clientSecret],
    });
    return this.#tokens(res, GOOGLE_OPERATIONS.tokenExchange);
  }

  /**
   * Gets a fresh access token with a refresh token (grant `refresh_token`, docs/google/oauth.md,
   * 'Token endpoint grants'). Safe to retry. A revoked or expired refresh token →
   * `GoogleOAuthError` `invalid_grant`. Google normally sends no new `refresh_token`: keep the one
   * you have.
   */
  async refresh(refreshToken: string, options: CallOptions = {}): Promise<OAuthTokens> {
    if (typeof refreshToken !== 'string' || refreshToken.length === 0) {
      throw new TypeError('refresh: refreshToken must be a non-empty string');
    }
    const res = await this.#http.request({
      ...options,
      operation: GOOGLE_OPERATIONS.tokenRefresh,
      method: 'POST',
      url: new URL(this.#endpoints.token),
      form: {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: this.#clientId,
        client_secret: this.#clientSecret,
      },
      retrySafe: true,
      errorFormat: 'oauth',
      secrets: [refreshToken, this.#clientSecret],
    });
    return this.#tokens(res, GOOGLE_OPERATIONS.tokenRefresh);
  }

  /**
   * Revokes an access or refresh token, and with it the player's grant to this game (docs/google/oauth.md,
   * 'Revoke'). The token goes in the form body, not the query string, so no URL ever carries it.
   * Safe to retry; a token Google already considers dead (`invalid_token`) resolves `{revoked: false}`.
   */
  async revoke(token: string, options: CallOptions = {}): Promise<RevokeResult> {
    if (typeof token !== 'string' || token.length === 0) throw new TypeError('revoke: token must be a non-empty string');
    try {
      await this.#http.request({
        ...options,
        operation: GOOGLE_OPERATIONS.revoke,
        method: 'POST',
        url: new URL(this.#endpoints.revoke),
        form: { token },
        retrySafe: true,
        errorFormat: 'oauth',
        secrets: [token],
      });
      return { revoked: true };
    } catch (error) {
      if (error instanceof GoogleOAuthError && error.error === 'invalid_token') return { revoked: false };
      throw error;
    }
  }

  #tokens(res: HttpResponse, operation: string): OAuthTokens {
    const receivedAt = this.#now();
    const body = res.body;
    const invalid = (what: string): GoogleUnavailableError =>
      new GoogleUnavailableError({
        operation,
        kind: 'invalid_response',
        status: res.status,
        attempts: 1,
        message: `${operation}: Google's token answer ${what}`,
      });
    if (typeof body !== 'object' || body === null) throw invalid('is not a JSON object');
    const data = body as Record<string, unknown>;
    if (typeof data.access_token !== 'string' || data.access_token.length === 0) throw invalid('has no access_token');
    // Google sends a number; a numeric string is tolerated (some proxies and old endpoints).
    const expiresIn = typeof data.expires_in === 'string' ? Number(data.expires_in) : data.expires_in;
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0) throw invalid('has no valid expires_in');
    if (typeof data.token_type !== 'string' || data.token_type.toLowerCase() !== 'bearer') {
      throw invalid('is not a Bearer token');
    }
    const scope = typeof data.scope === 'string' ? data.scope : '';
    const tokens: OAuthTokens = {
      access_token: data.access_token,
      expires_in: expiresIn,
      token_type: 'Bearer',
      scope,
      expiresAt: receivedAt + expiresIn * 1000,
      scopes: scope.split(' ').filter((s) => s.length > 0),
    };
    if (typeof data.refresh_token === 'string' && data.refresh_token.length > 0) tokens.refresh_token = data.refresh_token;
    if (typeof data.id_token === 'string' && data.id_token.length > 0) tokens.id_token = data.id_token;
    return tokens;
  }
}
