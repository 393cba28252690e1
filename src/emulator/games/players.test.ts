import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { ACH, DEMO_APP, DEVELOPER, OTHER_APP, REGULAR, TESTER, api, call, envelope, groundTruth, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

describe('players.get', () => {
  it('answers the caller’s full resource for "me"', async () => {
    const { access_token } = await signIn(emulator.app, { playerId: TESTER.playerId });
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#player',
      playerId: TESTER.playerId,
      displayName: TESTER.displayName,
      avatarImageUrl: TESTER.avatarImageUrl,
      profileSettings: { kind: 'games#profileSettings', profileVisible: true, friendsListVisibility: 'REQUEST_REQUIRED' },
      experienceInfo: {
        kind: 'games#playerExperienceInfo',
        currentExperiencePoints: '0',
        currentLevel: { kind: 'games#playerLevel', level: 1, minExperiencePoints: '0', maxExperiencePoints: '10000' },
        nextLevel: { kind: 'games#playerLevel', level: 2, minExperiencePoints: '10000', maxExperiencePoints: '20000' },
      },
      name: { givenName: 'Taylor', familyName: 'Tester' },
      gamePlayerId: TESTER.gamePlayerId,
    });
  });

  it('counts XP of unlocked published achievements only', async () => {
    const { access_token } = await signIn(emulator.app, { playerId: TESTER.playerId });
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.standard2.id}/unlock`, access_token);
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.draft.id}/unlock`, access_token);
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(reply.body.experienceInfo.currentExperiencePoints).toBe(String(ACH.standard2.experiencePoints));
  });

  it('answers the same full resource for the caller’s own ID', async () => {
    const { access_token } = await signIn(emulator.app);
    const byId = await api(emulator.app, 'GET', `/games/v1/players/${REGULAR.playerId}`, access_token);
    const me = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(byId.body).toEqual(me.body);
  });

  it('answers another player’s public profile only', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', `/games/v1/players/${TESTER.playerId}`, access_token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'games#player',
      playerId: TESTER.playerId,
      displayName: TESTER.displayName,
      avatarImageUrl: TESTER.avatarImageUrl,
      profileSettings: { kind: 'games#profileSettings', profileVisible: true, friendsListVisibility: 'UNAVAILABLE' },
      experienceInfo: expect.objectContaining({ kind: 'games#playerExperienceInfo' }),
      friendStatus: 'NO_RELATIONSHIP',
    });
  });

  it('answers 404 notFound for an unknown player', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/players/g000', access_token);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(envelope(404, 'NOT_FOUND', 'notFound', 'The requested player with ID g000 was not found.'));
  });

  it('carries originalPlayerId for the caller once the player ID changed', async () => {
    const { access_token } = await signIn(emulator.app);
    const changed = await call(emulator.app, 'POST', `/emulator/v1/players/${REGULAR.playerId}:changeId`, { newPlayerId: 'a_42' });
    expect(changed.status).toBe(200);
    const me = await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    expect(me.body).toMatchObject({ playerId: 'a_42', originalPlayerId: REGULAR.playerId });
    // The old ID still finds the player; someone else never sees originalPlayerId.
    const other = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
    const seen = await api(emulator.app, 'GET', `/games/v1/players/${REGULAR.playerId}`, other);
    expect(seen.body.playerId).toBe('a_42');
    expect(seen.body).not.toHaveProperty('originalPlayerId');
  });
});

describe('players.getScopedPlayerIds', () => {
  it('gives the same player another gamePlayerId in another game, matching players.get there', async () => {
    const inDemo = await api(emulator.app, 'GET', '/games/v1/players/me/scopedIds', (await signIn(emulator.app)).access_token);
    const otherToken = (await signIn(emulator.app, { clientId: OTHER_APP.webClientId })).access_token;
    const inOther = await api(emulator.app, 'GET', '/games/v1/players/me/scopedIds', otherToken);
    expect(inOther.body.gamePlayerId).toMatch(/^a_[0-9]{19}$/);
    expect(inOther.body.gamePlayerId).not.toBe(inDemo.body.gamePlayerId);
    expect(inOther.body.developerPlayerKey).toBe(inDemo.body.developerPlayerKey);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', otherToken)).body.gamePlayerId).toBe(inOther.body.gamePlayerId);
  });

  it('answers the game-scoped ID and a stable developer player key, without a kind', async () => {
    const { access_token } = await signIn(emulator.app);
    const first = await api(emulator.app, 'GET', '/games/v1/players/me/scopedIds', access_token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ gamePlayerId: REGULAR.gamePlayerId, developerPlayerKey: expect.stringMatching(/^dpk_/) });
    emulator.state.reset();
    const again = await api(emulator.app, 'GET', '/games/v1/players/me/scopedIds', (await signIn(emulator.app)).access_token);
    expect(again.body).toEqual(first.body);
  });
});

describe('players.list', () => {
  async function befriend(playerId: string, friendId: string): Promise<void> {
    expect((await call(emulator.app, 'POST', `/emulator/v1/players/${playerId}/friends`, { playerId: friendId })).status).toBe(204);
  }

  it('FRIENDS_ALL lists the caller’s friends alphabetically, as others see them', async () => {
    const zed = await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'Zed Zebra' });
    await befriend(REGULAR.playerId, zed.body.playerId);
    await befriend(REGULAR.playerId, TESTER.playerId);
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me/players/FRIENDS_ALL', access_token);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('games#playerListResponse');
    expect(reply.body.items.map((player: { displayName: string }) => player.displayName)).toEqual(['Taylor Tester', 'Zed Zebra']);
    expect(reply.body.items[0]).toEqual(expect.objectContaining({ kind: 'games#player', playerId: TESTER.playerId, friendStatus: 'FRIEND' }));
    expect(reply.body.items[0].gamePlayerId).toBeUndefined();
  });

  it('pages with maxResults and pageToken', async () => {
    await befriend(REGULAR.playerId, TESTER.playerId);
    await befriend(REGULAR.playerId, DEVELOPER.playerId);
    const { access_token } = await signIn(emulator.app);
    const first = await api(emulator.app, 'GET', '/games/v1/players/me/players/FRIENDS_ALL?maxResults=1', access_token);
    expect(first.body.items.map((player: { playerId: string }) => player.playerId)).toEqual([DEVELOPER.playerId]);
    const second = await api(emulator.app, 'GET', `/games/v1/players/me/players/FRIENDS_ALL?maxResults=1&pageToken=${first.body.nextPageToken}`, access_token);
    expect(second.body.items.map((player: { playerId: string }) => player.playerId)).toEqual([TESTER.playerId]);
    expect(second.body.nextPageToken).toBeUndefined();
  });

  it('CONNECTED keeps the friends who played this game, most recent first; VISIBLE all of them', async () => {
    await befriend(REGULAR.playerId, TESTER.playerId);
    await befriend(REGULAR.playerId, DEVELOPER.playerId);
    await signIn(emulator.app, { playerId: TESTER.playerId });
    const { access_token } = await signIn(emulator.app);
    const connected = await api(emulator.app, 'GET', '/games/v1/players/me/players/CONNECTED', access_token);
    expect(connected.body.items.map((player: { playerId: string }) => player.playerId)).toEqual([TESTER.playerId]);
    const visible = await api(emulator.app, 'GET', '/games/v1/players/me/players/VISIBLE', access_token);
    expect(visible.body.items).toHaveLength(2);
  });

  it('answers an empty list without friends, and 400 for an unknown collection', async () => {
    const { access_token } = await signIn(emulator.app);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me/players/FRIENDS_ALL', access_token)).body).toEqual({ kind: 'games#playerListResponse', items: [] });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me/players/ALL', access_token)).status).toBe(400);
  });
});

describe('players.getMultipleApplicationPlayerIds', () => {
  const url = (...ids: string[]) => `/games/v1/players/me/multipleApplicationPlayerIds?${ids.map((id) => `applicationIds=${id}`).join('&')}`;

  it('answers the caller’s ID in the token’s game and leaves out a game they never played', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', url(DEMO_APP.applicationId, OTHER_APP.applicationId, '1234'), access_token);
    expect(reply.status).toBe(200);
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(reply.body).toEqual({ playerIds: [{ applicationId: DEMO_APP.applicationId, playerId: truth.gamePlayerIds[DEMO_APP.applicationId] }] });
  });

  it('includes another game once the player signed in to it, with that game’s own ID', async () => {
    await signIn(emulator.app, { clientId: OTHER_APP.webClientId });
    const { access_token } = await signIn(emulator.app);
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    const reply = await api(emulator.app, 'GET', url(OTHER_APP.applicationId, DEMO_APP.applicationId), access_token);
    expect(reply.body.playerIds).toEqual([
      { applicationId: OTHER_APP.applicationId, playerId: truth.gamePlayerIds[OTHER_APP.applicationId] },
      { applicationId: DEMO_APP.applicationId, playerId: truth.gamePlayerIds[DEMO_APP.applicationId] },
    ]);
    expect(truth.gamePlayerIds[OTHER_APP.applicationId]).not.toBe(truth.gamePlayerIds[DEMO_APP.applicationId]);
  });

  it('requires applicationIds', async () => {
    const { access_token } = await signIn(emulator.app);
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me/multipleApplicationPlayerIds', access_token);
    expect(reply.status).toBe(400);
    expect(reply.body.error.errors[0].reason).toBe('required');
  });
});
