/**
 * The token vault: keeps each player's Google grant and hands out a valid access token for it.
 * Tokens are encrypted at rest; refreshing happens shortly before expiry, exactly once per player
 * at a time (in-process single-flight on top of the store's cross-instance lock, a `FOR UPDATE` row
 * lock on PostgreSQL), so that concurrent requests wait for one refresh instead of each calling
 * Google.
 */
import type { OAuthClient, OAuthTokens } from '../../google/oauth-client.js';
import type { Grant, GrantInput, GrantTransaction, Store } from '../../store/store.js';
import { classifyGoogleFailure } from '../google-failures.js';
import { GrantUnusableError } from './grant-unusable-error.js';
import type { BackendMetrics } from '../metrics.js';
import type { TokenCipher } from './token-cipher.js';
import { LruMap } from '../lru-map.js';

/** Refresh when less than this much life is left, so a token never expires mid-call. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/**
 * A token that cannot be replaced (no refresh token, or Google is down) is still used until this
 * much life is left: enough for one Google call to finish before it expires.
 */
const LAST_USE_MARGIN_MS = 30_000;
/** Players whose access token is kept decrypted (see `#openAccessToken`): a bound on the memory. */
const OPENED_ACCESS_TOKENS = 20_000;

export interface TokenVaultOptions {
  store: Store;
  oauth: Pick<OAuthClient, 'refresh'>;
  cipher: TokenCipher;
  clientId: string;
  metrics?: BackendMetrics;
  now?: () => number;
}

export class TokenVault {
  readonly #store: Store;
  readonly #oauth: Pick<OAuthClient, 'refresh'>;
  readonly #cipher: TokenCipher;
  readonly #clientId: string;
  readonly #metrics: BackendMetrics | undefined;
  readonly #now: () => number;
  /** One refresh per player per process; the store's lock covers other processes. */
  readonly #inFlight = new Map<string, Promise<string>>();
  /** Each player's access token as last decrypted, with its ciphertext (see `#openAccessToken`). */
  readonly #opened = new LruMap<string, { ciphertext: string; token: string }>(OPENED_ACCESS_TOKENS);

  constructor(options: TokenVaultOptions) {
    this.#store = options.store;
    this.#oauth = options.oauth;
    this.#cipher = options.cipher;
    this.#clientId = options.clientId;
    this.#metrics = options.metrics;
    this.#now = options.now ?? Date.now;
  }

  /** Encrypts and stores the tokens of a fresh code exchange; keeps an earlier refresh token. */
  async storeExchangedTokens(playerId: string, tokens: OAuthTokens): Promise<Grant> {
    return this.#store.saveGrant(playerId, this.#grantInput(playerId, tokens));
  }

  /**
   * Runs `fn` with the player's access token. If Google refuses the token (401), it is refreshed
   * once and `fn` runs again; a second refusal means the grant is unusable. Throws what
   * `getAccessToken` throws, and whatever `fn` throws otherwise.
   */
  withAccessToken<T>(playerId: string, fn: (accessToken: string) => Promise<T>): Promise<T> {
    return withAccessToken(this, playerId, fn);
  }

  /**
   * A valid Google access token for the player, refreshed when it is close to expiry (or when
   * `forceRefresh`, after Google refused the stored one). Throws `GrantUnusableError` when the
   * grant is dead, and Google's own error when Google cannot refresh it now
   * (`GoogleUnavailableError`) or refuses the game server's OAuth client (`GoogleOAuthError`).
   */
  async getAccessToken(playerId: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
    if (!options.forceRefresh) {
      const grant = await this.#store.getGrant(playerId);
      const usable = grant && this.#usableAccessToken(playerId, grant);
      if (usable) return usable;
      if (grant && grant.status !== 'active') throw grantUnusable(grant.status);
      if (!grant) throw noGrant();
    }
    const running = this.#inFlight.get(playerId);
    if (running) return running;
    const refresh = this.#refreshLocked(playerId, options.forceRefresh === true).finally(() => this.#inFlight.delete(playerId));
    this.#inFlight.set(playerId, refresh);
    return refresh;
  }

  /**
   * Every Google token held for the player, decrypted: what to revoke at Google. Both, not only the
   * refresh token: the access token may come from a later code exchange, a grant of its own (a
   * sign-in without forceRefreshToken keeps the earlier refresh token), which revoking the refresh
   * token leaves alive.
   */
  async revocableTokens(playerId: string): Promise<string[]> {
    const grant = await this.#store.getGrant(playerId);
    if (!grant) return [];
    const tokens = [this.#cipher.decrypt(grant.accessTokenCiphertext, playerId, 'google-access')];
    if (grant.refreshTokenCiphertext) tokens.unshift(this.#cipher.decrypt(grant.refreshTokenCiphertext, playerId, 'google-refresh'));
    return tokens;
  }

  async #refreshLocked(playerId: string, force: boolean): Promise<string> {
    const startedAt = this.#now();
    return this.#store.withGrantRefreshLock(playerId, async (tx) => {
      const grant = await tx.getGrant();
      if (!grant) throw noGrant();
      if (grant.status !== 'active') throw grantUnusable(grant.status);
      // Another instance (or an earlier holder of the lock) may have refreshed while we waited.
      const refreshedMeanwhile = (grant.lastRefreshAt ?? 0) >= startedAt || grant.updatedAt >= startedAt;
      if (!force || refreshedMeanwhile) {
        const usable = this.#usableAccessToken(playerId, grant);
        if (usable) return usable;
      }
      return this.#refresh(playerId, grant, tx, force);
    });
  }

  async #refresh(playerId: string, grant: Grant, tx: GrantTransaction, force: boolean): Promise<string> {
    if (!grant.refreshTokenCiphertext) {
      await tx.updateGrantStatus('needs_consent', 'access token expired and Google issued no refresh token');
      this.#metrics?.tokenRefreshes.inc({ outcome: 'no_refresh_token' });
      throw grantUnusable('needs_consent');
    }
    const refreshToken = this.#cipher.decrypt(grant.refreshTokenCiphertext, playerId, 'google-refresh');
    let tokens: OAuthTokens;
    try {
      tokens = await this.#oauth.refresh(refreshToken);
    } catch (error) {
      switch (classifyGoogleFailure(error).kind) {
        case 'grant-refused':
          await tx.updateGrantStatus('revoked', 'refresh refused by Google: invalid_grant');
          this.#metrics?.tokenRefreshes.inc({ outcome: 'revoked' });
          throw grantUnusable('revoked');
        case 'unavailable': {
          this.#metrics?.tokenRefreshes.inc({ outcome: 'unavailable' });
          // Refreshing ahead of expiry: the stored token still works for a while (unless Google
          // has just refused it, which is what `force` says).
          const current = force ? undefined : this.#usableAccessToken(playerId, grant, LAST_USE_MARGIN_MS);
          if (current) return current;
          throw error;
        }
        default:
          // invalid_client and friends: our own OAuth client is wrong, not the player's grant.
          this.#metrics?.tokenRefreshes.inc({ outcome: 'unavailable' });
          throw error;
      }
    }
    await tx.saveGrant({ ...this.#grantInput(playerId, tokens), lastRefreshAt: this.#now() });
    this.#metrics?.tokenRefreshes.inc({ outcome: 'refreshed' });
    return tokens.access_token;
  }

  /**
   * The stored access token while it has more than `margin` left: by default the refresh margin,
   * or only the last-use margin when there is no refresh token to replace it with.
   */
  #usableAccessToken(playerId: string, grant: Grant, margin?: number): string | undefined {
    if (grant.status !== 'active') return undefined;
    const required = margin ?? (grant.refreshTokenCiphertext ? REFRESH_MARGIN_MS : LAST_USE_MARGIN_MS);
    if (grant.accessTokenExpiresAt - this.#now() <= required) return undefined;
    return this.#openAccessToken(playerId, grant.accessTokenCiphertext);
  }

  /**
   * The access token sealed in `ciphertext`, decrypted once: every request that calls Google
   * opened the same ciphertext again (an AES-GCM decipher and its key object each time, about
   * 5 % of a warm read's CPU). A ciphertext never changes meaning (a new token is sealed with a
   * new IV, so it is another ciphertext), and what the grant allows is still checked on every
   * call from the grant row itself (status, expiry), so this only saves the work, never a check.
   * Kept by player (the ciphertext opens only for the player it was sealed for), one token each:
   * a new ciphertext replaces the last one.
   */
  #openAccessToken(playerId: string, ciphertext: string): string {
    const opened = this.#opened.get(playerId);
    if (opened !== undefined && opened.ciphertext === ciphertext) return opened.token;
    const token = this.#cipher.decrypt(ciphertext, playerId, 'google-access');
    this.#opened.set(playerId, { ciphertext, token });
    return token;
  }

  #grantInput(playerId: string, tokens: OAuthTokens): GrantInput {
    return {
      clientId: this.#clientId,
      scopes: tokens.scopes,
      accessTokenCiphertext: this.#cipher.encrypt(tokens.access_token, playerId, 'google-access'),
      accessTokenExpiresAt: tokens.expiresAt,
      refreshTokenCiphertext: tokens.refresh_token ? this.#cipher.encrypt(tokens.refresh_token, playerId, 'google-refresh') : null,
      keyId: this.#cipher.currentKeyId,
      status: 'active',
    };
  }
}

function noGrant(): GrantUnusableError {
  return new GrantUnusableError('no-grant', 'no Google grant stored for the player');
}

function grantUnusable(status: string): GrantUnusableError {
  return new GrantUnusableError(status === 'revoked' ? 'revoked' : 'needs-consent', `Google grant is ${status}`);
}

/**
 * `TokenVault.withAccessToken` over any `getAccessToken` (test doubles of the vault share it, so
 * the refresh-once rule has one home).
 */
export async function withAccessToken<T>(
  vault: Pick<TokenVault, 'getAccessToken'>,
  playerId: string,
  fn: (accessToken: string) => Promise<T>,
): Promise<T> {
  try {
    return await fn(await vault.getAccessToken(playerId));
  } catch (error) {
    if (classifyGoogleFailure(error).kind !== 'token-refused') throw error;
  }
  try {
    return await fn(await vault.getAccessToken(playerId, { forceRefresh: true }));
  } catch (error) {
    if (classifyGoogleFailure(error).kind !== 'token-refused') throw error;
    throw new GrantUnusableError('token-refused', 'Google refused a freshly refreshed access token', { cause: error });
  }
}
