/**
 * The backend's own session credentials:
 * - access tokens: short-lived JWTs (HS256 with the configured secret, RFC 7519) naming the
 *   player (`sub`), their account (`acc`) and the session family (`sid`), verified without a
 *   store round trip for the signature;
 * - refresh tokens: opaque random strings, stored only as a SHA-256 hash (they carry 256 bits of
 *   entropy, so a fast hash is enough), rotated on every use.
 *
 * Signed and checked with node:crypto's HMAC, synchronously: every authenticated request verifies
 * one, and WebCrypto's asynchronous jobs (what jose uses) cost several times more per token
 * (docs/BENCHMARKS.md, sign-in). We only ever issue one header, so verification demands exactly
 * that header: `alg: none`, other algorithms and key confusion cannot get past it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ISSUER = 'play-games-server';
const AUDIENCE = 'pgs-session';
const REFRESH_PREFIX = 'pgsr_';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

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
    const payload = { iss: ISSUER, aud: AUDIENCE, sub: playerId, acc: accountId, sid: familyId, iat, exp: iat + this.#ttlSeconds };
    const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${signingInput}.${this.#sign(signingInput).toString('base64url')}`;
  }

  /** Checks header, signature, issuer, audience and expiry; never throws. */
  async verifyAccessToken(token: string): Promise<AccessTokenCheck> {
    const invalid = { ok: false, reason: 'invalid' } as const;
    const [header, payload, signature, extra] = token.split('.');
    if (header !== HEADER || payload === undefined || signature === undefined || extra !== undefined) return invalid;
    const expected = this.#sign(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return invalid;
    }
    const { iss, aud, sub, acc, sid, exp } = claims;
    if (iss !== ISSUER || aud !== AUDIENCE || typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
      return invalid;
    }
    if (acc !== undefined && typeof acc !== 'string') return invalid;
    if (this.#now() >= exp * 1000) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { playerId: sub, ...(acc !== undefined ? { accountId: acc } : {}), familyId: sid, expiresAt: exp * 1000 } };
  }

  #sign(signingInput: string): Buffer {
    return createHmac('sha256', this.#secret).update(signingInput).digest();
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
