import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, DEVELOPER, LB, OTHER_APP, REGULAR, TESTER, api, call, envelope, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let regular: string;
let developer: string;
beforeEach(async () => {
  emulator.state.reset();
  regular = (await signIn(emulator.app)).access_token;
  developer = (await signIn(emulator.app, { playerId: DEVELOPER.playerId })).access_token;
});

const hidden = (playerId: string, applicationId = DEMO_APP.applicationId) => `/games/v1management/applications/${applicationId}/players/hidden/${playerId}`;
const names = async (token: string, collection: string) =>
  (await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.high.id}/scores/${collection}?timeSpan=ALL_TIME`, token)).body.items.map(
    (item: { player: { displayName: string } }) => item.player.displayName,
  );

describe('players.hide, players.unhide and applications.listHidden', () => {
  it('take a hidden player off PUBLIC and FRIENDS; they still see their own score; unhide brings them back', async () => {
    await call(emulator.app, 'POST', `/emulator/v1/players/${DEVELOPER.playerId}/friends`, { playerId: REGULAR.playerId });
    await api(emulator.app, 'POST', `/games/v1/leaderboards/${LB.high.id}/scores?score=50`, regular);
    await api(emulator.app, 'POST', `/games/v1/leaderboards/${LB.high.id}/scores?score=10`, developer);

    const hide = await api(emulator.app, 'POST', hidden(REGULAR.playerId), developer);
    expect({ status: hide.status, raw: hide.raw }).toEqual({ status: 204, raw: '' });
    expect((await api(emulator.app, 'POST', hidden(REGULAR.playerId), developer)).status).toBe(204);
    expect(await names(developer, 'PUBLIC')).toEqual([DEVELOPER.displayName]);
    expect(await names(developer, 'FRIENDS')).toEqual([DEVELOPER.displayName]);
    const own = await api(emulator.app, 'GET', `/games/v1/leaderboards/${LB.high.id}/scores/PUBLIC?timeSpan=ALL_TIME`, regular);
    expect(own.body.playerScore).toMatchObject({ scoreValue: '50' });
    expect(own.body.playerScore).not.toHaveProperty('scoreRank');
    expect((await groundTruth(emulator.app, REGULAR.playerId)).hiddenInApplications).toEqual([DEMO_APP.applicationId]);

    const unhide = await api(emulator.app, 'DELETE', hidden(REGULAR.playerId), developer);
    expect(unhide.status).toBe(204);
    expect(await names(developer, 'PUBLIC')).toEqual([REGULAR.displayName, DEVELOPER.displayName]);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).hiddenInApplications).toEqual([]);
  });

  it('applications.listHidden lists the hidden players, oldest first, with the Management player shape', async () => {
    const tester = TESTER.playerId;
    await api(emulator.app, 'POST', hidden(REGULAR.playerId), developer);
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 5 });
    await api(emulator.app, 'POST', hidden(tester), developer);
    const url = `/games/v1management/applications/${DEMO_APP.applicationId}/players/hidden`;
    const reply = await api(emulator.app, 'GET', url, developer);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('gamesManagement#hiddenPlayerList');
    expect(reply.body.items.map((item: { player: { playerId: string } }) => item.player.playerId)).toEqual([REGULAR.playerId, tester]);
    expect(reply.body.items[0]).toEqual({
      kind: 'gamesManagement#hiddenPlayer',
      hiddenTimeMillis: expect.stringMatching(/^[0-9]{13}$/),
      player: {
        kind: 'gamesManagement#player',
        playerId: REGULAR.playerId,
        displayName: REGULAR.displayName,
        avatarImageUrl: REGULAR.avatarImageUrl,
        experienceInfo: {
          currentExperiencePoints: '0',
          currentLevel: { level: 1, minExperiencePoints: '0', maxExperiencePoints: '10000' },
          nextLevel: { level: 2, minExperiencePoints: '10000', maxExperiencePoints: '20000' },
        },
        profileSettings: { kind: 'gamesManagement#profileSettings', profileVisible: true },
      },
    });
    expect(Number(reply.body.items[1].hiddenTimeMillis) - Number(reply.body.items[0].hiddenTimeMillis)).toBeGreaterThanOrEqual(5000);
    const first = await api(emulator.app, 'GET', `${url}?maxResults=1`, developer);
    expect(first.body.items).toHaveLength(1);
    expect((await api(emulator.app, 'GET', `${url}?maxResults=1&pageToken=${first.body.nextPageToken}`, developer)).body.items[0].player.playerId).toBe(tester);
    expect((await api(emulator.app, 'GET', url, regular)).status).toBe(403);
    expect((await api(emulator.app, 'GET', '/games/v1management/applications/111111111111/players/hidden', developer)).status).toBe(404);
  });

  it('hide per application, and take "me"', async () => {
    expect((await api(emulator.app, 'POST', hidden('me', OTHER_APP.applicationId), developer)).status).toBe(204);
    expect((await groundTruth(emulator.app, DEVELOPER.playerId)).hiddenInApplications).toEqual([OTHER_APP.applicationId]);
  });

  it('answer 403 forbidden for a player who is not a developer, 404 for an unknown application or player', async () => {
    const tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
    for (const [method, token] of [['POST', regular], ['DELETE', tester]] as const) {
      const reply = await api(emulator.app, method, hidden(REGULAR.playerId), token);
      expect({ status: reply.status, body: reply.body }).toEqual({
        status: 403,
        body: envelope(403, 'PERMISSION_DENIED', 'forbidden', 'Only developer console accounts can hide or unhide players.'),
      });
    }
    expect((await groundTruth(emulator.app, REGULAR.playerId)).hiddenInApplications).toEqual([]);
    const app = await api(emulator.app, 'POST', hidden(REGULAR.playerId, '111111111111'), developer);
    expect(app.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested application with ID 111111111111 was not found.'));
    const player = await api(emulator.app, 'POST', hidden('g404'), developer);
    expect(player.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested player with ID g404 was not found.'));
  });
});
