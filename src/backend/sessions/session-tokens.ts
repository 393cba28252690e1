/**
 * The backend's own session credentials:
 * - access tokens: short-lived JWTs (HS256 with the configured secret, RFC 7519) naming the
 *   player (`sub`), their account (`acc`) and the session family (`sid`), verified without a
 *   store round trip for the signature;
 * - refresh tokens: opaque random strings, stored only as a SHA-256 hash (they carry 256 bits of
 *   entropy, so a fast hash is enough), rotated on every use.
 *
 * Access tokens are signed and checked with fast-jwt (https://github.com/nearform/fast-jwt): a
 * maintained JWT library rather than our own JWS code, and synchronous on node:crypto's HMAC, as
 * the hand-written code before it was. Every authenticated request verifies one, and jose's
 * WebCrypto HMAC (a thread-pool job and its promise per token) held about a tenth of the
 * backend's CPU on warm reads ('Hot paths'); through fast-jwt a verify costs 2.5–4 µs more than
 * the hand-written HMAC did, under 0.5 % of a warm read ('JWT implementations'; both in
 * docs/BENCHMARKS.md). Its signer and verifier are made once, with the key, `HS256` only, `typ`
 * JWT (case-insensitive, `application/` optional, RFC 7515 §4.1.9), our issuer and audience
 * required; it refuses `alg: none`, other algorithms (so no key confusion), segments outside the
 * base64url alphabet, a header or payload that is not a JSON object, a wrong signature (compared
 * in constant time) and `crit` extensions.
 * Where it is looser than our tokens, the checks after it close the gap (`verifyAccessToken`).
 * `session-tokens.test.ts` pins what is refused, with tokens signed by jose.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';
import { LruMap } from '../lru-map.js';

const ISSUER = 'play-games-server';
const AUDIENCE = 'pgs-session';
const REFRESH_PREFIX = 'pgsr_';
const INVALID = { ok: false, reason: 'invalid' } as const;
/**
 * How many verified tokens `verifyAccessToken` remembers: about 0.5 KB each (the token and its
 * claims), so at most about 2 MB. Every authenticated request verifies its token, a player's
 * client sends the same one for its whole lifetime, and the signature check (fast-jwt: decode,
 * HMAC, JSON) is the costly part of the check.
 */
const VERIFIED_CAPACITY = 4096;

type Json = Record<string, unknown>;
/** What fast-jwt's verifier returns with `complete: true`. */
interface VerifiedJwt {
  header: Json;
  payload: Json;
  signature: string;
}

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
  /** The key successors of refresh tokens are derived with: never the signing key itself. */
  readonly #rotationKey: Buffer;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  readonly #sign: (claims: { sub: string; acc: string; sid: string; iat: number }) => string;
  readonly #verify: (token: string) => VerifiedJwt;
  /**
   * Tokens whose signature, header and claims passed, with what the time checks need. Only a
   * token signed with our key gets here, so requests cannot fill it with forgeries; what a token
   * says never changes and the key is fixed for the process, so a token that passed once passes
   * again, and only the clock (`exp`, `nbf`) is checked anew. Revocation is not a property of the
   * token: the session service checks the family on every request, cached or not.
   */
  readonly #verified = new LruMap<string, { claims: Omit<SessionClaims, 'expiresAt'>; exp: number; nbf: number | undefined }>(VERIFIED_CAPACITY);

  constructor(options: { secret: Uint8Array; accessTokenTtlSeconds: number; now?: () => number }) {
    const key = Buffer.from(options.secret);
    this.#rotationKey = createHmac('sha256', options.secret).update('pgs refresh-token rotation v1').digest();
    this.#ttlSeconds = options.accessTokenTtlSeconds;
    this.#now = options.now ?? Date.now;
    // `iat` comes with each token's claims, from our clock; `exp` is `iat` plus the TTL.
    this.#sign = createSigner({ algorithm: 'HS256', key, iss: ISSUER, aud: AUDIENCE, expiresIn: this.#ttlSeconds * 1000 });
    this.#verify = createVerifier({
      key,
      algorithms: ['HS256'],
      checkTyp: 'JWT',
      allowedIss: ISSUER,
      allowedAud: AUDIENCE,
      // fast-jwt checks a claim it is given a rule for only when the claim is there.
      requiredClaims: ['iss', 'aud'],
      // The clock is `now` (the app's, and the tests'), and fast-jwt takes only a fixed one:
      // `exp` and `nbf` are checked in verifyAccessToken, after everything else, as before.
      ignoreExpiration: true,
      ignoreNotBefore: true,
      complete: true,
    }) as (token: string) => VerifiedJwt;
  }

  get accessTokenTtlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** Signs an access token for the player (of the account) and their session family. */
  async issueAccessToken(playerId: string, accountId: string, familyId: string): Promise<string> {
    return this.#sign({ sub: playerId, acc: accountId, sid: familyId, iat: Math.floor(this.#now() / 1000) });
  }

  /**
   * Checks header, signature, issuer, audience and expiry; never throws. Only a token that
   * passes every other check can be `expired`.
   */
  async verifyAccessToken(token: string): Promise<AccessTokenCheck> {
    if (typeof token !== 'string') return INVALID;
    const known = this.#verified.get(token) ?? this.#checkSignedToken(token);
    if (known === undefined) return INVALID;
    const now = Math.floor(this.#now() / 1000);
    if (known.nbf !== undefined && known.nbf > now) return INVALID;
    if (known.exp <= now) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { ...known.claims, expiresAt: known.exp * 1000 } };
  }

  /** Every check of `verifyAccessToken` but the clock's; remembers a token that passes them. */
  #checkSignedToken(token: string): { claims: Omit<SessionClaims, 'expiresAt'>; exp: number; nbf: number | undefined } | undefined {
    let verified: VerifiedJwt;
    try {
      verified = this.#verify(token);
    } catch {
      return undefined;
    }
    const { header, payload, signature } = verified;
    // Where fast-jwt is looser than our tokens. It decodes the signature with Node's base64
    // decoder, which ignores the spare low bits of the last character, so a valid signature has
    // other spellings; only the canonical one passes (a token is one string, not several).
    if (Buffer.from(signature, 'base64url').toString('base64url') !== signature) return undefined;
    // fast-jwt passes a `crit` that is not an array of names (null, false, an empty string) and
    // knows nothing of `b64` (RFC 7797, an unencoded payload): we issue neither, so none may appear.
    if ('crit' in header || 'b64' in header) return undefined;
    const { aud, sub, acc, sid, exp, nbf, iat } = payload;
    // fast-jwt takes an array `aud` that names us among others; ours is the one string.
    if (aud !== AUDIENCE) return undefined;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !isNumericDate(exp)) return undefined;
    if (acc !== undefined && typeof acc !== 'string') return undefined;
    if ((iat !== undefined && !isNumericDate(iat)) || (nbf !== undefined && !isNumericDate(nbf))) return undefined;
    const known = { claims: { playerId: sub, ...(acc !== undefined ? { accountId: acc } : {}), familyId: sid }, exp, nbf };
    this.#verified.set(token, known);
    return known;
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
