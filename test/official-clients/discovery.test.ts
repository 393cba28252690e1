/**
 * googleapis' discovery client (googleapis-common's `Discovery`, which `google.discoverAPI(url)`
 * runs) builds a client from the emulator's own discovery documents (as
 * google-api-python-client's `build()` does), and that client then calls the emulator: the documents' rootUrl points back at it, and their methods and parameters are
 * enough to make the calls.
 */
import { Discovery } from 'googleapis-common';
import type { GlobalOptions } from 'googleapis-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The methods a discovered client has: googleapis builds them as untyped functions. */
type Method = (params: Record<string, unknown>) => Promise<{ status: number; data: Record<string, unknown>; config: { url: string | URL } }>;
type Discovered = Record<string, Record<string, Method>>;

async function discover(url: string, auth: unknown): Promise<Discovered> {
  const createEndpoint = await new Discovery({}).discoverAPI(url);
  // googleapis-common types its own copy of google-auth-library; the client is the same at run time.
  return createEndpoint({ auth: auth as GlobalOptions['auth'] }, {});
}

describe('googleapis discovery (google.discoverAPI)', () => {
  it('builds a games v1 client that reads and writes at the emulator', async () => {
    const player = await emulator.control.createPlayer();
    const { auth } = await signIn(emulator, player);
    const games = await discover(`${emulator.baseUrl}/discovery/v1/apis/games/v1/rest`, auth);

    const me = await games.players!.get!({ playerId: 'me' });
    expect(me.status).toBe(200);
    expect(String(me.config.url)).toBe(`${emulator.baseUrl}/games/v1/players/me`);
    expect(me.data).toMatchObject({ kind: 'games#player', playerId: player.playerId });

    const increment = await games.achievements!.increment!({ achievementId: seed.incremental.id, stepsToIncrement: 2, requestId: '77' });
    expect(increment.data).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 2, newlyUnlocked: false });
    const list = await games.achievements!.list!({ playerId: 'me', fields: 'items(id,currentSteps)' });
    expect((list.data.items as Array<{ id: string }>).find((item) => item.id === seed.incremental.id)).toEqual({ id: seed.incremental.id, currentSteps: 2 });
    const multiple = await games.achievements!.updateMultiple!({ requestBody: { updates: [{ achievementId: seed.standard[0].id, updateType: 'UNLOCK' }] } });
    expect(multiple.data).toMatchObject({ kind: 'games#achievementUpdateMultipleResponse', updatedAchievements: [{ achievementId: seed.standard[0].id, newlyUnlocked: true }] });
  });

  it('builds a games v1 client whose leaderboards.list and scores.submit work, fields included', async () => {
    const player = await emulator.control.createPlayer();
    const { auth } = await signIn(emulator, player);
    const games = await discover(`${emulator.baseUrl}/discovery/v1/apis/games/v1/rest`, auth);
    const published = emulator.apps[0]!.leaderboards.filter((board) => board.published);
    const board = published.find((candidate) => candidate.order === 'LARGER_IS_BETTER' && candidate.scoreMin === undefined)!;

    const boards = await games.leaderboards!.list!({ fields: 'kind,items(id,order)' });
    expect(boards.status).toBe(200);
    expect(String(boards.config.url)).toMatch(new RegExp(`^${emulator.baseUrl}/games/v1/leaderboards\\?`));
    expect(boards.data).toEqual({ kind: 'games#leaderboardListResponse', items: published.map((b) => ({ id: b.id, order: b.order })) });

    const submitted = await games.scores!.submit!({ leaderboardId: board.id, score: '4200', scoreTag: 'discovered' });
    expect(submitted.data).toEqual({
      kind: 'games#playerScoreResponse',
      leaderboardId: board.id,
      formattedScore: expect.any(String),
      scoreTag: 'discovered',
      beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'],
      unbeatenScores: [],
    });
    const truth = await emulator.control.player(player.playerId);
    expect(truth.scores[emulator.apps[0]!.applicationId]).toContainEqual({ leaderboardId: board.id, timeSpan: 'ALL_TIME', score: 4200, scoreTag: 'discovered' });
    // Its required parameters come from the document too.
    await expect(games.scores!.submit!({ leaderboardId: board.id })).rejects.toThrow(/Missing required parameters: score/);
  });

  it('checks the required parameters its document names before calling', async () => {
    const { auth } = await signIn(emulator, await emulator.control.createPlayer());
    const games = await discover(`${emulator.baseUrl}/discovery/v1/apis/games/v1/rest`, auth);
    await expect(games.achievements!.increment!({ achievementId: seed.incremental.id })).rejects.toThrow(/Missing required parameters: stepsToIncrement/);
  });

  it('builds a gamesManagement client from the per-host $discovery URL, and its errors are the emulator’s', async () => {
    const { auth } = await signIn(emulator, await emulator.control.createPlayer({ tester: true }));
    const management = await discover(`${emulator.baseUrl}/$discovery/rest?version=v1management`, auth);
    const reset = await management.achievements!.resetAll!({});
    expect(reset.data).toMatchObject({ kind: 'gamesManagement#achievementResetAllResponse' });
    await expectGoogleError(management.achievements!.reset!({ achievementId: 'no-such-achievement' }), 404, 'notFound');
  });

  it('builds a gamesConfiguration client whose writes reach the Games API', async () => {
    const { auth } = await signIn(emulator, await emulator.control.createPlayer({ developer: true, tester: true }));
    const configuration = await discover(`${emulator.baseUrl}/discovery/v1/apis/gamesConfiguration/v1configuration/rest`, auth);
    const applicationId = emulator.apps[0]!.applicationId;
    const inserted = await configuration.leaderboardConfigurations!.insert!({
      applicationId,
      requestBody: { scoreOrder: 'LARGER_IS_BETTER', draft: { name: { translations: [{ locale: 'en-US', value: 'Discovered Board' }] } } },
    });
    expect(String(inserted.config.url)).toBe(`${emulator.baseUrl}/games/v1configuration/applications/${applicationId}/leaderboards`);
    const id = inserted.data.id as string;
    const listed = await configuration.leaderboardConfigurations!.list!({ applicationId, fields: 'items(id)' });
    expect(listed.data.items).toContainEqual({ id });
    const games = await discover(`${emulator.baseUrl}/discovery/v1/apis/games/v1/rest`, auth);
    expect((await games.leaderboards!.get!({ leaderboardId: id })).data).toMatchObject({ id, name: 'Discovered Board' });
    expect((await configuration.leaderboardConfigurations!.delete!({ leaderboardId: id })).status).toBe(204);
  });
});
