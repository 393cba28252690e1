/**
 * google-auth-library's `verifyIdToken` against ID tokens the emulator signs and the key sets it
 * publishes (docs/google/oauth.md, 'ID tokens'): claims, key IDs, Cache-Control, and key rotation.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthClient, signIn, startEmulator } from './harness.js';
import type { ControlPlayer } from '../../src/emulator/index.js';
import { GOOGLE_ENDPOINTS } from '../../src/google/endpoints.js';
import type { Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const demo = () => emulator.apps[0]!;
const GOOGLE_ISSUERS = [...GOOGLE_ENDPOINTS.idTokenIssuers];

async function idTokenFor(player: ControlPlayer, scopes: Array<'openid' | 'email' | 'profile'>): Promise<string> {
  const { tokens } = await signIn(emulator, player, { scopes });
  expect(typeof tokens.id_token).toBe('string');
  return tokens.id_token!;
}

function decodeHeader(jwt: string): { alg: string; kid: string; typ?: string } {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'));
}

describe('verifyIdToken', () => {
  it('accepts a token with openid, email and profile and hands back Google’s claims', async () => {
    const player = await emulator.control.createPlayer({
      email: 'claims@example.com',
      displayName: 'Claims Player',
      givenName: 'Clara',
      familyName: 'Ims',
      locale: 'fr',
      avatarImageUrl: 'https://lh3.googleusercontent.com/a/claims-avatar',
    });
    const { tokens } = await signIn(emulator, player, { scopes: ['openid', 'email', 'profile'] });
    const idToken = tokens.id_token!;

    const ticket = await oauthClient(emulator, demo()).verifyIdToken({ idToken, audience: demo().webClientId });
    const claims = ticket.getPayload()!;
    const nowSeconds = Date.now() / 1000;

    expect(GOOGLE_ISSUERS).toContain(claims.iss);
    expect(claims.aud).toBe(demo().webClientId);
    expect(typeof claims.azp).toBe('string');
    expect(typeof claims.sub).toBe('string');
    expect(claims.sub).not.toBe(player.playerId); // the Google account ID, not the Play Games player ID
    expect(claims.email).toBe('claims@example.com');
    expect(claims.email_verified).toBe(true);
    expect(claims).toEqual(
      expect.objectContaining({
        name: 'Clara Ims',
        given_name: 'Clara',
        family_name: 'Ims',
        locale: 'fr',
        picture: 'https://lh3.googleusercontent.com/a/claims-avatar',
      }),
    );
    // at_hash binds the access token issued alongside: base64url of the left half of its SHA-256
    // (OpenID Connect Core §3.1.3.6).
    const digest = createHash('sha256').update(tokens.access_token!).digest();
    expect(claims.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(Number.isInteger(claims.exp)).toBe(true);
    // Wall-clock times, so that outside verifiers accept them (src/emulator/README.md, `clock:advance`).
    expect(claims.iat).toBeGreaterThan(nowSeconds - 60);
    expect(claims.iat).toBeLessThanOrEqual(nowSeconds + 5);
    expect(claims.exp).toBeGreaterThan(nowSeconds);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(86_400);

    const header = decodeHeader(idToken);
    expect(header.alg).toBe('RS256');
    expect(typeof header.kid).toBe('string');
    expect(ticket.getUserId()).toBe(claims.sub);
  });

  it('names a player created with a display name only by that name under the profile scope', async () => {
    const player = await emulator.control.createPlayer({ displayName: 'Plain Name' });
    const claims = (
      await oauthClient(emulator, demo()).verifyIdToken({ idToken: await idTokenFor(player, ['openid', 'profile']), audience: demo().webClientId })
    ).getPayload()!;
    expect(claims.name).toBe('Plain Name');
    expect(claims.email).toBeUndefined();
  });

  it('carries no email or profile claims when only openid was granted', async () => {
    const player = await emulator.control.createPlayer({ email: 'openid.only@example.com' });
    const idToken = await idTokenFor(player, ['openid']);
    const claims = (await oauthClient(emulator, demo()).verifyIdToken({ idToken, audience: demo().webClientId })).getPayload()!;
    for (const claim of ['email', 'email_verified', 'name', 'picture', 'given_name', 'family_name', 'locale'] as const) {
      expect(claims[claim], claim).toBeUndefined();
    }
    expect(typeof claims.sub).toBe('string');
  });

  it('gives one Google account the same sub on every sign-in, and two accounts different ones', async () => {
    const alice = await emulator.control.createPlayer();
    const bob = await emulator.control.createPlayer();
    const client = oauthClient(emulator, demo());
    const sub = async (p: ControlPlayer) =>
      (await client.verifyIdToken({ idToken: await idTokenFor(p, ['openid']), audience: demo().webClientId })).getPayload()!.sub;
    const [a1, a2, b1] = [await sub(alice), await sub(alice), await sub(bob)];
    expect(a1).toBe(a2);
    expect(b1).not.toBe(a1);
  });

  it('is rejected by the client for another audience', async () => {
    const player = await emulator.control.createPlayer();
    const idToken = await idTokenFor(player, ['openid']);
    await expect(
      oauthClient(emulator, demo()).verifyIdToken({ idToken, audience: emulator.apps[1]!.webClientId }),
    ).rejects.toThrow(/Wrong recipient/);
  });

  it('is rejected by the client when its payload was tampered with', async () => {
    const player = await emulator.control.createPlayer();
    const idToken = await idTokenFor(player, ['openid']);
    const [header, payload, signature] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    await expect(
      oauthClient(emulator, demo()).verifyIdToken({ idToken: `${header}.${forged}.${signature}`, audience: demo().webClientId }),
    ).rejects.toThrow(/Invalid token signature/);
  });
});

describe('key sets', () => {
  it('publishes the same keys as PEM certificates and as a JWKS, both cacheable with max-age', async () => {
    const pemRes = await fetch(`${emulator.baseUrl}/oauth2/v1/certs`);
    const jwksRes = await fetch(`${emulator.baseUrl}/oauth2/v3/certs`);
    expect(pemRes.status).toBe(200);
    expect(jwksRes.status).toBe(200);
    for (const res of [pemRes, jwksRes]) {
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const maxAge = /max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1];
      expect(Number(maxAge)).toBeGreaterThan(0);
    }
    const pem = (await pemRes.json()) as Record<string, string>;
    const jwks = (await jwksRes.json()) as JSONWebKeySet;
    for (const value of Object.values(pem)) expect(value).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/);
    for (const key of jwks.keys) {
      expect(key).toEqual(expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' }));
      expect(typeof key.kid).toBe('string');
      expect(typeof key.n).toBe('string');
    }
    expect(new Set(jwks.keys.map((k) => k.kid))).toEqual(new Set(Object.keys(pem)));
  });

  it('serves an OpenID configuration that names Google’s issuer and the emulator’s key set', async () => {
    const res = await fetch(`${emulator.baseUrl}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const config = (await res.json()) as Record<string, unknown>;
    expect(config.issuer).toBe(GOOGLE_ENDPOINTS.idTokenIssuers[0]);
    expect(config.jwks_uri).toBe(`${emulator.baseUrl}/oauth2/v3/certs`);
    expect(config.token_endpoint).toBe(`${emulator.baseUrl}/token`);
    expect(config.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256']));
  });

  it('caches the PEM set for max-age in the client: a second verification fetches no certificates', async () => {
    const player = await emulator.control.createPlayer();
    const client = oauthClient(emulator, demo());
    const first = await idTokenFor(player, ['openid']);
    const second = await idTokenFor(player, ['openid']);
    await emulator.control.clearRequests();
    await client.verifyIdToken({ idToken: first, audience: demo().webClientId });
    await client.verifyIdToken({ idToken: second, audience: demo().webClientId });
    const certFetches = (await requestPaths()).filter((p) => p.startsWith('/oauth2/v1/certs'));
    expect(certFetches).toHaveLength(1);
  });

  it('keeps verifying tokens signed before a key rotation, and verifies those signed after', async () => {
    const player = await emulator.control.createPlayer({ email: 'rotation@example.com' });
    const before = await idTokenFor(player, ['openid', 'email']);
    const rotated = await emulator.control.rotateKeys();
    const after = await idTokenFor(player, ['openid', 'email']);

    expect(decodeHeader(after).kid).toBe(rotated.kid);
    expect(decodeHeader(after).kid).not.toBe(decodeHeader(before).kid);
    const pem = (await (await fetch(`${emulator.baseUrl}/oauth2/v1/certs`)).json()) as Record<string, string>;
    expect(Object.keys(pem)).toEqual(expect.arrayContaining([decodeHeader(before).kid, rotated.kid]));
    // A fresh client, as one whose cache expired: both keys are in the published set.
    const client = oauthClient(emulator, demo());
    for (const idToken of [before, after]) {
      const claims = (await client.verifyIdToken({ idToken, audience: demo().webClientId })).getPayload()!;
      expect(claims.email).toBe('rotation@example.com');
    }
    // The JWKS carries both keys as well (checked with jose, as a non-Google verifier would).
    const jwks = (await (await fetch(`${emulator.baseUrl}/oauth2/v3/certs`)).json()) as JSONWebKeySet;
    const keySet = createLocalJWKSet(jwks);
    for (const idToken of [before, after]) {
      const { payload } = await jwtVerify(idToken, keySet, { issuer: GOOGLE_ISSUERS, audience: demo().webClientId });
      expect(payload.email).toBe('rotation@example.com');
    }
  });
});

describe('key rotation seen by a client that cached the key set', () => {
  it('cannot verify tokens of the new key until its cache expires: google-auth-library does not refetch on an unknown kid', async () => {
    // The emulator signs with the new key at once and serves the key sets with a short max-age
    // (so a rotation is seen within minutes); google-auth-library keeps its cached PEM set until
    // max-age runs out. A verifier that must accept new tokens at once refetches on an unknown
    // kid (this project's own verifier does).
    const player = await emulator.control.createPlayer();
    const client = oauthClient(emulator, demo());
    await client.verifyIdToken({ idToken: await idTokenFor(player, ['openid']), audience: demo().webClientId });
    await emulator.control.rotateKeys();
    const fresh = await idTokenFor(player, ['openid']);

    await expect(client.verifyIdToken({ idToken: fresh, audience: demo().webClientId })).rejects.toThrow(/No pem found/);
    const res = await fetch(`${emulator.baseUrl}/oauth2/v1/certs`);
    expect(Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(3600);
    await res.arrayBuffer();
  });
});

/** Paths of the requests in the emulator's request log, oldest first. */
async function requestPaths(): Promise<string[]> {
  return (await emulator.control.requests()).map((entry) => entry.path);
}
