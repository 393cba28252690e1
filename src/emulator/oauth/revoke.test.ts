import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, REGULAR, api, call, exchange, groundTruth, mintCode, postForm, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

async function tokens(forceRefreshToken: boolean) {
  return (await exchange(emulator.app, await mintCode(emulator.app, { forceRefreshToken }))).body as { access_token: string; refresh_token?: string };
}

const INVALID_TOKEN = { error: 'invalid_token', error_description: 'Token expired or revoked' };

describe('/revoke', () => {
  it('revokes a refresh token from the query string (google-auth-library) and kills its access tokens', async () => {
    const first = await tokens(true);
    const refreshed = await postForm(emulator.app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    const reply = await emulator.app.inject({ method: 'POST', url: `/revoke?token=${encodeURIComponent(first.refresh_token!)}` });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({});
    for (const token of [first.access_token, refreshed.body.access_token as string]) {
      expect((await api(emulator.app, 'GET', '/games/v1/players/me', token)).status).toBe(401);
    }
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.grants).toEqual([expect.objectContaining({ active: false, hasRefreshToken: true })]);
  });

  it('revokes the whole grant when given an access token (form body), refresh token included', async () => {
    const first = await tokens(true);
    const reply = await postForm(emulator.app, '/revoke', { token: first.access_token });
    expect(reply.status).toBe(200);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', first.access_token)).status).toBe(401);
    const refresh = await postForm(emulator.app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    expect(refresh.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });

  it('ends the tokens of every exchange with that client, and leaves the player’s other clients alone', async () => {
    const first = await tokens(true);
    const second = await tokens(true);
    const otherClient = (await exchange(emulator.app, await mintCode(emulator.app, { clientId: OTHER_APP.webClientId }), { clientId: OTHER_APP.webClientId, clientSecret: OTHER_APP.webClientSecret })).body;
    await postForm(emulator.app, '/revoke', { token: first.access_token });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', second.access_token)).status).toBe(401);
    const refresh = await postForm(emulator.app, '/token', {
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token!,
      client_id: DEMO_APP.webClientId,
      client_secret: DEMO_APP.webClientSecret,
    });
    expect(refresh.body).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', otherClient.access_token)).status).toBe(200);
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.grants.map((grant: { clientId: string; active: boolean }) => [grant.clientId, grant.active])).toEqual([
      [DEMO_APP.webClientId, false],
      [OTHER_APP.webClientId, true],
    ]);
  });

  it('answers 400 invalid_token for a dead, unknown or expired token', async () => {
    const first = await tokens(false);
    await postForm(emulator.app, '/revoke', { token: first.access_token });
    const again = await postForm(emulator.app, '/revoke', { token: first.access_token });
    expect(again.status).toBe(400);
    expect(again.body).toEqual(INVALID_TOKEN);
    expect((await postForm(emulator.app, '/revoke', { token: 'ya29.unknown' })).body).toEqual(INVALID_TOKEN);

    const expiring = await tokens(false);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 3600 });
    expect((await postForm(emulator.app, '/revoke', { token: expiring.access_token })).body).toEqual(INVALID_TOKEN);
  });

  it('answers invalid_request without a token', async () => {
    const reply = await emulator.app.inject({ method: 'POST', url: '/revoke' });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: token' });
  });
});
