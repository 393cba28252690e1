import { createPublicKey, createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import {
  DEMO_APP,
  OTHER_APP,
  REGULAR,
  TESTER,
  call,
  decodeJwt,
  exchange,
  groundTruth,
  mintCode,
  postForm,
  startEmulator,
} from '../test-support/harness.js';

const GAMES_LITE = 'https://www.googleapis.com/auth/games_lite';
const DRIVE = 'https://www.googleapis.com/auth/drive.appdata';
const EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
const PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('POST /token, authorization_code', () => {
  it('answers an access token with the default scopes only, no refresh or ID token', async () => {
    const code = await mintCode(emulator.app);
    const reply = await exchange(emulator.app, code);
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-cache, no-store, max-age=0, must-revalidate');
    expect(reply.body).toEqual({
      access_token: expect.stringMatching(/^ya29\.emu-[A-Za-z0-9_-]{43}$/),
      expires_in: 3599,
      scope: `${GAMES_LITE} ${DRIVE}`,
      token_type: 'Bearer',
    });
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.grants).toEqual([
      expect.objectContaining({ clientId: DEMO_APP.webClientId, scopes: [GAMES_LITE, DRIVE], active: true, hasRefreshToken: false }),
    ]);
  });

  it('adds a refresh token only when the code was minted with forceRefreshToken', async () => {
    const reply = await exchange(emulator.app, await mintCode(emulator.app, { forceRefreshToken: true }));
    expect(reply.status).toBe(200);
    expect(reply.body.refresh_token).toMatch(/^1\/\/emu-[A-Za-z0-9_-]{43}$/);
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.grants[0].hasRefreshToken).toBe(true);
  });

  it('lists granted optional scopes as full URLs and signs an ID token only with openid', async () => {
    const withoutOpenId = await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['email', 'profile'] }));
    expect(withoutOpenId.body.scope).toBe(`${GAMES_LITE} ${DRIVE} ${EMAIL} ${PROFILE}`);
    expect(withoutOpenId.body.id_token).toBeUndefined();

    // A first authorization again: a second exchange would carry the first one's scopes too.
    emulator.state.reset();
    const withOpenId = await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid'] }));
    expect(withOpenId.body.scope).toBe(`${GAMES_LITE} ${DRIVE} openid`);
    const { header, payload } = decodeJwt(withOpenId.body.id_token);
    expect(header).toEqual({ alg: 'RS256', kid: emulator.state.keys.current.kid, typ: 'JWT' });
    const now = Math.floor(Date.now() / 1000);
    expect(payload).toEqual({
      iss: 'https://accounts.google.com',
      azp: DEMO_APP.androidClientId,
      aud: DEMO_APP.webClientId,
      sub: REGULAR.googleSub,
      at_hash: createHash('sha256').update(withOpenId.body.access_token).digest().subarray(0, 16).toString('base64url'),
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(Math.abs(payload.iat - now)).toBeLessThan(5);
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.sub).not.toBe(REGULAR.playerId);
  });

  it('puts email and profile claims in the ID token with those scopes, verifiable with the published JWKS', async () => {
    const reply = await exchange(emulator.app, await mintCode(emulator.app, { playerId: TESTER.playerId, scopes: ['email', 'profile', 'openid'] }));
    const jwks = await call(emulator.app, 'GET', '/oauth2/v3/certs');
    const { payload, protectedHeader } = await jwtVerify(reply.body.id_token, createLocalJWKSet(jwks.body), {
      issuer: 'https://accounts.google.com',
      audience: DEMO_APP.webClientId,
    });
    expect(protectedHeader.kid).toBe(emulator.state.keys.current.kid);
    expect(payload).toMatchObject({
      sub: TESTER.googleSub,
      email: TESTER.email,
      email_verified: true,
      name: 'Taylor Tester',
      picture: TESTER.avatarImageUrl,
      given_name: 'Taylor',
      family_name: 'Tester',
      locale: 'en-GB',
    });
  });

  it('uses the web client as azp when the game has no Android client', async () => {
    const code = await mintCode(emulator.app, { clientId: OTHER_APP.webClientId, scopes: ['openid'] });
    const reply = await exchange(emulator.app, code, { clientId: OTHER_APP.webClientId, clientSecret: OTHER_APP.webClientSecret });
    expect(decodeJwt(reply.body.id_token).payload).toMatchObject({ aud: OTHER_APP.webClientId, azp: OTHER_APP.webClientId });
  });

  it('accepts HTTP Basic client authentication and JSON bodies', async () => {
    const basicReply = await postForm(
      emulator.app,
      '/token',
      { grant_type: 'authorization_code', code: await mintCode(emulator.app) },
      { authorization: basic(DEMO_APP.webClientId, DEMO_APP.webClientSecret) },
    );
    expect(basicReply.status).toBe(200);
    const jsonReply = await call(emulator.app, 'POST', '/token', {
      grant_type: 'authorization_code',
      code: await mintCode(emulator.app),
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
      redirect_uri: '',
    });
    expect(jsonReply.status).toBe(200);
  });

  it('makes codes single-use: a second exchange gets invalid_grant and the grant is not duplicated', async () => {
    const code = await mintCode(emulator.app);
    expect((await exchange(emulator.app, code)).status).toBe(200);
    const again = await exchange(emulator.app, code);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
    expect((await groundTruth(emulator.app, REGULAR.playerId)).grants).toHaveLength(1);
  });

  it('expires codes after 10 minutes on the emulator clock', async () => {
    const fresh = await mintCode(emulator.app);
    const stale = await mintCode(emulator.app);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 599 });
    expect((await exchange(emulator.app, fresh)).status).toBe(200);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 1 });
    const reply = await exchange(emulator.app, stale);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });

  it('binds a code to the web client it was minted for', async () => {
    const second = DEMO_APP.secondWebClient!;
    const code = await mintCode(emulator.app);
    const byOtherClient = await exchange(emulator.app, code, second);
    expect(byOtherClient.status).toBe(400);
    expect(byOtherClient.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
    const byOtherGame = await exchange(emulator.app, code, { clientId: OTHER_APP.webClientId, clientSecret: OTHER_APP.webClientSecret });
    expect(byOtherGame.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
    // Still redeemable by its own client.
    expect((await exchange(emulator.app, code)).status).toBe(200);
  });

  it('rejects malformed and unknown codes with invalid_grant', async () => {
    expect((await exchange(emulator.app, 'not-a-code')).body).toEqual({ error: 'invalid_grant', error_description: 'Malformed auth code.' });
    const unknown = await exchange(emulator.app, '4/emu-doesnotexist');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });

  it('accepts only an absent or empty redirect_uri, and a mismatch does not use the code up', async () => {
    const code = await mintCode(emulator.app);
    const mismatch = await exchange(emulator.app, code, undefined, { redirect_uri: 'postmessage' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({ error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
    expect((await exchange(emulator.app, code, undefined, { redirect_uri: '' })).status).toBe(200);
  });

  it('answers Google’s client-authentication errors', async () => {
    const code = await mintCode(emulator.app);
    const unknownClient = await exchange(emulator.app, code, { clientId: '1-nope.apps.googleusercontent.com', clientSecret: 'x' });
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.body).toEqual({ error: 'invalid_client', error_description: 'The OAuth client was not found.' });

    const wrongSecret = await exchange(emulator.app, code, { clientId: DEMO_APP.webClientId, clientSecret: 'GOCSPX-wrong' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });

    const wrongBasic = await postForm(emulator.app, '/token', { grant_type: 'authorization_code', code }, { authorization: basic(DEMO_APP.webClientId, 'bad') });
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.body).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });

    const android = await exchange(emulator.app, code, { clientId: DEMO_APP.androidClientId!, clientSecret: 'anything' });
    expect(android.status).toBe(401);
    expect(android.body).toEqual({ error: 'invalid_client', error_description: 'Unauthorized' });

    const noSecret = await postForm(emulator.app, '/token', { grant_type: 'authorization_code', code, client_id: DEMO_APP.webClientId });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body).toEqual({ error: 'invalid_request', error_description: 'client_secret is missing.' });

    const noClient = await postForm(emulator.app, '/token', { grant_type: 'authorization_code', code });
    expect(noClient.status).toBe(400);
    expect(noClient.body).toEqual({ error: 'invalid_request', error_description: 'Could not determine client ID from request.' });

    // None of the failures used the code up.
    expect((await exchange(emulator.app, code)).status).toBe(200);
  });

  it('answers invalid_request for a missing code or grant_type, unsupported_grant_type for others', async () => {
    const noCode = await postForm(emulator.app, '/token', {
      grant_type: 'authorization_code',
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    expect(noCode.status).toBe(400);
    expect(noCode.body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: code' });

    const noGrant = await postForm(emulator.app, '/token', { client_id: DEMO_APP.webClientId, client_secret: DEMO_APP.webClientSecret });
    expect(noGrant.status).toBe(400);
    expect(noGrant.body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: grant_type' });

    const password = await postForm(emulator.app, '/token', { grant_type: 'password', client_id: DEMO_APP.webClientId });
    expect(password.status).toBe(400);
    expect(password.body).toEqual({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type: password' });

    const empty = await emulator.app.inject({ method: 'POST', url: '/token' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: grant_type' });
  });

  it('answers a body it cannot parse with invalid_request, never echoing it', async () => {
    const reply = await emulator.app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"client_secret": "GOCSPX-secret-value", ',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toEqual({ error: 'invalid_request', error_description: 'Bad Request' });
    expect(reply.body).not.toContain('GOCSPX');
  });
});

describe('POST /token, refresh_token', () => {
  async function refreshable(scopes: string[] = []) {
    const reply = await exchange(emulator.app, await mintCode(emulator.app, { forceRefreshToken: true, scopes }));
    return reply.body as { access_token: string; refresh_token: string };
  }
  const refresh = (refreshToken: string, client = { clientId: DEMO_APP.webClientId, clientSecret: DEMO_APP.webClientSecret }) =>
    postForm(emulator.app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });

  it('answers a new access token with the same scopes and no new refresh token', async () => {
    const first = await refreshable(['email']);
    const reply = await refresh(first.refresh_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      access_token: expect.stringMatching(/^ya29\.emu-/),
      expires_in: 3599,
      scope: `${GAMES_LITE} ${DRIVE} ${EMAIL}`,
      token_type: 'Bearer',
    });
    expect(reply.body.access_token).not.toBe(first.access_token);
  });

  it('signs a new ID token when openid was granted', async () => {
    const first = await refreshable(['openid']);
    const reply = await refresh(first.refresh_token);
    expect(decodeJwt(reply.body.id_token).payload).toMatchObject({ aud: DEMO_APP.webClientId, sub: REGULAR.googleSub });
  });

  it('answers invalid_grant "Token has been expired or revoked." for a revoked or unknown refresh token', async () => {
    const first = await refreshable();
    await postForm(emulator.app, '/revoke', { token: first.refresh_token });
    const reply = await refresh(first.refresh_token);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    expect((await refresh('1//emu-unknown')).body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });

  it('expires a refresh token left unused for 180 days on the emulator clock; use keeps it alive', async () => {
    const kept = await refreshable();
    const idle = await refreshable();
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 100 * 86400 });
    expect((await refresh(kept.refresh_token)).status).toBe(200);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 80 * 86400 });
    expect((await refresh(kept.refresh_token)).status).toBe(200);
    const reply = await refresh(idle.refresh_token);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });

  it('refuses another client’s refresh token with unauthorized_client', async () => {
    const first = await refreshable();
    const reply = await refresh(first.refresh_token, DEMO_APP.secondWebClient);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'unauthorized_client', error_description: 'Unauthorized' });
  });

  it('answers invalid_request without a refresh_token', async () => {
    const reply = await postForm(emulator.app, '/token', {
      grant_type: 'refresh_token',
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: refresh_token' });
  });
});

describe('ID tokens', () => {
  it('costs exactly one RSA signature per exchange with openid, none without', async () => {
    const sign = vi.spyOn(emulator.state.keys, 'signJwt');
    await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid', 'email', 'profile'] }));
    expect(sign).toHaveBeenCalledTimes(1);
    // Another account: the first one's authorization now holds openid for every later exchange.
    await exchange(emulator.app, await mintCode(emulator.app, { playerId: TESTER.playerId, scopes: ['email'] }));
    expect(sign).toHaveBeenCalledTimes(1);
    sign.mockRestore();
  });

  it('verifies with the PEM certificate published for its kid', async () => {
    const reply = await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid'] }));
    const pems = (await call(emulator.app, 'GET', '/oauth2/v1/certs')).body as Record<string, string>;
    const { header } = decodeJwt(reply.body.id_token);
    const key = createPublicKey(pems[header.kid]!);
    await expect(jwtVerify(reply.body.id_token, key)).resolves.toBeTruthy();
  });
});
