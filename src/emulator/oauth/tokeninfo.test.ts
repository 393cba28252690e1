import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, REGULAR, call, exchange, mintCode, postForm, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const INVALID = { error: 'invalid_token', error_description: 'Invalid Value' };

describe('/tokeninfo', () => {
  it('describes an access token with string-typed fields (GET with a query parameter)', async () => {
    const tokens = (await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['email'], forceRefreshToken: true }))).body;
    const reply = await call(emulator.app, 'GET', `/tokeninfo?access_token=${encodeURIComponent(tokens.access_token)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      azp: DEMO_APP.webClientId,
      aud: DEMO_APP.webClientId,
      sub: REGULAR.googleSub,
      scope: 'https://www.googleapis.com/auth/games_lite https://www.googleapis.com/auth/drive.appdata https://www.googleapis.com/auth/userinfo.email',
      exp: expect.stringMatching(/^[0-9]+$/),
      expires_in: expect.stringMatching(/^35[0-9]{2}$/),
      email: REGULAR.email,
      email_verified: 'true',
      access_type: 'offline',
    });
    expect(Number(reply.body.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(3590);
  });

  it('takes a Bearer header on POST (google-auth-library getTokenInfo) and reports online access without a refresh token', async () => {
    const tokens = (await exchange(emulator.app, await mintCode(emulator.app))).body;
    const reply = await emulator.app.inject({
      method: 'POST',
      url: '/tokeninfo',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ access_type: 'online', sub: REGULAR.googleSub });
    expect(reply.json()).not.toHaveProperty('email');
  });

  it('reports the remaining lifetime on the emulator clock', async () => {
    const tokens = (await exchange(emulator.app, await mintCode(emulator.app))).body;
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 3000 });
    const reply = await postForm(emulator.app, '/tokeninfo', { access_token: tokens.access_token });
    expect(Number(reply.body.expires_in)).toBeLessThanOrEqual(599);
    expect(Number(reply.body.expires_in)).toBeGreaterThan(590);
  });

  it('describes an ID token this emulator signed', async () => {
    const tokens = (await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid', 'email'] }))).body;
    const reply = await call(emulator.app, 'GET', `/tokeninfo?id_token=${tokens.id_token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: DEMO_APP.webClientId,
      sub: REGULAR.googleSub,
      email: REGULAR.email,
      email_verified: 'true',
      alg: 'RS256',
      kid: emulator.state.keys.current.kid,
      typ: 'JWT',
      exp: expect.stringMatching(/^[0-9]+$/),
    });
  });

  it('answers invalid_token "Invalid Value" for expired, revoked, unknown and forged tokens', async () => {
    const tokens = (await exchange(emulator.app, await mintCode(emulator.app, { scopes: ['openid'] }))).body;
    const [header, payload] = (tokens.id_token as string).split('.');
    const forged = `${header}.${payload}.${Buffer.from('nope').toString('base64url')}`;
    expect((await call(emulator.app, 'GET', `/tokeninfo?id_token=${forged}`)).body).toEqual(INVALID);
    expect((await call(emulator.app, 'GET', '/tokeninfo?id_token=a.b.c')).body).toEqual(INVALID);
    expect((await call(emulator.app, 'GET', '/tokeninfo?access_token=ya29.nope')).body).toEqual(INVALID);
    await postForm(emulator.app, '/revoke', { token: tokens.access_token });
    const revoked = await call(emulator.app, 'GET', `/tokeninfo?access_token=${tokens.access_token}`);
    expect(revoked.status).toBe(400);
    expect(revoked.body).toEqual(INVALID);
  });

  it('answers 400 invalid_request with no token at all', async () => {
    const reply = await call(emulator.app, 'GET', '/tokeninfo');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_request', error_description: 'Either access_token, id_token, or token_handle required' });
  });
});
