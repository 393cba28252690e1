/**
 * The backend's own session credentials (issue 3 §6):
 * - access tokens: short-lived JWTs (HS256 with the configured secret) naming the player and
 *   the session family, verified without a store round trip for the signature;
 * - refresh tokens: opaque random strings, stored only as a SHA-256 hash (they carry 256 bits of
 *   entropy, so a fast hash is enough), rotated on every use.
 */
import { createHash, randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'play-games-server';
const AUDIENCE = 'pgs-session';
const REFRESH_PREFIX = 'pgsr_';

export interface SessionClaims {
  /** The player's internal ID. */
  playerId: string;
  /** The session family (one sign-in and its refreshes). */
  familyId: string;
  expiresAt: number;
}

export type AccessTokenCheck =
  | { ok: true; claims: SessionClaims }
  | { ok: false; reason: 'expired' | 'invalid' };

export class SessionTokens {
  readonly #secret: Uint8Array;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: { secret: Uint8Array; accessTokenTtlSeconds: number; now?: () => number }) {
    this.#secret = options.secret;
    this.#ttlSeconds = options.accessTokenTtlSeconds;
    this.#now = options.now ?? Date.now;
  }

  get accessTokenTtlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** Signs an access token for the player's session family. */
  async issueAccessToken(playerId: string, familyId: string): Promise<string> {
    const nowSeconds = Math.floor(this.#now() / 1000);
    return new SignJWT({ sid: familyId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(playerId)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + this.#ttlSeconds)
      .sign(this.#secret);
  }

  /** Checks signature, algorithm, issuer, audience and expiry; never throws. */
  async verifyAccessToken(token: string): Promise<AccessTokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(this.#now()),
        clockTolerance: 0,
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
        return { ok: false, reason: 'invalid' };
      }
      return { ok: true, claims: { playerId: payload.sub, familyId: payload.sid, expiresAt: payload.exp * 1000 } };
    } catch (error) {
      return { ok: false, reason: error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }

  /** A new opaque refresh token and the hash to store for it. */
  static newRefreshToken(): { token: string; hash: string } {
    const token = `${REFRESH_PREFIX}${randomBytes(32).toString('base64url')}`;
    return { token, hash: SessionTokens.hashRefreshToken(token) };
  }

  /** The stored form of a refresh token. */
  static hashRefreshToken(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('base64url');
  }
}
