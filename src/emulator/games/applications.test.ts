import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, OTHER_APP, REGULAR, TESTER, api, call, envelope, signIn, startEmulator } from '../test-support/harness.js';
import { PROFILE_END_POINT_URL } from './applications.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

describe('applications.verify', () => {
  it('answers the token’s player in snake_case', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ kind: 'games#applicationVerifyResponse', player_id: REGULAR.playerId });
  });

  it('works for a token of the game’s second web client', async () => {
    const { access_token } = await signIn(emulator.app, { clientId: DEMO_APP.secondWebClient!.clientId });
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.status).toBe(200);
  });

  it('adds alternate_player_id (the previous ID) after the player ID changed', async () => {
    const { access_token } = await signIn(emulator.app);
    await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:changeId`, {});
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.body).toEqual({
      kind: 'games#applicationVerifyResponse',
      player_id: expect.stringMatching(/^a_[0-9]{19}$/),
      alternate_player_id: REGULAR.playerId,
    });
  });

  it('answers 403 forbidden for another application’s token', async () => {
    const { access_token } = await signIn(emulator.app, { clientId: OTHER_APP.webClientId });
    const reply = await api(emulator.app, 'GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, access_token);
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual(
      envelope(403, 'PERMISSION_DENIED', 'forbidden', `The access token was not issued for application ${DEMO_APP.applicationId}.`),
    );
  });

  it('answers 404 notFound for an unknown application', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/applications/571707973781/verify', access_token);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested application with ID 571707973781 was not found.'));
  });
});

describe('applications.get', () => {
  const url = (id: string, query = '') => `/games/v1/applications/${id}${query}`;

  it('answers the game with its Android instance and the counts a regular player sees', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', url(DEMO_APP.applicationId), access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#application',
      id: DEMO_APP.applicationId,
      name: DEMO_APP.name,
      category: { kind: 'games#applicationCategory', primary: DEMO_APP.category },
      instances: [
        {
          kind: 'games#instance',
          platformType: 'ANDROID',
          name: DEMO_APP.name,
          androidInstance: { kind: 'games#instanceAndroidDetails', packageName: DEMO_APP.packageName, enablePiracyCheck: false, preferred: true },
          realtimePlay: false,
          turnBasedPlay: false,
        },
      ],
      achievement_count: DEMO_APP.achievements.filter((achievement) => achievement.published).length,
      leaderboard_count: DEMO_APP.leaderboards!.filter((board) => board.published !== undefined).length,
    });
  });

  it('counts drafts for a tester, and answers another seeded game too', async () => {
    const { access_token } = await signIn(emulator.app, { playerId: TESTER.playerId });
    const own = await api(emulator.app, 'GET', url(DEMO_APP.applicationId), access_token);
    expect([own.body.achievement_count, own.body.leaderboard_count]).toEqual([DEMO_APP.achievements.length, DEMO_APP.leaderboards!.length]);
    const other = await api(emulator.app, 'GET', url(OTHER_APP.applicationId), access_token);
    expect(other.status).toBe(200);
    expect(other.body.id).toBe(OTHER_APP.applicationId);
  });

  it('keeps only the platform asked for (no IOS instance here)', async () => {
    const { access_token } = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', url(DEMO_APP.applicationId, '?platformType=IOS'), access_token)).body.instances).toEqual([]);
    expect((await api(emulator.app, 'GET', url(DEMO_APP.applicationId, '?platformType=ANDROID'), access_token)).body.instances).toHaveLength(1);
    const bad = await api(emulator.app, 'GET', url(DEMO_APP.applicationId, '?platformType=PS5'), access_token);
    expect(bad.status).toBe(400);
  });

  it('answers 404 notFound for an unknown application, 401 without a token', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', url('571707973781'), access_token);
    expect(reply.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested application with ID 571707973781 was not found.'));
    expect((await call(emulator.app, 'GET', url(DEMO_APP.applicationId))).status).toBe(401);
  });
});

describe('applications.getEndPoint', () => {
  it('answers a browser URL for each end point type', async () => {
    const { access_token } = await signIn(emulator.app);
    for (const type of ['PROFILE_CREATION', 'PROFILE_SETTINGS']) {
      const reply = await api(emulator.app, 'POST', `/games/v1/applications/getEndPoint?applicationId=${DEMO_APP.applicationId}&endPointType=${type}`, access_token);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ url: PROFILE_END_POINT_URL });
    }
  });

  it('refuses a missing or unknown type and an unknown application', async () => {
    const { access_token } = await signIn(emulator.app);
    const missing = await api(emulator.app, 'POST', '/games/v1/applications/getEndPoint', access_token);
    expect(missing.body).toEqual(envelope(400, 'INVALID_ARGUMENT', 'required', 'Required parameter: endPointType', { location: 'endPointType', locationType: 'parameter' }));
    expect((await api(emulator.app, 'POST', '/games/v1/applications/getEndPoint?endPointType=HOME', access_token)).status).toBe(400);
    const unknown = await api(emulator.app, 'POST', '/games/v1/applications/getEndPoint?applicationId=1&endPointType=PROFILE_SETTINGS', access_token);
    expect(unknown.status).toBe(404);
  });
});
