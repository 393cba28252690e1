import { X509Certificate } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { call, exchange, mintCode, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const CACHE_CONTROL = /^public, max-age=[0-9]+, must-revalidate, no-transform$/;

describe('key sets', () => {
  it('serves the PEM set: one self-signed certificate per kid, verifiable with its own key', async () => {
    const reply = await call(emulator.app, 'GET', '/oauth2/v1/certs');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toMatch(CACHE_CONTROL);
    expect(reply.headers['content-type']).toBe('application/json; charset=UTF-8');
    const kids = Object.keys(reply.body);
    expect(kids).toEqual([emulator.state.keys.current.kid]);
    const cert = new X509Certificate(reply.body[kids[0]!]);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toBe('CN=federated-signon.system.gserviceaccount.com');
  });

  it('serves the JWKS with Google’s fields', async () => {
    const reply = await call(emulator.app, 'GET', '/oauth2/v3/certs');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toMatch(CACHE_CONTROL);
    expect(reply.body).toEqual({
      keys: [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid: emulator.state.keys.current.kid, n: expect.any(String), e: 'AQAB' }],
    });
  });

  it('rotates: new tokens use the new kid, the old key stays published, older ones drop out', async () => {
    const before = (await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid'] }))).body.id_token as string;
    const oldKid = emulator.state.keys.current.kid;
    const rotated = await call(emulator.app, 'POST', '/emulator/v1/keys:rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ kid: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(rotated.body.kid).not.toBe(oldKid);

    const after = (await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid'] }))).body.id_token as string;
    const jwks = (await call(emulator.app, 'GET', '/oauth2/v3/certs')).body;
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual([rotated.body.kid, oldKid]);
    expect(Object.keys((await call(emulator.app, 'GET', '/oauth2/v1/certs')).body)).toEqual([rotated.body.kid, oldKid]);
    const keySet = createLocalJWKSet(jwks);
    expect((await jwtVerify(after, keySet)).protectedHeader.kid).toBe(rotated.body.kid);
    expect((await jwtVerify(before, keySet)).protectedHeader.kid).toBe(oldKid);

    await call(emulator.app, 'POST', '/emulator/v1/keys:rotate');
    const later = (await call(emulator.app, 'GET', '/oauth2/v3/certs')).body;
    expect(later.keys.map((key: { kid: string }) => key.kid)).not.toContain(oldKid);
    await expect(jwtVerify(before, createLocalJWKSet(later))).rejects.toThrow();
    expect((await call(emulator.app, 'GET', '/emulator/v1/keys')).body.publishedKids).toHaveLength(2);
  });

  it('keeps the keys across a reset', async () => {
    const kid = emulator.state.keys.current.kid;
    expect((await call(emulator.app, 'POST', '/emulator/v1/reset')).status).toBe(204);
    expect(emulator.state.keys.current.kid).toBe(kid);
  });
});

describe('/.well-known/openid-configuration', () => {
  it('points every endpoint at the emulator’s own host and keeps Google’s issuer', async () => {
    const reply = await emulator.app.inject({ method: 'GET', url: '/.well-known/openid-configuration', headers: { host: 'localhost:9999' } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      issuer: 'https://accounts.google.com',
      token_endpoint: 'http://localhost:9999/token',
      revocation_endpoint: 'http://localhost:9999/revoke',
      jwks_uri: 'http://localhost:9999/oauth2/v3/certs',
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
});
