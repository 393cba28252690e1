/**
 * The backend's own sessions: a sign-in opens a session family; its refresh token rotates on
 * every use, and presenting an already-used one revokes the whole family (the token was copied:
 * whoever holds the newer one is cut off too, and must sign in again; RFC 9700 §4.14.2).
 *
 * Reuse grace. A client whose refresh answer was lost (a dropped connection, a timeout) retries
 * with the token it still holds, which the first request already rotated; without a grace that
 * retry looks like theft and signs the player out. So for `refreshReuseGraceSeconds` after its
 * first use, presenting a token again answers the same rotation again: the successor is derived
 * from the presented token (`SessionTokens.successorOf`), so the retry gets the very refresh
 * token the lost answer carried (with a fresh access token), and the family still has one live
 * refresh token, not two. That is what a retry needs, and no more: only the just-rotated token
 * qualifies (once its successor has been used, it is reuse), and after the window reuse revokes
 * the family as before. Auth0's "reuse interval"
 * (https://auth0.com/docs/secure/tokens/refresh-tokens/configure-refresh-token-rotation) and
 * Okta's "grace period for token rotation"
 * (https://developer.okta.com/docs/guides/refresh-tokens/refresh-token-rotation/) answer the same
 * need; they issue a new token in the window, where the same one here keeps reuse detection for
 * a copy taken in the window (whoever rotates it first makes the other's use a reuse).
 */
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { SessionTokens } from './session-tokens.js';

/** The `session` object of docs/API.md, 'Sign-in and sessions'. */
export interface SessionBody {
  accessToken: string;
  refreshToken: string;
  /** Seconds until `accessToken` expires. */
  expiresIn: number;
}

/** Who a valid access token belongs to. */
export interface AuthenticatedSession {
  /** The player's internal ID. */
  playerId: string;
  /** The account the player belongs to (our own ID, never a Google one). */
  accountId: string;
  familyId: string;
}

const REFRESH_TOKEN_SHAPE = /^pgsr_[\w-]{43}$/;

export class SessionService {
  readonly #store: Store;
  readonly #tokens: SessionTokens;
  readonly #refreshTtlMs: number;
  readonly #reuseGraceMs: number;
  readonly #now: () => number;

  constructor(options: {
    store: Store;
    tokens: SessionTokens;
    refreshTokenTtlSeconds: number;
    /** How long a just-rotated refresh token may be presented again (see 'Reuse grace' above); default 0. */
    refreshReuseGraceSeconds?: number;
    now?: () => number;
  }) {
    this.#store = options.store;
    this.#tokens = options.tokens;
    this.#refreshTtlMs = options.refreshTokenTtlSeconds * 1000;
    this.#reuseGraceMs = (options.refreshReuseGraceSeconds ?? 0) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Opens a new session family for the player of the account. */
  async open(playerId: string, accountId: string): Promise<SessionBody> {
    const { token, hash } = SessionTokens.newRefreshToken();
    const family = await this.#store.createSessionFamily(playerId, hash, this.#now() + this.#refreshTtlMs);
    return this.#body(playerId, accountId, family.id, token);
  }

  /** Exchanges a refresh token for a new access token and the next refresh token. */
  async refresh(refreshToken: string): Promise<SessionBody> {
    if (!REFRESH_TOKEN_SHAPE.test(refreshToken)) throw new ApiError('REFRESH_TOKEN_INVALID');
    const next = this.#tokens.successorOf(refreshToken);
    const now = this.#now();
    const result = await this.#store.rotateRefreshToken(
      SessionTokens.hashRefreshToken(refreshToken),
      next.hash,
      now + this.#refreshTtlMs,
      now,
      this.#reuseGraceMs,
    );
    switch (result.outcome) {
      case 'rotated':
        return this.#body(result.playerId, result.accountId, result.familyId, next.token);
      case 'reused':
        throw new ApiError('REFRESH_TOKEN_REUSED', { detail: `refresh token reuse; session family ${result.familyId} revoked` });
      case 'invalid':
        throw new ApiError('REFRESH_TOKEN_INVALID');
    }
  }

  /**
   * Checks an access token and that its session is still open: logout takes effect at once on
   * this instance, within a second on others (the store's check is cached, store-read-cache.ts).
   */
  async authenticate(accessToken: string): Promise<AuthenticatedSession> {
    const check = await this.#tokens.verifyAccessToken(accessToken);
    if (!check.ok) throw new ApiError(check.reason === 'expired' ? 'SESSION_EXPIRED' : 'SESSION_INVALID');
    if (!(await this.#store.isSessionFamilyActive(check.claims.familyId))) {
      throw new ApiError('SESSION_INVALID', { detail: 'session family revoked' });
    }
    const { playerId, familyId } = check.claims;
    return { playerId, accountId: check.claims.accountId ?? (await this.#accountOf(playerId)), familyId };
  }

  /**
   * The account of a player whose token predates accounts (it names none): such tokens stay
   * valid until they expire, one access-token lifetime after the upgrade at most.
   */
  async #accountOf(playerId: string): Promise<string> {
    const player = await this.#store.findPlayer(playerId);
    if (player === undefined) throw new ApiError('SESSION_INVALID', { detail: 'the player of the session is gone' });
    return player.accountId;
  }

  /** Ends the session family the access token belongs to. */
  async logout(session: AuthenticatedSession): Promise<void> {
    await this.#store.revokeSessionFamily(session.familyId, 'logout');
  }

  async #body(playerId: string, accountId: string, familyId: string, refreshToken: string): Promise<SessionBody> {
    return {
      accessToken: await this.#tokens.issueAccessToken(playerId, accountId, familyId),
      refreshToken,
      expiresIn: this.#tokens.accessTokenTtlSeconds,
    };
  }
}
