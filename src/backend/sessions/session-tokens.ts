/**
 * The backend's own session credentials:
 * - access tokens: short-lived JWTs (HS256 with the configured secret, RFC 7519) naming the
 *   player (`sub`), their account (`acc`) and the session family (`sid`), verified without a
 *   store round trip for the signature;
 * - refresh tokens: opaque random strings, stored only as a SHA-256 hash (they carry 256 bits of
 *   entropy, so a fast hash is enough), rotated on every use.
 *
 * Signed and checked with jose (https://github.com/panva/jose). Verification accepts HS256 only,
 * with `typ: JWT`, our issuer and audience: `alg: none`, other algorithms and key confusion cannot
 * get past it. jose's WebCrypto HMAC costs about 30 µs more per token than node:crypto's, about
 * 1 % of a sign-in's CPU (docs/BENCHMARKS.md, 'JWT implementations').
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

const ISSUER = 'play-games-server';
const AUDIENCE = 'pgs-session';
const REFRESH_PREFIX = 'pgsr_';

export interface SessionClaims {
  /** The player's internal ID. */
  playerId: string;
  /**
   * The player's account. Absent from tokens issued before accounts existed: those stay valid
   * until they expire, and the session service looks the account up for them.
   */
  accountId?: string;
  /** The session family (one sign-in and its refreshes). */
  familyId: string;
  expiresAt: number;
}

export type AccessTokenCheck =
  | { ok: true; claims: SessionClaims }
  | { ok: false; reason: 'expired' | 'invalid' };

export class SessionTokens {
  readonly #secret: Uint8Array;
  /** The key successors of refresh tokens are derived with: never the signing key itself. */
  readonly #rotationKey: Buffer;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: { secret: Uint8Array; accessTokenTtlSeconds: number; now?: () => number }) {
    this.#secret = options.secret;
    this.#rotationKey = createHmac('sha256', options.secret).update('pgs refresh-token rotation v1').digest();
    this.#ttlSeconds = options.accessTokenTtlSeconds;
    this.#now = options.now ?? Date.now;
  }

  get accessTokenTtlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** Signs an access token for the player (of the account) and their session family. */
  async issueAccessToken(playerId: string, accountId: string, familyId: string): Promise<string> {
    const iat = Math.floor(this.#now() / 1000);
    return new SignJWT({ acc: accountId, sid: familyId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(playerId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#ttlSeconds)
      .sign(this.#secret);
  }

  /** Checks header, signature, issuer, audience and expiry; never throws. */
  async verifyAccessToken(token: string): Promise<AccessTokenCheck> {
    const invalid = { ok: false, reason: 'invalid' } as const;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.#secret, {
        algorithms: ['HS256'],
        typ: 'JWT',
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'sid', 'exp'],
        currentDate: new Date(this.#now()),
      }));
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? { ok: false, reason: 'expired' } : invalid;
    }
    const { aud, sub, acc, sid, exp } = claims;
    if (aud !== AUDIENCE || typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return invalid;
    if (acc !== undefined && typeof acc !== 'string') return invalid;
    return { ok: true, claims: { playerId: sub, ...(acc !== undefined ? { accountId: acc } : {}), familyId: sid, expiresAt: exp * 1000 } };
  }

  /**
   * The refresh token that rotating `presented` issues, derived from it with a key of its own
   * (HMAC-SHA256 under a subkey of the session secret): the same token presented twice yields
   * the same successor, so a client that retries a refresh whose answer it lost can be given
   * that answer's token again, instead of a second live token (session-service.ts, 'Reuse
   * grace'). Unguessable without the secret, as a random token is.
   */
  successorOf(presented: string): { token: string; hash: string } {
    const token = `${REFRESH_PREFIX}${createHmac('sha256', this.#rotationKey).update(presented, 'utf8').digest('base64url')}`;
    return { token, hash: SessionTokens.hashRefreshToken(token) };
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
