/**
 * googleapis `games` methods beyond players.get, achievements and leaderboards, against the
 * emulator: `applications.get|getEndPoint`, `players.list|getMultipleApplicationPlayerIds`,
 * `metagame.getMetagameConfig|listCategoriesByPlayer` and `accesstokens.*`
 * (docs/google/games-api.md, 'Applications, metagame and access tokens').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGoogleError, signIn, startEmulator } from './harness.js';
import type { Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const demo = () => emulator.apps[0]!;
const other = () => emulator.apps[1]!;

describe('applications', () => {
  it('get answers the game, its Android package and the counts the caller sees', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const { data, status } = await games.applications.get({ applicationId: demo().applicationId, platformType: 'ANDROID' });
    expect(status).toBe(200);
    expect(data.kind).toBe('games#application');
    expect(data.id).toBe(demo().applicationId);
    expect(data.name).toBe(demo().name);
    expect(data.instances?.[0]?.androidInstance?.packageName).toBe(demo().packageName);
    expect(data.achievement_count).toBe(demo().achievements.filter((achievement) => achievement.published).length);
    expect(data.leaderboard_count).toBe(demo().leaderboards.filter((board) => board.published).length);
    expect(data.lastUpdatedTimestamp).toBeUndefined(); // as seeded: no Configuration API change yet
    await expectGoogleError(games.applications.get({ applicationId: '571707973781' }), 404, 'notFound');
  });

  it('getEndPoint answers a URL for the profile pages', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const { data } = await games.applications.getEndPoint({ applicationId: demo().applicationId, endPointType: 'PROFILE_SETTINGS' });
    expect(data.url).toMatch(/^https:\/\//);
    await expectGoogleError(games.applications.getEndPoint({ applicationId: demo().applicationId }), 400, 'required');
  });
});

describe('players', () => {
  it('list FRIENDS_ALL answers the friends in alphabetical order', async () => {
    const me = await emulator.control.createPlayer();
    const bea = await emulator.control.createPlayer({ displayName: 'Bea Friend' });
    const ann = await emulator.control.createPlayer({ displayName: 'Ann Friend' });
    await emulator.control.addFriend(me.playerId, bea.playerId);
    await emulator.control.addFriend(me.playerId, ann.playerId);
    const { games } = await signIn(emulator, me);
    const { data } = await games.players.list({ collection: 'FRIENDS_ALL' });
    expect(data.kind).toBe('games#playerListResponse');
    expect(data.items?.map((player) => [player.displayName, player.friendStatus])).toEqual([
      ['Ann Friend', 'FRIEND'],
      ['Bea Friend', 'FRIEND'],
    ]);
    const page = await games.players.list({ collection: 'FRIENDS_ALL', maxResults: 1 });
    expect(page.data.items).toHaveLength(1);
    const next = await games.players.list({ collection: 'FRIENDS_ALL', maxResults: 1, pageToken: page.data.nextPageToken! });
    expect(next.data.items?.[0]?.displayName).toBe('Bea Friend');
  });

  it('getMultipleApplicationPlayerIds answers the IDs in the games the player has played', async () => {
    const player = await emulator.control.createPlayer();
    await signIn(emulator, player, { app: other() });
    const { games } = await signIn(emulator, player);
    const { data } = await games.players.getMultipleApplicationPlayerIds({ applicationIds: [demo().applicationId, other().applicationId, '1234'] });
    expect(data.playerIds).toEqual([
      { applicationId: demo().applicationId, playerId: player.gamePlayerIds[demo().applicationId] },
      { applicationId: other().applicationId, playerId: player.gamePlayerIds[other().applicationId] },
    ]);
  });
});

describe('metagame', () => {
  it('getMetagameConfig answers the level table; listCategoriesByPlayer the XP per category', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const config = await games.metagame.getMetagameConfig();
    expect(config.data.kind).toBe('games#metagameConfig');
    expect(config.data.playerLevels?.[0]).toEqual({ kind: 'games#playerLevel', level: 1, minExperiencePoints: '0', maxExperiencePoints: expect.stringMatching(/^\d+$/) });
    const achievement = demo().achievements.find((candidate) => candidate.published && candidate.achievementType === 'STANDARD')!;
    await games.achievements.unlock({ achievementId: achievement.id });
    const { data } = await games.metagame.listCategoriesByPlayer({ playerId: 'me', collection: 'ALL' });
    expect(data).toEqual({
      kind: 'games#categoryListResponse',
      items: [{ kind: 'games#category', category: demo().category, experiencePoints: achievement.experiencePoints }],
    });
  });
});

describe('accesstokens', () => {
  it('generatePlayGroupingApiToken mints a token for the game’s package', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const { data } = await games.accesstokens.generatePlayGroupingApiToken({ packageName: demo().packageName!, persona: 'hash-of-user-7' });
    expect(data.token?.tokenValue).toEqual(expect.any(String));
    expect((await emulator.control.player(player.playerId)).playGroupingTokens).toEqual([expect.objectContaining({ persona: 'hash-of-user-7', recall: false })]);
    await expectGoogleError(games.accesstokens.generatePlayGroupingApiToken({ packageName: other().packageName!, persona: 'x' }), 403, 'forbidden');
  });

  it('generateRecallPlayGroupingApiToken refuses a player’s token (it needs androidpublisher)', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const call = games.accesstokens.generateRecallPlayGroupingApiToken({ packageName: demo().packageName!, persona: 'p', recallSessionId: 'session' });
    await expectGoogleError(call, 403, 'insufficientPermissions');
  });
});
