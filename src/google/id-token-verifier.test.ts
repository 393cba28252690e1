import { beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_ENDPOINTS } from './endpoints.js';
import { IdTokenError } from './errors.js';
import { IdTokenVerifier, type IdTokenVerifierOptions } from './id-token-verifier.js';
import { fakeFetch, json, type FakeFetch } from './test-support/fake-fetch.js';
import {
  claims,
  createTestKey,
  hs256WithPublicKey,
  jwks,
  signToken,
  TEST_CLIENT_ID,
  unsignedToken,
  type TestKey,
} from './test-support/id-tokens.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
const NOW_S = T0 / 1000;

let keyA: TestKey;
let keyB: TestKey;
let rogue: TestKey;

beforeAll(async () => {
  [keyA, keyB, rogue] = await Promise.all([createTestKey('kid-a'), createTestKey('kid-b'), createTestKey('kid-a')]);
});

/** A verifier whose clock the test moves, over a fake certs endpoint. */
function setup(serve: () => Response, options: Partial<IdTokenVerifierOptions> = {}) {
  const clock = { now: T0 };
  const fetch = fakeFetch(() => serve());
  const verifier = new IdTokenVerifier({
    endpoints: GOOGLE_ENDPOINTS,
    audience: [TEST_CLIENT_ID, 'other-client'],
    fetch,
    now: () => clock.now,
    sleep: () => Promise.resolve(),
    ...options,
  });
  return { verifier, fetch, clock };
}

function certs(body: unknown = jwks(keyA, keyB), cacheControl = 'public, max-age=23641, must-revalidate, no-transform'): Response {
  return json(200, body, cacheControl ? { 'cache-control': cacheControl } : {});
}

async function refusal(promise: Promise<unknown>): Promise<IdTokenError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IdTokenError);
    return error as IdTokenError;
  }
  throw new Error('expected the token to be refused');
}

describe('IdTokenVerifier: valid tokens', () => {
  it('accepts a token signed by a key of the set and returns its claims', async () => {
    const { verifier, fetch } = setup(() => certs());
    const token = await signToken(keyB, claims(NOW_S, { locale: 'en', picture: 'https://lh3.example/p.png', hd: 'example.com' }));

    const result = await verifier.verify(token);

    expect(result).toEqual({
      iss: GOOGLE_ENDPOINTS.idTokenIssuers[0],
      aud: TEST_CLIENT_ID,
      azp: '123456789012-android.apps.googleusercontent.com',
      sub: '110169484474386276334',
      email: 'player@example.com',
      email_verified: true,
      name: 'Demo Player',
      picture: 'https://lh3.example/p.png',
      locale: 'en',
      iat: NOW_S,
      exp: NOW_S + 3600,
    });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.url).toBe(GOOGLE_ENDPOINTS.certsJwks);
    expect(fetch.calls[0]?.method).toBe('GET');
    expect(fetch.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('accepts the short issuer and any configured audience', async () => {
    const { verifier } = setup(() => certs());
    const token = await signToken(keyA, claims(NOW_S, { iss: GOOGLE_ENDPOINTS.idTokenIssuers[1], aud: 'other-client' }));
    expect((await verifier.verify(token)).aud).toBe('other-client');
  });

  it('allows 300 s of clock skew on both sides', async () => {
    const { verifier } = setup(() => certs());
    const early = await signToken(keyA, claims(NOW_S + 299));
    const late = await signToken(keyA, claims(NOW_S - 3600, { exp: NOW_S - 299 }));
    await expect(verifier.verify(early)).resolves.toMatchObject({ sub: '110169484474386276334' });
    await expect(verifier.verify(late)).resolves.toMatchObject({ sub: '110169484474386276334' });
  });

  it('normalises a string email_verified', async () => {
    const { verifier } = setup(() => certs());
    const token = await signToken(keyA, claims(NOW_S, { email_verified: 'false' }));
    expect((await verifier.verify(token)).email_verified).toBe(false);
  });

  it('lets one call override the audience', async () => {
    const { verifier } = setup(() => certs());
    const token = await signToken(keyA, claims(NOW_S));
    const error = await refusal(verifier.verify(token, { audience: 'someone-else' }));
    expect(error.reason).toBe('audience');
  });
});

describe('IdTokenVerifier: forged and broken tokens', () => {
  const cases: Array<[string, () => Promise<string>, IdTokenError['reason']]> = [
    ['wrong aud', () => signToken(keyA, claims(NOW_S, { aud: 'attacker-client.apps.googleusercontent.com' })), 'audience'],
    ['aud as an array', () => signToken(keyA, claims(NOW_S, { aud: [TEST_CLIENT_ID] })), 'audience'],
    ['wrong iss', () => signToken(keyA, claims(NOW_S, { iss: 'https://accounts.evil.com' })), 'issuer'],
    ['no iss', () => signToken(keyA, claims(NOW_S, { iss: undefined })), 'issuer'],
    ['expired', () => signToken(keyA, claims(NOW_S - 7200, { exp: NOW_S - 301 })), 'expired'],
    ['iat in the future', () => signToken(keyA, claims(NOW_S + 301)), 'not_yet_valid'],
    ['nbf in the future', () => signToken(keyA, claims(NOW_S, { nbf: NOW_S + 600 })), 'not_yet_valid'],
    ['lifetime over a day', () => signToken(keyA, claims(NOW_S, { exp: NOW_S + 86_401 })), 'lifetime'],
    ['exp over a day ahead with a forged late iat', () => signToken(keyA, claims(NOW_S + 200, { exp: NOW_S + 86_400 + 301 })), 'lifetime'],
    ['bad signature (another key, same kid)', () => signToken(rogue, claims(NOW_S)), 'signature'],
    ['alg none', () => Promise.resolve(unsignedToken(claims(NOW_S), 'kid-a')), 'algorithm'],
    ['HS256 keyed with the public key', () => Promise.resolve(hs256WithPublicKey(keyA, claims(NOW_S))), 'algorithm'],
    ['unknown kid', () => signToken(keyA, claims(NOW_S), { kid: 'kid-zzz' }), 'unknown_kid'],
    ['missing kid', () => signToken(keyA, claims(NOW_S), { kid: undefined }), 'malformed'],
    ['missing exp', () => signToken(keyA, claims(NOW_S, { exp: undefined })), 'malformed'],
    ['missing sub', () => signToken(keyA, claims(NOW_S, { sub: undefined })), 'malformed'],
    ['exp before iat', () => signToken(keyA, claims(NOW_S, { exp: NOW_S - 10 })), 'malformed'],
    ['two parts', () => Promise.resolve('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0'), 'malformed'],
    ['a header that is not JSON', () => Promise.resolve('bm90IGpzb24.eyJzdWIiOiIxIn0.c2ln'), 'malformed'],
  ];

  it.each(cases)('%s → %s', async (_name, forge, reason) => {
    const { verifier } = setup(() => certs());
    const token = await forge();

    const error = await refusal(verifier.verify(token));

    expect(error.reason).toBe(reason);
    expect(error.code).toBe('ERR_GOOGLE_ID_TOKEN');
    expect(error.operation).toBe('oauth.idToken.verify');
    for (const text of [String(error), JSON.stringify(error), error.message]) {
      expect(text).not.toContain(token);
      for (const part of token.split('.').filter((p) => p.length > 8)) expect(text).not.toContain(part);
    }
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'IdTokenError',
      operation: 'oauth.idToken.verify',
      code: 'ERR_GOOGLE_ID_TOKEN',
      reason,
    });
  });

  it('refuses alg none and HS256 without fetching any key', async () => {
    const { verifier, fetch } = setup(() => certs());
    await refusal(verifier.verify(unsignedToken(claims(NOW_S), 'kid-a')));
    await refusal(verifier.verify(hs256WithPublicKey(keyA, claims(NOW_S))));
    expect(fetch.calls).toHaveLength(0);
  });

  it('ignores keys of the set that are not RS256 signing keys', async () => {
    const { verifier } = setup(() =>
      certs({ keys: [{ ...keyA.publicJwk, alg: 'RS512' }, { ...keyB.publicJwk, use: 'enc' }, { kty: 'oct', kid: 'x', k: 'c2VjcmV0' }] }),
    );
    expect((await refusal(verifier.verify(await signToken(keyA, claims(NOW_S))))).reason).toBe('unknown_kid');
    expect((await refusal(verifier.verify(await signToken(keyB, claims(NOW_S))))).reason).toBe('unknown_kid');
  });
});

describe('IdTokenVerifier: key set caching', () => {
  it('keeps the set for its max-age, then refetches', async () => {
    const { verifier, fetch, clock } = setup(() => certs(jwks(keyA), 'public, max-age=600'));
    const verifyNow = async () => verifier.verify(await signToken(keyA, claims(Math.floor(clock.now / 1000))));

    await verifyNow();
    clock.now += 599_000;
    await verifyNow();
    expect(fetch.calls).toHaveLength(1);

    clock.now += 1_000;
    await verifyNow();
    expect(fetch.calls).toHaveLength(2);
  });

  it('subtracts the Age header from max-age', async () => {
    const { verifier, fetch, clock } = setup(() => json(200, jwks(keyA), { 'cache-control': 'max-age=600', age: '590' }));
    const token = await signToken(keyA, claims(NOW_S));
    await verifier.verify(token);
    clock.now += 9_000;
    await verifier.verify(token);
    expect(fetch.calls).toHaveLength(1);
    clock.now += 1_000;
    await verifier.verify(token);
    expect(fetch.calls).toHaveLength(2);
  });

  it('keeps a set without max-age for the short default (60 s)', async () => {
    const { verifier, fetch, clock } = setup(() => certs(jwks(keyA), ''));
    const token = await signToken(keyA, claims(NOW_S));
    await verifier.verify(token);
    clock.now += 59_000;
    await verifier.verify(token);
    expect(fetch.calls).toHaveLength(1);
    clock.now += 1_000;
    await verifier.verify(token);
    expect(fetch.calls).toHaveLength(2);
  });

  it('caps an absurd max-age', async () => {
    const { verifier, fetch, clock } = setup(() => certs(jwks(keyA), 'max-age=999999999'), { maxCacheSeconds: 3600 });
    await verifier.verify(await signToken(keyA, claims(NOW_S)));
    clock.now += 3_600_000;
    await verifier.verify(await signToken(keyA, claims(NOW_S + 3600)));
    expect(fetch.calls).toHaveLength(2);
  });

  it('shares one in-flight fetch between concurrent verifications (single-flight)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const clock = { now: T0 };
    const fetch: FakeFetch = fakeFetch(async () => {
      await gate;
      return certs();
    });
    const verifier = new IdTokenVerifier({ endpoints: GOOGLE_ENDPOINTS, audience: TEST_CLIENT_ID, fetch, now: () => clock.now });
    const token = await signToken(keyA, claims(NOW_S));

    const pending = Array.from({ length: 20 }, () => verifier.verify(token));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const results = await Promise.all(pending);

    expect(results).toHaveLength(20);
    expect(fetch.calls).toHaveLength(1);
  });

  it('refetches once for an unknown kid and accepts a freshly rotated key', async () => {
    let served = jwks(keyA);
    const { verifier, fetch, clock } = setup(() => certs(served));
    await verifier.verify(await signToken(keyA, claims(NOW_S)));

    clock.now += 31_000;
    served = jwks(keyA, keyB);
    await verifier.verify(await signToken(keyB, claims(NOW_S + 31)));

    expect(fetch.calls).toHaveLength(2);
  });

  it('refetches for unknown kids at most once per interval', async () => {
    const { verifier, fetch, clock } = setup(() => certs(jwks(keyA)));
    const forged = await signToken(keyA, claims(NOW_S), { kid: 'kid-zzz' });

    // First sight: the initial fetch; the set is brand new, so no refetch.
    expect((await refusal(verifier.verify(forged))).reason).toBe('unknown_kid');
    for (let i = 0; i < 10; i++) await refusal(verifier.verify(forged));
    expect(fetch.calls).toHaveLength(1);

    clock.now += 30_000;
    expect((await refusal(verifier.verify(forged))).reason).toBe('unknown_kid');
    await refusal(verifier.verify(forged));
    expect(fetch.calls).toHaveLength(2);
  });

  it('reports keys_unavailable when the set cannot be fetched, and tries again next time', async () => {
    let up = false;
    const { verifier, fetch } = setup(() => (up ? certs() : new Response('<html>502</html>', { status: 502 })));
    const token = await signToken(keyA, claims(NOW_S));

    const error = await refusal(verifier.verify(token, { maxAttempts: 2 }));
    expect(error.reason).toBe('keys_unavailable');
    expect(error.cause).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', status: 502, attempts: 2 });
    expect(fetch.calls).toHaveLength(2);

    up = true;
    await expect(verifier.verify(token)).resolves.toMatchObject({ aud: TEST_CLIENT_ID });
  });

  it('reports keys_unavailable for an answer that is not a JWK set', async () => {
    const { verifier } = setup(() => json(200, { 'kid-a': '-----BEGIN CERTIFICATE-----' }));
    expect((await refusal(verifier.verify(await signToken(keyA, claims(NOW_S))))).reason).toBe('keys_unavailable');
  });
});

describe('IdTokenVerifier construction', () => {
  it('requires an audience', () => {
    expect(() => new IdTokenVerifier({ endpoints: GOOGLE_ENDPOINTS, audience: [] })).toThrow(TypeError);
    expect(() => new IdTokenVerifier({ endpoints: GOOGLE_ENDPOINTS, audience: '' })).toThrow(TypeError);
  });
});
