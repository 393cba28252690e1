/**
 * googleapis' `fields` option (Google's partial responses) against the emulator: the answer
 * carries only the selected fields, a list filters every item (achievements, leaderboards,
 * scores), and a mask that does not parse, or names a field the answer lacks, is Google's 400
 * `invalidParameter` with nothing applied.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoAchievements, expectGoogleError, signIn, startEmulator } from './harness.js';
import type { DemoAchievements, Emulator } from './harness.js';

let emulator: Emulator;
let seed: DemoAchievements;
beforeAll(async () => {
  emulator = await startEmulator();
  seed = demoAchievements(emulator.apps[0]!);
});
afterAll(async () => {
  await emulator.close();
});

describe('fields', () => {
  it('players.get(me, fields=playerId) answers the player ID alone', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const { data, status } = await games.players.get({ playerId: 'me', fields: 'playerId' });
    expect(status).toBe(200);
    expect(data).toEqual({ playerId: player.playerId });
  });

  it('achievements.list with items(id,achievementState) keeps those two fields of every item', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const { data } = await games.achievements.list({ playerId: 'me', fields: 'items(id,achievementState)' });
    expect(data.items!.map((item) => item.id).sort()).toEqual(seed.published.map((a) => a.id).sort());
    for (const item of data.items!) expect(Object.keys(item).sort()).toEqual(['achievementState', 'id']);
    expect(data.kind).toBeUndefined();
  });

  it('a write answers the selected fields, and is applied', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const { data } = await games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2, fields: 'currentSteps' });
    expect(data).toEqual({ currentSteps: 2 });
    const truth = await emulator.control.player(player.playerId);
    expect(truth.achievements[emulator.apps[0]!.applicationId]!.find((a) => a.id === seed.incremental.id)).toMatchObject({ currentSteps: 2 });
  });

  it('a management reset takes fields too', async () => {
    const { management } = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    const { data } = await management.achievements.resetAll({ fields: 'kind' });
    expect(data).toEqual({ kind: 'gamesManagement#achievementResetAllResponse' });
  });

  it('a mask that does not parse is Google’s 400 invalidParameter, and nothing is applied', async () => {
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const error = await expectGoogleError(
      games.achievements.increment({ achievementId: seed.incremental.id, stepsToIncrement: 2, fields: 'items(id' }),
      400,
      'invalidParameter',
    );
    expect(error.response?.data.error.message).toBe('Invalid field selection items(id');
    const truth = await emulator.control.player(player.playerId);
    expect(truth.achievements[emulator.apps[0]!.applicationId]!.find((a) => a.id === seed.incremental.id)).toMatchObject({ currentSteps: 0 });
  });

  it('a field the answer does not have is Google’s 400 naming it (names are case-sensitive)', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const error = await expectGoogleError(games.achievements.list({ playerId: 'me', fields: 'pagetoken,items(id)' }), 400, 'invalidParameter');
    expect(error.response?.data.error.message).toBe('Invalid field selection pagetoken');
    expect((await games.achievements.list({ playerId: 'me', fields: 'nextPageToken,items(id)' })).status).toBe(200);
  });
});

describe('fields on leaderboards and scores', () => {
  // Boards are shared by every player: each test starts from the seed.
  beforeEach(async () => {
    await emulator.control.reset();
  });
  const published = () => emulator.apps[0]!.leaderboards.filter((board) => board.published);

  it('leaderboards.list with items(id,name) keeps those two fields of every board', async () => {
    const { games } = await signIn(emulator, await emulator.control.createPlayer());
    const whole = await games.leaderboards.list({});
    const { data, status } = await games.leaderboards.list({ fields: 'items(id,name)' });
    expect(status).toBe(200);
    expect(data).toEqual({ items: whole.data.items!.map(({ id, name }) => ({ id, name })) });
    expect(data.items!.map((board) => board.id)).toEqual(published().map((board) => board.id));
  });

  it('scores.list with items(player/displayName,scoreValue) keeps each entry’s player name and score', async () => {
    const board = published().find((candidate) => candidate.order === 'LARGER_IS_BETTER' && candidate.scoreMin === undefined)!;
    const ada = await signIn(emulator, await emulator.control.createPlayer({ displayName: 'Ada' }));
    const bob = await signIn(emulator, await emulator.control.createPlayer({ displayName: 'Bob' }));
    await ada.games.scores.submit({ leaderboardId: board.id, score: '700' });
    await bob.games.scores.submit({ leaderboardId: board.id, score: '900' });
    const { data } = await ada.games.scores.list({ leaderboardId: board.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', fields: 'items(player/displayName,scoreValue)' });
    expect(data).toEqual({
      items: [
        { player: { displayName: 'Bob' }, scoreValue: '900' },
        { player: { displayName: 'Ada' }, scoreValue: '700' },
      ],
    });
  });

  it('a field the answer does not have is Google’s 400 naming it, and a submit with one records nothing', async () => {
    const board = published()[0]!;
    const player = await emulator.control.createPlayer();
    const { games } = await signIn(emulator, player);
    const list = await expectGoogleError(games.leaderboards.list({ fields: 'items(id,title)' }), 400, 'invalidParameter');
    expect(list.response?.data.error.message).toBe('Invalid field selection title');
    // A leaderboard entry's score is `scoreValue`; `score` is a field of PlayerScore.
    const scores = await expectGoogleError(games.scores.list({ leaderboardId: board.id, collection: 'PUBLIC', timeSpan: 'ALL_TIME', fields: 'items(player/displayName,score)' }), 400, 'invalidParameter');
    expect(scores.response?.data.error.message).toBe('Invalid field selection score');
    await expectGoogleError(games.scores.submit({ leaderboardId: board.id, score: '5', fields: 'items' }), 400, 'invalidParameter');
    expect((await emulator.control.player(player.playerId)).scores[emulator.apps[0]!.applicationId]).toEqual([]);
  });
});
