import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, REGULAR, call, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

const mint = (body: Record<string, unknown>) => call(emulator.app, 'POST', '/emulator/v1/serverAuthCodes', body);

describe('POST /emulator/v1/serverAuthCodes', () => {
  it('answers 201 with a code and the full URLs of everything granted', async () => {
    const reply = await mint({ playerId: REGULAR.playerId, clientId: DEMO_APP.webClientId, scopes: ['openid', 'email', 'profile', 'email'], forceRefreshToken: true });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      serverAuthCode: expect.stringMatching(/^4\/emu-[A-Za-z0-9_-]{43}$/),
      grantedScopes: [
        'https://www.googleapis.com/auth/games_lite',
        'https://www.googleapis.com/auth/drive.appdata',
        'https://www.googleapis.com/auth/userinfo.email',
        'https://www.googleapis.com/auth/userinfo.profile',
        'openid',
      ],
      expiresInSeconds: 600,
    });
  });

  it('grants the two defaults when no scope is asked for; works for the second web client', async () => {
    const reply = await mint({ playerId: REGULAR.playerId, clientId: DEMO_APP.secondWebClient!.clientId });
    expect(reply.status).toBe(201);
    expect(reply.body.grantedScopes).toEqual(['https://www.googleapis.com/auth/games_lite', 'https://www.googleapis.com/auth/drive.appdata']);
  });

  it('answers 404 for an unknown player, 400 for an unknown or Android client and unsupported scopes', async () => {
    expect(await mint({ playerId: 'g0', clientId: DEMO_APP.webClientId })).toMatchObject({
      status: 404,
      body: { error: { code: 404, message: 'No player with ID g0.', status: 'NOT_FOUND' } },
    });
    const unknownClient = await mint({ playerId: REGULAR.playerId, clientId: 'nope' });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.body.error.message).toBe('clientId nope is not a client of any application. GET /emulator/v1/applications lists them.');
    const android = await mint({ playerId: REGULAR.playerId, clientId: DEMO_APP.androidClientId });
    expect(android.status).toBe(400);
    expect(android.body.error.message).toMatch(/is an Android client/);
    const scopes = await mint({ playerId: REGULAR.playerId, clientId: DEMO_APP.webClientId, scopes: ['email', 'https://www.googleapis.com/auth/games'] });
    expect(scopes.status).toBe(400);
    expect(scopes.body.error.message).toBe(
      'Unsupported scopes https://www.googleapis.com/auth/games: a game may only request email, profile, openid (games_lite and drive.appdata are always granted).',
    );
    const missing = await mint({ clientId: DEMO_APP.webClientId });
    expect(missing.body).toEqual({ error: { code: 400, message: 'The field playerId is required.', status: 'INVALID_ARGUMENT' } });
  });
});
