/**
 * The backend's own session credentials:
 * - access tokens: short-lived JWTs (HS256 with the configured secret, RFC 7519) naming the
 *   player (`sub`), their account (`acc`) and the session family (`sid`), verified without a
 *   store round trip for the signature;
 * - refresh tokens: opaque random strings, stored only as a SHA-256 hash (they carry 256 bits of
 *   entropy, so a fast hash is enough), rotated on every use.
 *
 * Signed and checked with node:crypto's HMAC, synchronously: every authenticated request verifies
 * one, and jose's WebCrypto HMAC (a thread-pool job and its promise per token) held about a tenth
 * of the backend's CPU on warm reads (docs/BENCHMARKS.md, 'Hot paths'). The checks are jose's
 * `jwtVerify` with `algorithms: ['HS256']`, `typ: 'JWT'`, our issuer and audience, made strict:
 * a compact JWS of three base64url parts, a JSON object header with `alg: HS256`, `typ` JWT and no
 * `crit` or `b64`, the signature compared in constant time as the canonical base64url of the HMAC
 * (so no other spelling of it passes), then the claims (RFC 7519 §4.1: `exp` numeric and in the
 * future, `nbf` and `iat` numeric when present). `alg: none`, other algorithms and key confusion
 * cannot get past it; `session-tokens.test.ts` pins what it refuses, with tokens signed by jose.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ISSUER = 'play-games-server';
const AUDIENCE = 'pgs-session';
const REFRESH_PREFIX = 'pgsr_';
/** The protected header of every access token we issue, encoded once. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'utf8').toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Json = Record<string, unknown>;

/** The JSON object a base64url part holds, or undefined if it is anything else. */
function jsonObject(part: string): Json | undefined {
  if (!BASE64URL.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(Buffer.from(part, 'base64url')));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** A `typ` header as jose compares it: case-insensitive, `application/` optional (RFC 7515 §4.1.9). */
const isJwtType = (typ: unknown): boolean => typeof typ === 'string' && typ.toLowerCase().replace(/^application\//, '') === 'jwt';
const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

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
  readonly #secret: Buffer;
  /** The key successors of refresh tokens are derived with: never the signing key itself. */
  readonly #rotationKey: Buffer;
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(options: { secret: Uint8Array; accessTokenTtlSeconds: number; now?: () => number }) {
    this.#secret = Buffer.from(options.secret);
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
    const claims = { acc: accountId, sid: familyId, iss: ISSUER, aud: AUDIENCE, sub: playerId, iat, exp: iat + this.#ttlSeconds };
    const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
    return `${signingInput}.${this.#sign(signingInput)}`;
  }

  /** Checks header, signature, issuer, audience and expiry; never throws. */
  async verifyAccessToken(token: string): Promise<AccessTokenCheck> {
    const invalid = { ok: false, reason: 'invalid' } as const;
    if (typeof token !== 'string') return invalid;
    const parts = token.split('.');
    if (parts.length !== 3) return invalid;
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = jsonObject(headerPart);
    if (header === undefined || header.alg !== 'HS256' || !isJwtType(header.typ) || 'crit' in header || 'b64' in header) return invalid;
    // Base64url characters only, before the bytes are compared: a latin1 Buffer keeps only the low
    // byte of each character.
    if (!BASE64URL.test(signaturePart)) return invalid;
    const expected = Buffer.from(this.#sign(`${headerPart}.${payloadPart}`), 'latin1');
    const given = Buffer.from(signaturePart, 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;

    const claims = jsonObject(payloadPart);
    if (claims === undefined) return invalid;
    const { iss, aud, sub, acc, sid, exp, nbf, iat } = claims;
    if (iss !== ISSUER || aud !== AUDIENCE) return invalid;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !isNumericDate(exp)) return invalid;
    if (acc !== undefined && typeof acc !== 'string') return invalid;
    if ((iat !== undefined && !isNumericDate(iat)) || (nbf !== undefined && !isNumericDate(nbf))) return invalid;
    const now = Math.floor(this.#now() / 1000);
    if (nbf !== undefined && nbf > now) return invalid;
    if (exp <= now) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { playerId: sub, ...(acc !== undefined ? { accountId: acc } : {}), familyId: sid, expiresAt: exp * 1000 } };
  }

  /** The HS256 signature of a JWS signing input, base64url. */
  #sign(signingInput: string): string {
    return createHmac('sha256', this.#secret).update(signingInput, 'utf8').digest('base64url');
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
