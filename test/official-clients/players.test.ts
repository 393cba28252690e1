/**
 * googleapis `games.players` and `games.applications` against the emulator (docs/google/games-api.md,
 * 'Players' and 'Applications'), and the Games API's authentication errors (docs/google/errors.md,
 * 'Reasons').
 */
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGoogleError, gamesClient, oauthClient, signIn, startEmulator } from './harness.js';
import type { Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const demo = () => emulator.apps[0]!;

describe('players.get', () => {
  it('answers for me with a games#player carrying the player’s ID and name', async () => {
    const player = await emulator.control.createPlayer({ displayName: 'Me Myself' });
    const { games } = await signIn(emulator, player);

    const { data, status } = await games.players.get({ playerId: 'me' });

    expect(status).toBe(200);
    expect(data.kind).toBe('games#player');
    expect(data.playerId).toBe(player.playerId);
    expect(data.displayName).toBe('Me Myself');
    expect(data.profileSettings).toEqual(expect.objectContaining({ kind: 'games#profileSettings', profileVisible: expect.any(Boolean) }));
    const xp = data.experienceInfo!;
    expect(xp.kind).toBe('games#playerExperienceInfo');
    expect(xp.currentExperiencePoints).toBe('0'); // int64 as a string; nothing unlocked yet
    for (const level of [xp.currentLevel!, xp.nextLevel!]) {
      expect(level.kind).toBe('games#playerLevel');
      expect(Number.isInteger(level.level)).toBe(true);
      expect(level.minExperiencePoints).toMatch(/^\d+$/);
      expect(level.maxExperiencePoints).toMatch(/^\d+$/);
    }
    expect(xp.currentLevel!.level).toBe(1);
    expect(typeof data.gamePlayerId).toBe('string');
    expect(data.originalPlayerId).toBeUndefined(); // only once the player's ID has changed
    if (data.avatarImageUrl !== undefined) expect(data.avatarImageUrl).toMatch(/^https?:\/\//);
  });

  it('answers the same player by ID, and another player by theirs', async () => {
    const player = await emulator.control.createPlayer({ displayName: 'By Id' });
    const other = await emulator.control.createPlayer({ displayName: 'Someone Else' });
    const { games } = await signIn(emulator, player);

    const me = (await games.players.get({ playerId: 'me' })).data;
    const byId = (await games.players.get({ playerId: player.playerId })).data;
    expect(byId).toEqual(me);
    const them = (await games.players.get({ playerId: other.playerId })).data;
    expect(them).toEqual(expect.objectContaining({ kind: 'games#player', playerId: other.playerId, displayName: 'Someone Else' }));
  });

  it('answers 404 notFound for an unknown player ID', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.players.get({ playerId: '999999999999999999999' }), 404, 'notFound');
  });

  it('accepts the token as the access_token query parameter', async () => {
    const player = await emulator.control.createPlayer();
    const { tokens } = await signIn(emulator, player);
    await emulator.control.clearRequests();
    const { data } = await gamesClient(emulator).players.get({ playerId: 'me', access_token: tokens.access_token! });
    expect(data.playerId).toBe(player.playerId);
    // The request log keeps the call but not the token that travelled in its query string.
    const log = JSON.stringify(await emulator.control.requests());
    expect(log).toContain('games.players.get');
    expect(log).not.toContain(tokens.access_token!);
  });
});

describe('players.getScopedPlayerIds', () => {
  it('answers gamePlayerId and developerPlayerKey, stable across sign-ins and equal to Player.gamePlayerId', async () => {
    const player = await emulator.control.createPlayer();
    const first = await signIn(emulator, player);
    const second = await signIn(emulator, player);

    const { data, status } = await first.games.players.getScopedPlayerIds();

    expect(status).toBe(200);
    expect(Object.keys(data).sort()).toEqual(['developerPlayerKey', 'gamePlayerId']); // this schema has no kind
    expect(typeof data.gamePlayerId).toBe('string');
    expect(typeof data.developerPlayerKey).toBe('string');
    expect((await second.games.players.getScopedPlayerIds()).data).toEqual(data);
    const me = (await first.games.players.get({ playerId: 'me' })).data;
    if (me.gamePlayerId !== undefined) expect(me.gamePlayerId).toBe(data.gamePlayerId);
  });

  it('gives the same player a different gamePlayerId in each game (it is per application)', async () => {
    const player = await emulator.control.createPlayer();
    const inDemo = (await (await signIn(emulator, player)).games.players.getScopedPlayerIds()).data;
    const inSecond = (await (await signIn(emulator, player, { app: emulator.apps[1]! })).games.players.getScopedPlayerIds()).data;
    expect(inSecond.gamePlayerId).not.toBe(inDemo.gamePlayerId);
  });
});

describe('a player whose ID changed (control API :changeId)', () => {
  it('reports the first ID as originalPlayerId and alternate_player_id, and still answers to it', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const newId = (await emulator.control.changePlayerId(player.playerId)).playerId;
    expect(newId).not.toBe(player.playerId);

    const me = (await games.players.get({ playerId: 'me' })).data;
    expect(me).toEqual(expect.objectContaining({ playerId: newId, originalPlayerId: player.playerId }));
    const verified = (await games.applications.verify({ applicationId: demo().applicationId })).data;
    expect(verified).toEqual({ kind: 'games#applicationVerifyResponse', player_id: newId, alternate_player_id: player.playerId });
    expect((await games.players.get({ playerId: player.playerId })).data.playerId).toBe(newId);
  });
});

describe('applications.verify', () => {
  it('names the token’s player in snake_case player_id', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);

    const { data, status } = await games.applications.verify({ applicationId: demo().applicationId });

    expect(status).toBe(200);
    expect(data.kind).toBe('games#applicationVerifyResponse');
    expect(data.player_id).toBe(player.playerId);
    expect(data.alternate_player_id).toBeUndefined();
  });

  it('verifies a token of the second demo application against that application', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player, { app: emulator.apps[1]! });
    const { data } = await games.applications.verify({ applicationId: emulator.apps[1]!.applicationId });
    expect(data.player_id).toBe(player.playerId);
  });

  it('refuses a token of the second demo application against the first one with 403 forbidden', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player, { app: emulator.apps[1]! });
    await expectGoogleError(games.applications.verify({ applicationId: demo().applicationId }), 403, 'forbidden');
  });

  it('answers 404 notFound for an unknown application ID', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    await expectGoogleError(games.applications.verify({ applicationId: '571707973781' }), 404, 'notFound');
  });

  it('scopes a token to its own game: the first game’s achievements are unknown to a second-game token', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player, { app: emulator.apps[1]! });
    const firstGameAchievement = demo().achievements.find((a) => a.published)!;
    await expectGoogleError(games.achievements.unlock({ achievementId: firstGameAchievement.id }), 404, 'notFound');
    const ids = (await games.achievementDefinitions.list({})).data.items!.map((d) => d.id);
    expect(ids).toEqual(emulator.apps[1]!.achievements.filter((a) => a.published).map((a) => a.id));
  });
});

describe('authentication errors of the Games API', () => {
  it('answers 401 required, pointing at the Authorization header, without a token', async () => {
    const error = await expectGoogleError(gamesClient(emulator).players.get({ playerId: 'me' }), 401, 'required');
    const item = error.response?.data.error.errors[0];
    expect(item).toEqual(expect.objectContaining({ location: 'Authorization', locationType: 'header' }));
  });

  it('answers 401 authError for a token the emulator never issued', async () => {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: 'ya29.never-issued' });
    const error = await expectGoogleError(gamesClient(emulator, client).players.get({ playerId: 'me' }), 401, 'authError');
    expect(JSON.stringify(error.response?.data)).not.toContain('ya29.never-issued');
  });

  it('answers 401 authError on every Games resource once the token is revoked', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games, tokens } = await signIn(emulator, player);
    await auth.revokeToken(tokens.access_token!);
    await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
    await expectGoogleError(games.applications.verify({ applicationId: demo().applicationId }), 401, 'authError');
    await expectGoogleError(games.achievementDefinitions.list({}), 401, 'authError');
    await expectGoogleError(games.achievements.list({ playerId: 'me' }), 401, 'authError');
  });

  it('treats the access token as the whole credential: no client secret is needed to call the API', async () => {
    const player = await emulator.control.createPlayer();
    const { tokens } = await signIn(emulator, player);
    const bare = oauthClient(emulator, demo(), { clientSecret: '' });
    bare.setCredentials({ access_token: tokens.access_token! });
    expect((await gamesClient(emulator, bare).players.get({ playerId: 'me' })).data.playerId).toBe(player.playerId);
  });
});
