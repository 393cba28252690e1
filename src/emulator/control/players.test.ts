import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEMO_APP, OTHER_APP, REGULAR, api, call, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

describe('POST /emulator/v1/players', () => {
  it('creates a player with generated IDs, defaults and a 201', async () => {
    const reply = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'New Player' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      playerId: expect.stringMatching(/^g[0-9]{20}$/),
      displayName: 'New Player',
      email: expect.stringMatching(/@example\.com$/),
      tester: false,
      developer: false,
      profileVisible: true,
      googleSub: expect.stringMatching(/^1[0-9]{20}$/),
      gamePlayerId: expect.stringMatching(/^a_[0-9]{19}$/),
      gamePlayerIds: { [DEMO_APP.applicationId]: reply.body.gamePlayerId, [OTHER_APP.applicationId]: expect.stringMatching(/^a_/) },
      previousPlayerIds: [],
      // What a real Google account carries even when the test gives only a display name.
      avatarImageUrl: expect.stringMatching(/^https:\/\//),
      locale: 'en',
      givenName: 'New',
      familyName: 'Player',
    });
    const signedIn = await signIn(emulator.app, { playerId: reply.body.playerId });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', signedIn.access_token)).body.playerId).toBe(reply.body.playerId);
  });

  it('takes every optional field', async () => {
    const body = {
      displayName: 'Dev',
      email: 'dev@example.org',
      tester: true,
      developer: true,
      profileVisible: false,
      playerId: 'g123',
      gamePlayerId: 'a_1',
      googleSub: '1234',
      avatarImageUrl: 'https://example.org/a.png',
      locale: 'fr',
      givenName: 'D',
      familyName: 'V',
    };
    const reply = await call(emulator.app, 'POST', '/emulator/v1/players', body);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject(body);
  });

  it('answers 409 for a taken player ID, email or account, and 400 for bad fields', async () => {
    const taken = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'X', playerId: REGULAR.playerId });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ error: { code: 409, message: `A player with ID ${REGULAR.playerId} already exists.`, status: 'ABORTED' } });
    expect((await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'X', email: REGULAR.email })).status).toBe(409);
    expect((await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'X', googleSub: REGULAR.googleSub })).status).toBe(409);

    const missing = await call(emulator.app, 'POST', '/emulator/v1/players', {});
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: { code: 400, message: 'The field displayName is required.', status: 'INVALID_ARGUMENT' } });
    const badType = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'X', tester: 'yes' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toBe('The field tester must be boolean.');
    const badId = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'X', playerId: 'has space' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/^The field playerId must match pattern/);
    const notJson = await emulator.app.inject({ method: 'POST', url: '/emulator/v1/players', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toEqual({ error: { code: 400, message: 'The request body is not valid JSON.', status: 'INVALID_ARGUMENT' } });
  });
});

describe('GET /emulator/v1/players[/{id}]', () => {
  it('lists the players', async () => {
    const reply = await call(emulator.app, 'GET', '/emulator/v1/players');
    expect(reply.status).toBe(200);
    expect(reply.body.players.map((player: { playerId: string }) => player.playerId)).toEqual(
      emulator.state.seed.players!.map((player) => player.playerId),
    );
  });

  it('shows the ground truth: every achievement of every game, and every grant', async () => {
    const { access_token } = await signIn(emulator.app, { scopes: ['email'], forceRefreshToken: true });
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=3`, access_token);
    await call(emulator.app, 'POST', `/revoke?token=${encodeURIComponent(access_token)}`);
    await signIn(emulator.app, { clientId: OTHER_APP.webClientId });
    const reply = await call(emulator.app, 'GET', `/emulator/v1/players/${REGULAR.playerId}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ playerId: REGULAR.playerId, displayName: REGULAR.displayName, tester: false });
    expect(Object.keys(reply.body.achievements)).toEqual([DEMO_APP.applicationId, OTHER_APP.applicationId]);
    expect(reply.body.achievements[DEMO_APP.applicationId]).toHaveLength(DEMO_APP.achievements.length);
    expect(reply.body.achievements[DEMO_APP.applicationId][0]).toEqual({ id: ACH.standard.id, achievementState: 'REVEALED', currentSteps: 0 });
    expect(reply.body.achievements[DEMO_APP.applicationId][2]).toEqual({
      id: ACH.incremental.id,
      achievementState: 'REVEALED',
      currentSteps: 3,
      lastUpdatedTimestamp: expect.stringMatching(/^[0-9]+$/),
    });
    expect(reply.body.grants).toEqual([
      {
        clientId: DEMO_APP.webClientId,
        applicationId: DEMO_APP.applicationId,
        scopes: [
          'https://www.googleapis.com/auth/games_lite',
          'https://www.googleapis.com/auth/drive.appdata',
          'https://www.googleapis.com/auth/userinfo.email',
        ],
        active: false,
        hasRefreshToken: true,
        createdAt: expect.any(String),
      },
      expect.objectContaining({ clientId: OTHER_APP.webClientId, active: true, hasRefreshToken: false }),
    ]);
    expect(JSON.stringify(reply.body)).not.toContain(access_token);
  });

  it('answers 404 for an unknown player', async () => {
    const reply = await call(emulator.app, 'GET', '/emulator/v1/players/g0');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: { code: 404, message: 'No player with ID g0.', status: 'NOT_FOUND' } });
  });
});

describe('player actions', () => {
  it(':changeId gives a next-generation ID (or the one asked for); the old one still finds the player', async () => {
    const generated = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:changeId`);
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({ playerId: expect.stringMatching(/^a_[0-9]{19}$/), originalPlayerId: REGULAR.playerId, previousPlayerIds: [REGULAR.playerId] });
    const chosen = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:changeId`, { newPlayerId: 'a_7' });
    expect(chosen.body).toMatchObject({ playerId: 'a_7', originalPlayerId: REGULAR.playerId, previousPlayerIds: [REGULAR.playerId, generated.body.playerId] });
    expect((await call(emulator.app, 'GET', `/emulator/v1/players/${REGULAR.playerId}`)).body.playerId).toBe('a_7');
    const taken = await call(emulator.app, 'POST', `/emulator/v1/players/a_7:changeId`, { newPlayerId: emulator.state.seed.players![1]!.playerId });
    expect(taken.status).toBe(409);
    const bad = await call(emulator.app, 'POST', `/emulator/v1/players/a_7:changeId`, { newPlayerId: 'no spaces please' });
    expect(bad.status).toBe(400);
  });

  it(':revokeGrants answers 200 with the count; unknown verbs and players get 404', async () => {
    await signIn(emulator.app);
    const revoked = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:revokeGrants`);
    expect(revoked.body).toEqual({ playerId: REGULAR.playerId, revokedGrants: 1 });
    expect((await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:revokeGrants`)).body.revokedGrants).toBe(0);
    expect((await call(emulator.app, 'POST', '/emulator/v1/players/g0:revokeGrants')).status).toBe(404);
    const verb = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:explode`);
    expect(verb.status).toBe(404);
    expect(verb.body.error.message).toContain(':revokeGrants or :changeId');
  });
});
