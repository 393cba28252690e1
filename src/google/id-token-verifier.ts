/**
 * Verifies the Google ID tokens a server auth code exchange returns when the player granted
 * `openid` (docs/google/oauth.md, 'ID tokens'). The JWS and the registered claims are checked by
 * jose's `jwtVerify` (https://github.com/panva/jose), with the checks of google-auth-library's
 * `verifySignedJwtWithCertsAsync`
 * (https://github.com/googleapis/google-auth-library-nodejs/blob/main/src/auth/oauth2client.ts), made stricter where that is free:
 *
 * 1. `alg` must be RS256, checked by jose before any key is touched, so `none`, HS256 "signed"
 *    with the public key, ES256 and the rest are refused outright (RFC 8725 §3.1, §2.1);
 * 2. `kid` must name a key of Google's JWK set (`endpoints.certsJwks`); an unknown `kid` refetches
 *    the set once (Google rotates keys, developers.google.com/identity/openid-connect/openid-connect
 *    #validatinganidtoken), at most once per `unknownKidRefetchSeconds`, so forged kids cannot make
 *    us hammer Google;
 * 3. the RS256 signature, with a key of at least 2048 bits;
 * 4. `iss` ∈ `endpoints.idTokenIssuers`, `aud` ∈ the configured client IDs (one string, as Google
 *    issues it);
 * 5. `iat` / `nbf` not in the future and `exp` not past, with a clock-skew allowance (300 s, as
 *    google-auth-library), and a lifetime of at most one day (its `maxExpiry`).
 *
 * The key set is fetched here rather than by jose's `createRemoteJWKSet`, because Google asks
 * verifiers to cache it for the `max-age` of the answer's `Cache-Control` (less its `Age`), and
 * because the fetch goes through the backend's own transport (timeouts, retries, metrics). Without
 * a `max-age` we cache for a short default (60 s) instead of refetching on every sign-in as
 * google-auth-library does: a burst of sign-ins then costs one fetch, and a rotated key is still
 * picked up within a minute (and at once, through step 2). Concurrent verifications share one
 * in-flight fetch. A set past its max-age is not used: if the refetch fails, verification fails
 * with `keys_unavailable` (transient) rather than trusting keys Google may have withdrawn.
 */
import type { webcrypto } from 'node:crypto';
import { errors as joseErrors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { GoogleEndpoints } from './endpoints.js';
import { IdTokenError } from './errors.js';
import { HttpClient, type CallOptions, type HeaderReader, type HttpClientOptions } from './http.js';
import { GOOGLE_OPERATIONS } from './operations.js';
import type { GoogleIdTokenClaims } from './wire/oauth.js';

export interface IdTokenVerifierOptions extends HttpClientOptions {
  endpoints: Pick<GoogleEndpoints, 'certsJwks' | 'idTokenIssuers'>;
  /** The client IDs an ID token may be issued to (`aud`): the game server's web client ID, at least. */
  audience: string | readonly string[];
  /** Allowed clock difference with Google, in seconds. Default 300 (google-auth-library's). */
  clockSkewSeconds?: number;
  /** Longest lifetime a token may claim (`exp` − `iat`, and `exp` − now), in seconds. Default 86 400. */
  maxLifetimeSeconds?: number;
  /** How long a key set without `Cache-Control: max-age` is kept, in seconds. Default 60. */
  defaultCacheSeconds?: number;
  /** Upper bound on any cache lifetime, whatever `max-age` says, in seconds. Default 86 400. */
  maxCacheSeconds?: number;
  /** Minimum time between two refetches caused by an unknown `kid`, in seconds. Default 30. */
  unknownKidRefetchSeconds?: number;
  /** A transport to share with other clients; when given, the transport options above are ignored. */
  http?: HttpClient;
}

/** Options of one `verify` call. */
export interface VerifyIdTokenOptions extends CallOptions {
  /** Overrides the configured audience for this call. */
  audience?: string | readonly string[];
}

type VerifyKey = webcrypto.CryptoKey;

interface KeySet {
  keys: Map<string, VerifyKey>;
  /** Epoch ms of the fetch. */
  fetchedAt: number;
  /** Epoch ms after which the set must be fetched again. */
  expiresAt: number;
}

/** Verifies Google ID tokens against Google's rotating RS256 keys. */
export class IdTokenVerifier {
  readonly #certsUrl: string;
  readonly #issuers: readonly string[];
  readonly #audience: readonly string[];
  readonly #skew: number;
  readonly #maxLifetime: number;
  readonly #defaultCacheMs: number;
  readonly #maxCacheMs: number;
  readonly #refetchMs: number;
  readonly #http: HttpClient;
  readonly #now: () => number;
  #cache: KeySet | undefined;
  #inflight: Promise<KeySet> | undefined;

  constructor(options: IdTokenVerifierOptions) {
    this.#certsUrl = options.endpoints.certsJwks;
    this.#issuers = [...options.endpoints.idTokenIssuers];
    this.#audience = audienceList(options.audience);
    if (this.#audience.length === 0) throw new TypeError('IdTokenVerifier: at least one audience (client ID) is required');
    this.#skew = options.clockSkewSeconds ?? 300;
    this.#maxLifetime = options.maxLifetimeSeconds ?? 86_400;
    this.#defaultCacheMs = (options.defaultCacheSeconds ?? 60) * 1000;
    this.#maxCacheMs = (options.maxCacheSeconds ?? 86_400) * 1000;
    this.#refetchMs = (options.unknownKidRefetchSeconds ?? 30) * 1000;
    this.#http =
      options.http ??
      new HttpClient({ ...options, timeoutMs: options.timeoutMs ?? 5_000, deadlineMs: options.deadlineMs ?? 10_000 });
    this.#now = options.now ?? Date.now;
  }

  /** Verifies `idToken` and returns its claims; throws `IdTokenError` with the failed check as `reason`. */
  async verify(idToken: string, options: VerifyIdTokenOptions = {}): Promise<GoogleIdTokenClaims> {
    const { audience: callAudience, ...call } = options;
    if (typeof idToken !== 'string') throw new IdTokenError('malformed', 'not a string');
    const audience = callAudience === undefined ? this.#audience : audienceList(callAudience);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        idToken,
        async (header) => {
          if (typeof header.kid !== 'string' || header.kid.length === 0) throw new IdTokenError('malformed', 'the header has no kid');
          return this.#key(header.kid, call);
        },
        {
          algorithms: ['RS256'],
          issuer: [...this.#issuers],
          audience: [...audience],
          requiredClaims: ['sub', 'iat', 'exp'],
          clockTolerance: this.#skew,
          currentDate: new Date(this.#now()),
        },
      ));
    } catch (error) {
      throw refusalOf(error);
    }
    return this.#claims(payload, audience);
  }

  /** The checks jose leaves to us: Google's claim shapes, `iat` in the future, the lifetime. */
  #claims(payload: JWTPayload, audience: readonly string[]): GoogleIdTokenClaims {
    const { iss, aud, sub, iat, exp } = payload;
    if (typeof sub !== 'string' || sub.length === 0) throw new IdTokenError('malformed', 'sub is missing');
    if (!isNumericDate(iat)) throw new IdTokenError('malformed', 'iat is missing or not a number');
    if (!isNumericDate(exp)) throw new IdTokenError('malformed', 'exp is missing or not a number');
    if (typeof iss !== 'string') throw new IdTokenError('issuer', 'iss is not one of Google’s issuers');
    // Google issues a single audience string; an array is not a Google ID token.
    if (typeof aud !== 'string' || !audience.includes(aud)) {
      throw new IdTokenError('audience', 'aud is not one of the configured client IDs');
    }
    const now = Math.floor(this.#now() / 1000);
    if (iat > now + this.#skew) throw new IdTokenError('not_yet_valid', 'iat is in the future');
    if (exp < iat) throw new IdTokenError('malformed', 'exp is before iat');
    if (exp - iat > this.#maxLifetime || exp > now + this.#maxLifetime + this.#skew) {
      throw new IdTokenError('lifetime', `the token claims a lifetime over ${this.#maxLifetime} s`);
    }

    const claims: GoogleIdTokenClaims = { iss, aud, sub, iat, exp };
    for (const name of ['azp', 'at_hash', 'email', 'name', 'picture', 'given_name', 'family_name', 'locale'] as const) {
      const value = payload[name];
      if (typeof value === 'string') claims[name] = value;
    }
    const verified = payload.email_verified;
    // A boolean in ID tokens; tokeninfo-style "true" strings are tolerated.
    if (typeof verified === 'boolean') claims.email_verified = verified;
    else if (verified === 'true' || verified === 'false') claims.email_verified = verified === 'true';
    return claims;
  }

  async #key(kid: string, call: CallOptions): Promise<VerifyKey> {
    let set = this.#cache;
    if (set === undefined || this.#now() >= set.expiresAt) set = await this.#fetchKeys(call);
    const cached = set.keys.get(kid);
    if (cached !== undefined) return cached;
    // Unknown kid: Google may have rotated since our fetch. Refetch, unless we fetched very recently.
    if (this.#now() - set.fetchedAt >= this.#refetchMs) {
      set = await this.#fetchKeys(call);
      const fresh = set.keys.get(kid);
      if (fresh !== undefined) return fresh;
    }
    throw new IdTokenError('unknown_kid', 'kid is not in Google’s key set');
  }

  /** Single-flight: every caller waiting on a fetch shares it. */
  #fetchKeys(call: CallOptions): Promise<KeySet> {
    this.#inflight ??= this.#loadKeys(call).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #loadKeys(call: CallOptions): Promise<KeySet> {
    let res;
    try {
      // One caller's signal must not cancel a fetch other callers share.
      const { signal: _signal, ...shared } = call;
      res = await this.#http.request({
        ...shared,
        operation: GOOGLE_OPERATIONS.certs,
        method: 'GET',
        url: new URL(this.#certsUrl),
        retrySafe: true,
      });
    } catch (error) {
      throw new IdTokenError('keys_unavailable', 'Google’s key set could not be fetched', { cause: error });
    }
    const body = res.body;
    const list = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(list)) throw new IdTokenError('keys_unavailable', 'Google’s key set is not a JWK set');

    const keys = new Map<string, VerifyKey>();
    for (const jwk of list as unknown[]) {
      if (typeof jwk !== 'object' || jwk === null) continue;
      const { kty, kid, alg, use, n, e } = jwk as Record<string, unknown>;
      if (kty !== 'RSA' || typeof kid !== 'string' || typeof n !== 'string' || typeof e !== 'string') continue;
      if ((alg !== undefined && alg !== 'RS256') || (use !== undefined && use !== 'sig')) continue;
      try {
        const key = await importJWK({ kty, n, e }, 'RS256');
        // RS256 keys are at least 2048 bits (RFC 7518 §3.3); jose refuses a shorter one at
        // verification, and we leave it out of the set so that its kid reads as unknown.
        if (!(key instanceof Uint8Array) && modulusLength(key) >= 2048) keys.set(kid, key);
      } catch {
        // A key we cannot import (bad encoding) verifies nothing; leave it out.
      }
    }
    const fetchedAt = this.#now();
    const set: KeySet = { keys, fetchedAt, expiresAt: fetchedAt + this.#cacheLifetimeMs(res.headers) };
    this.#cache = set;
    return set;
  }

  #cacheLifetimeMs(headers: HeaderReader): number {
    const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(headers.get('cache-control') ?? '');
    if (maxAge?.[1] === undefined) return this.#defaultCacheMs;
    const age = Number(/^\d+$/.exec(headers.get('age')?.trim() ?? '')?.[0] ?? 0);
    return Math.min(this.#maxCacheMs, Math.max(0, Number(maxAge[1]) - age) * 1000);
  }
}

function audienceList(audience: string | readonly string[]): readonly string[] {
  return (typeof audience === 'string' ? [audience] : [...audience]).filter((a) => a.length > 0);
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function modulusLength(key: VerifyKey): number {
  const algorithm = key.algorithm as { modulusLength?: unknown };
  return typeof algorithm.modulusLength === 'number' ? algorithm.modulusLength : 0;
}

/**
 * The `IdTokenError` for what jose refused. jose's own error is not kept as the cause: some of
 * its errors carry the token's payload, and no error of ours holds a token or its parts.
 */
function refusalOf(error: unknown): IdTokenError {
  if (error instanceof IdTokenError) return error;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new IdTokenError('algorithm', 'only RS256 is accepted');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new IdTokenError('signature', 'the signature does not verify with Google’s key');
  }
  if (error instanceof joseErrors.JWTExpired) return new IdTokenError('expired', 'exp is past');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return new IdTokenError('issuer', 'iss is not one of Google’s issuers');
    if (error.claim === 'aud') return new IdTokenError('audience', 'aud is not one of the configured client IDs');
    if (error.claim === 'nbf' && error.reason === 'check_failed') return new IdTokenError('not_yet_valid', 'nbf is in the future');
    return new IdTokenError('malformed', `${error.claim} is missing or not of its type`);
  }
  return new IdTokenError('malformed', 'not a compact JWS with a JSON header and payload');
}
