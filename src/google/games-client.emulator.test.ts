/**
 * GamesClient and ManagementClient against the emulator over a real socket: every call's happy
 * path checked against the emulator's ground truth, and the error mappings and retry rules with
 * real emulator answers and faults, `after: true` faults above all (the answer is lost after the
 * write was applied: only an idempotent retry keeps the count right).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleApiError, GoogleUnavailableError } from './errors.js';
import { GamesClient } from './games-client.js';
import { HttpClient, type CallInfo, type HttpClientOptions } from './http.js';
import { ManagementClient } from './management-client.js';
import { OAuthClient } from './oauth-client.js';
import { newRequestId } from './request-id.js';
import type { ControlApplication } from '../emulator/index.js';
import { demoAchievements, startEmulator, type RunningEmulator } from './test-support/emulator.js';

let emulator: RunningEmulator;
let game: ControlApplication;
let otherGame: ControlApplication;
let demo: ReturnType<typeof demoAchievements>;

beforeAll(async () => {
  emulator = await startEmulator();
  [game, otherGame] = emulator.apps as [ControlApplication, ControlApplication];
  demo = demoAchievements(game);
});
afterAll(() => emulator.close());
afterEach(() => emulator.control.clearFaults());

function clients(options: HttpClientOptions = {}) {
  const calls: CallInfo[] = [];
  const sleeps: number[] = [];
  const http = new HttpClient({
    onCall: (info) => calls.push(info),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return {
    games: new GamesClient({ endpoints: emulator.endpoints, http }),
    management: new ManagementClient({ endpoints: emulator.endpoints, http }),
    calls,
    sleeps,
  };
}

/** A new player signed in to the demo game: their ID and a Games API access token. */
async function signIn(input: { tester?: boolean; app?: ControlApplication } = {}): Promise<{ playerId: string; token: string }> {
  const app = input.app ?? game;
  const player = await emulator.control.createPlayer({ displayName: 'Client Test', tester: input.tester ?? false });
  const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: app.webClientId });
  const oauth = new OAuthClient({ clientId: app.webClientId, clientSecret: app.webClientSecret, endpoints: emulator.endpoints });
  return { playerId: player.playerId, token: (await oauth.exchangeCode(serverAuthCode)).access_token };
}

async function truthOf(playerId: string, achievementId: string) {
  const truth = await emulator.control.player(playerId);
  return truth.achievements[game.applicationId]?.find((a) => a.id === achievementId);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('players and applications', () => {
  it('players.get(me), scopedIds and applications.verify name the signed-in player', async () => {
    const { playerId, token } = await signIn();
    const { games } = clients();

    const [player, scoped, verification] = await Promise.all([
      games.getPlayer(token, 'me', { language: 'en-US' }),
      games.getScopedPlayerIds(token),
      games.verifyApplication(token, game.applicationId),
    ]);

    expect(player).toMatchObject({ kind: 'games#player', playerId, displayName: 'Client Test' });
    expect(scoped).toEqual({ gamePlayerId: expect.any(String), developerPlayerKey: expect.any(String) });
    if (player.gamePlayerId !== undefined) expect(scoped.gamePlayerId).toBe(player.gamePlayerId);
    expect(verification).toMatchObject({ kind: 'games#applicationVerifyResponse', player_id: playerId });
  });

  it('applications.verify of another game is a 403 GoogleApiError, not retried', async () => {
    const { token } = await signIn();
    const { games, calls } = clients();

    const error = await rejection(games.verifyApplication(token, otherGame.applicationId));

    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ status: 403, googleStatus: 'PERMISSION_DENIED', reason: 'forbidden', operation: 'games.applications.verify' });
    expect(calls).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain(token);
    expect(String(error)).not.toContain(token);
  });

  it('applications.verify of an unknown application is a 404 notFound', async () => {
    const { token } = await signIn();
    const error = await rejection(clients().games.verifyApplication(token, '999999999999'));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_API', status: 404, googleStatus: 'NOT_FOUND', reason: 'notFound' });
  });

  it('an expired access token is a 401 authError, not retried, token-free', async () => {
    const { token } = await signIn();
    await emulator.control.advanceClock(3_700);
    const { games, calls } = clients();

    const error = await rejection(games.getPlayer(token));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_API', status: 401, googleStatus: 'UNAUTHENTICATED', reason: 'authError' });
    expect(calls).toHaveLength(1);
    expect(String(error)).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
  });

  it('a token whose grant the player revoked is a 401', async () => {
    const { playerId, token } = await signIn();
    await emulator.control.revokeGrants(playerId);
    expect(await rejection(clients().games.getPlayer(token))).toMatchObject({ status: 401, reason: 'authError' });
  });
});

describe('reads: retries on real faults', () => {
  it('retries a GET whose first answer is a 503, then a dropped connection', async () => {
    const { token } = await signIn();
    await emulator.control.addFault({ path: '/games/v1/players/me', status: 503, times: 1 });
    await emulator.control.addFault({ path: '/games/v1/players/me', dropConnection: true, times: 1 });
    const { games, calls } = clients();

    await expect(games.getPlayer(token)).resolves.toMatchObject({ kind: 'games#player' });

    expect(calls.map((c) => [c.operation, c.status, c.attempt])).toEqual([
      ['games.players.get', 503, 1],
      ['games.players.get', 'network', 2],
      ['games.players.get', 200, 3],
    ]);
  });

  it('times out a slow answer and retries it within the deadline', async () => {
    const { token } = await signIn();
    // Margins for a loaded CI machine: the healthy retry takes a few ms of its 400.
    await emulator.control.addFault({ path: '/games/v1/players/me', delayMs: 1_500, times: 1 });
    const { games, calls } = clients({ timeoutMs: 400 });

    await expect(games.getPlayer(token)).resolves.toMatchObject({ kind: 'games#player' });

    expect(calls.map((c) => c.status)).toEqual(['timeout', 200]);
  });

  it('gives up at the overall deadline when Google stays slow', async () => {
    const { token } = await signIn();
    await emulator.control.addFault({ path: '/games/v1/players/me', delayMs: 2_000 });
    const { games } = clients({ timeoutMs: 100, deadlineMs: 250 });
    const started = performance.now();

    const error = await rejection(games.getPlayer(token));

    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('honours Retry-After on a 429 and reports it when Google keeps refusing', async () => {
    const { token } = await signIn();
    await emulator.control.addFault({ path: '/games/v1/achievements', method: 'GET', status: 429, retryAfterSeconds: 3 });
    const { games, sleeps, calls } = clients();

    const error = await rejection(games.listAchievementDefinitions(token));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'http', status: 429, googleStatus: 'RESOURCE_EXHAUSTED', retryAfterMs: 3_000, attempts: 3 });
    expect(sleeps.every((ms) => ms >= 3_000)).toBe(true);
    expect(calls.map((c) => c.status)).toEqual([429, 429, 429]);
  });
});

describe('achievement definitions and player achievements', () => {
  it('lists every published definition, page by page', async () => {
    const { token } = await signIn();
    const { games, calls } = clients();

    const all = await games.listAllAchievementDefinitions(token, { maxResults: 2 });

    const published = game.achievements.filter((a) => a.published).map((a) => a.id);
    expect(all.map((d) => d.id).sort()).toEqual([...published].sort());
    expect(calls.length).toBe(Math.ceil(published.length / 2));
    expect(all.every((d) => d.kind === 'games#achievementDefinition')).toBe(true);
  });

  it('shows drafts to testers', async () => {
    const { token } = await signIn({ tester: true });
    const all = await clients().games.listAllAchievementDefinitions(token);
    expect(all.map((d) => d.id)).toContain(demo.draft.id);
  });

  it('lists a player’s achievements, filtered by state', async () => {
    const { token } = await signIn();
    const { games } = clients();
    await games.unlock(token, demo.standard[0].id);

    const all = await games.listAllPlayerAchievements(token, 'me', { maxResults: 3 });
    const unlocked = await games.listAllPlayerAchievements(token, 'me', { state: 'UNLOCKED' });

    expect(all.find((a) => a.id === demo.standard[0].id)).toMatchObject({ achievementState: 'UNLOCKED' });
    expect(unlocked.map((a) => a.id)).toEqual([demo.standard[0].id]);
  });
});

describe('achievement writes', () => {
  it('unlock: newly unlocked once, Google’s ground truth UNLOCKED', async () => {
    const { playerId, token } = await signIn();
    const { games } = clients();

    expect(await games.unlock(token, demo.standard[0].id)).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: true });
    expect(await games.unlock(token, demo.standard[0].id)).toEqual({ kind: 'games#achievementUnlockResponse', newlyUnlocked: false });
    expect(await truthOf(playerId, demo.standard[0].id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('unlock is retried when its answer is lost after it was applied', async () => {
    const { playerId, token } = await signIn();
    await emulator.control.addFault({ path: `/games/v1/achievements/${demo.standard[1].id}/unlock`, status: 503, after: true, times: 1 });
    const { games, calls } = clients();

    await games.unlock(token, demo.standard[1].id);

    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(await truthOf(playerId, demo.standard[1].id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('increment with a requestId: retried after a lost answer, applied exactly once', async () => {
    const { playerId, token } = await signIn();
    const id = demo.incremental.id;
    await emulator.control.addFault({ path: `/games/v1/achievements/${id}/increment`, status: 503, after: true, times: 1 });
    const { games, calls } = clients();

    const result = await games.increment(token, id, 2, newRequestId());

    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(result).toEqual({ kind: 'games#achievementIncrementResponse', currentSteps: 2, newlyUnlocked: false });
    expect(await truthOf(playerId, id)).toMatchObject({ currentSteps: 2 });
  });

  it('increment without a requestId: one attempt, outcome unknown to the caller, applied once', async () => {
    const { playerId, token } = await signIn();
    const id = demo.incremental.id;
    await emulator.control.addFault({ path: `/games/v1/achievements/${id}/increment`, status: 503, after: true, times: 1 });
    const { games, calls } = clients();

    const error = await rejection(games.increment(token, id, 1));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', status: 503, attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(await truthOf(playerId, id)).toMatchObject({ currentSteps: 1 });
  });

  it('increments to the total unlock the achievement', async () => {
    const { playerId, token } = await signIn();
    const { games } = clients();
    const total = demo.incremental.totalSteps ?? 0;

    const first = await games.increment(token, demo.incremental.id, total - 1, newRequestId());
    const last = await games.increment(token, demo.incremental.id, 1, newRequestId());

    expect(first).toMatchObject({ currentSteps: total - 1, newlyUnlocked: false });
    expect(last).toMatchObject({ currentSteps: total, newlyUnlocked: true });
    expect(await truthOf(playerId, demo.incremental.id)).toMatchObject({ achievementState: 'UNLOCKED', currentSteps: total });
  });

  it('reveal: a hidden achievement becomes REVEALED', async () => {
    const { playerId, token } = await signIn();
    expect(await clients().games.reveal(token, demo.hidden.id)).toEqual({ kind: 'games#achievementRevealResponse', currentState: 'REVEALED' });
    expect(await truthOf(playerId, demo.hidden.id)).toMatchObject({ achievementState: 'REVEALED' });
  });

  it('setStepsAtLeast: raises, never lowers, retried through a 429', async () => {
    const { playerId, token } = await signIn();
    const id = demo.incremental.id;
    await emulator.control.addFault({ path: `/games/v1/achievements/${id}/setStepsAtLeast`, status: 429, retryAfterSeconds: 1, times: 1 });
    const { games, calls, sleeps } = clients();

    expect(await games.setStepsAtLeast(token, id, 3)).toMatchObject({ currentSteps: 3, newlyUnlocked: false });
    expect(await games.setStepsAtLeast(token, id, 2)).toMatchObject({ currentSteps: 3 });

    expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1_000);
    expect(await truthOf(playerId, id)).toMatchObject({ currentSteps: 3 });
  });

  it('an unknown achievement is a 404 notFound GoogleApiError', async () => {
    const { token } = await signIn();
    const error = await rejection(clients().games.unlock(token, 'no-such-achievement'));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_API', status: 404, googleStatus: 'NOT_FOUND', reason: 'notFound' });
  });

  it('updateMultiple applies a batch; retried after a lost answer when every increment has a requestId', async () => {
    const { playerId, token } = await signIn();
    await emulator.control.addFault({ path: '/games/v1/achievements/updateMultiple', status: 503, after: true, times: 1 });
    const { games, calls } = clients();

    const result = await games.updateMultiple(token, [
      { achievementId: demo.standard[0].id, updateType: 'UNLOCK' },
      { achievementId: demo.hidden.id, updateType: 'REVEAL' },
      { achievementId: demo.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: 2, requestId: newRequestId() } },
    ]);

    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(result.kind).toBe('games#achievementUpdateMultipleResponse');
    expect(result.updatedAchievements.map((u) => u.achievementId)).toEqual([demo.standard[0].id, demo.hidden.id, demo.incremental.id]);
    expect(await truthOf(playerId, demo.standard[0].id)).toMatchObject({ achievementState: 'UNLOCKED' });
    expect(await truthOf(playerId, demo.hidden.id)).toMatchObject({ achievementState: 'REVEALED' });
    expect(await truthOf(playerId, demo.incremental.id)).toMatchObject({ currentSteps: 2 });
  });

  it('updateMultiple with an increment lacking a requestId is sent once', async () => {
    const { playerId, token } = await signIn();
    await emulator.control.addFault({ path: '/games/v1/achievements/updateMultiple', status: 503, after: true, times: 1 });
    const { games, calls } = clients();

    const error = await rejection(
      games.updateMultiple(token, [{ achievementId: demo.incremental.id, updateType: 'INCREMENT', incrementPayload: { steps: 1 } }]),
    );

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(await truthOf(playerId, demo.incremental.id)).toMatchObject({ currentSteps: 1 });
  });
});

describe('management resets', () => {
  it('a tester resets one achievement and then all of them', async () => {
    const { playerId, token } = await signIn({ tester: true });
    const { games, management } = clients();
    await games.unlock(token, demo.standard[0].id);
    await games.increment(token, demo.incremental.id, 2, newRequestId());

    const one = await management.resetAchievement(token, demo.standard[0].id);
    expect(one).toMatchObject({ kind: 'gamesManagement#achievementResetResponse', definitionId: demo.standard[0].id, updateOccurred: true });
    expect(await truthOf(playerId, demo.standard[0].id)).toMatchObject({ achievementState: 'REVEALED' });

    const all = await management.resetAllAchievements(token);
    expect(all.kind).toBe('gamesManagement#achievementResetAllResponse');
    expect(all.results.map((r) => r.definitionId)).toContain(demo.incremental.id);
    expect((await truthOf(playerId, demo.incremental.id))?.currentSteps ?? 0).toBe(0);
  });

  it('a non-tester gets a 403 GoogleApiError, not retried', async () => {
    const { token } = await signIn();
    const { management, calls } = clients();

    const error = await rejection(management.resetAllAchievements(token));

    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ status: 403, reason: 'forbidden', operation: 'gamesManagement.achievements.resetAll' });
    expect(calls).toHaveLength(1);
  });

  it('a reset is retried through a 503', async () => {
    const { token } = await signIn({ tester: true });
    await emulator.control.addFault({ path: '/games/v1management/achievements/reset', status: 503, times: 1 });
    const { management, calls } = clients();
    await expect(management.resetAllAchievements(token)).resolves.toMatchObject({ kind: 'gamesManagement#achievementResetAllResponse' });
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
  });
});

describe('leaderboards and scores', () => {
  /** The demo game's published LARGER_IS_BETTER board without limits, and its SMALLER_IS_BETTER one. */
  const boards = () => {
    const larger = game.leaderboards.find((b) => b.published && b.order === 'LARGER_IS_BETTER' && b.scoreMax === undefined)!;
    const smaller = game.leaderboards.find((b) => b.published && b.order === 'SMALLER_IS_BETTER')!;
    return { larger, smaller };
  };
  const bestsOf = async (playerId: string) => (await emulator.control.player(playerId)).scores[game.applicationId]!;

  it('lists and gets the game’s published leaderboards', async () => {
    const { token } = await signIn();
    const { games } = clients();
    const all = await games.listAllLeaderboards(token, { maxResults: 1 });
    expect(all.map((b) => b.id)).toEqual(game.leaderboards.filter((b) => b.published).map((b) => b.id));
    expect(await games.getLeaderboard(token, boards().smaller.id)).toMatchObject({ kind: 'games#leaderboard', id: boards().smaller.id, order: 'SMALLER_IS_BETTER' });
    const draft = await rejection(games.getLeaderboard(token, game.leaderboards.find((b) => !b.published)!.id));
    expect(draft).toBeInstanceOf(GoogleApiError);
    expect((draft as GoogleApiError).status).toBe(404);
  });

  it('submits, reads back and ranks scores among friends', async () => {
    const me = await signIn();
    const friend = await signIn();
    await emulator.control.addFriend(me.playerId, friend.playerId);
    const { games } = clients();
    const { larger } = boards();

    const first = await games.submitScore(me.token, larger.id, 1234n, { scoreTag: 'lvl-2' });
    expect(first).toMatchObject({ kind: 'games#playerScoreResponse', leaderboardId: larger.id, scoreTag: 'lvl-2', beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'] });
    const batch = await games.submitScores(friend.token, [{ leaderboardId: larger.id, score: 2000 }, { leaderboardId: larger.id, score: '10' }]);
    expect(batch.submittedScores.map((s) => s.beatenScoreTimeSpans.length)).toEqual([3, 0]);

    const mine = await games.getPlayerScores(me.token, larger.id, 'ALL', 'me', { includeRankType: 'FRIENDS' });
    expect(mine.items.map((s) => [s.timeSpan, s.scoreValue, s.friendsRank?.rank])).toEqual([
      ['ALL_TIME', '1234', '2'],
      ['WEEKLY', '1234', '2'],
      ['DAILY', '1234', '2'],
    ]);
    const friends = await games.listScores(me.token, larger.id, 'FRIENDS', 'ALL_TIME');
    expect(friends.items.map((e) => [e.player.playerId, e.scoreRank])).toEqual([
      [friend.playerId, '1'],
      [me.playerId, '2'],
    ]);
    const window = await games.listScoresWindow(me.token, larger.id, 'FRIENDS', 'DAILY', { maxResults: 1, resultsAbove: 0 });
    expect(window.items.map((e) => e.player.playerId)).toEqual([me.playerId]);
    expect(window.prevPageToken).toEqual(expect.any(String));
    expect((await bestsOf(me.playerId)).map((s) => s.score)).toEqual([1234, 1234, 1234]);
  });

  it('a submission whose answer was lost is retried and counts once', async () => {
    const { playerId, token } = await signIn();
    const { smaller } = boards();
    await emulator.control.addFault({ path: `/games/v1/leaderboards/${smaller.id}/scores`, method: 'POST', status: 503, after: true, times: 1 });
    const { games, calls } = clients();

    const result = await games.submitScore(token, smaller.id, 61000);

    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    // The retry finds its own score standing: nothing beaten, the best unchanged.
    expect(result.beatenScoreTimeSpans).toEqual([]);
    expect((await bestsOf(playerId)).map((s) => [s.timeSpan, s.score])).toEqual([
      ['ALL_TIME', 61000],
      ['WEEKLY', 61000],
      ['DAILY', 61000],
    ]);
  });

  it('a tester resets their scores on one board, then on all of them; a regular player is refused', async () => {
    const { larger, smaller } = boards();
    const { games, management } = clients();
    const tester = await signIn({ tester: true });
    await games.submitScore(tester.token, larger.id, 5);
    await games.submitScore(tester.token, smaller.id, 5);
    expect(await management.resetScores(tester.token, larger.id)).toEqual({
      kind: 'gamesManagement#playerScoreResetResponse',
      definitionId: larger.id,
      resetScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'],
    });
    const all = await management.resetAllScores(tester.token);
    expect(all.results.find((r) => r.definitionId === smaller.id)?.resetScoreTimeSpans).toEqual(['ALL_TIME', 'WEEKLY', 'DAILY']);
    expect(await bestsOf(tester.playerId)).toEqual([]);
    const regular = await signIn();
    expect(await rejection(management.resetAllScores(regular.token))).toMatchObject({ status: 403, reason: 'forbidden', operation: 'gamesManagement.scores.resetAll' });
  });

  it('maps Google’s 404 for an unknown leaderboard to a GoogleApiError', async () => {
    const { token } = await signIn();
    const { games } = clients();
    const unknown = await rejection(games.submitScore(token, 'CgkIunknown', 1));
    expect(unknown).toBeInstanceOf(GoogleApiError);
    expect([(unknown as GoogleApiError).status, (unknown as GoogleApiError).reason]).toEqual([404, 'notFound']);
  });
});
