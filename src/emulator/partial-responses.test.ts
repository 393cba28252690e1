import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { ACH, DEMO_APP, DEVELOPER, LB, REGULAR, TESTER, api, call, groundTruth, progressOf, signIn, startEmulator } from './test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let token: string;
beforeEach(async () => {
  emulator.state.reset();
  token = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
});

const invalidSelection = (rest: string) => {
  const message = `Invalid field selection ${rest}`;
  return {
    error: {
      code: 400,
      message,
      errors: [{ message, domain: 'global', reason: 'invalidParameter', location: 'fields', locationType: 'parameter' }],
      status: 'INVALID_ARGUMENT',
    },
  };
};

describe('partial responses (fields)', () => {
  it('players.get(me, fields=playerId) answers the player ID alone', async () => {
    const reply = await api(emulator.app, 'GET', '/games/v1/players/me?fields=playerId', token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ playerId: TESTER.playerId });
  });

  it('takes sub-selections, paths and $fields', async () => {
    const name = await api(emulator.app, 'GET', `/games/v1/players/me?fields=${encodeURIComponent('name/givenName,experienceInfo(currentLevel(level))')}`, token);
    expect(name.body).toEqual({ name: { givenName: 'Taylor' }, experienceInfo: { currentLevel: { level: 1 } } });
    const dollar = await api(emulator.app, 'GET', '/games/v1/players/me?%24fields=displayName', token);
    expect(dollar.body).toEqual({ displayName: TESTER.displayName });
  });

  it('filters every item of a list', async () => {
    const reply = await api(emulator.app, 'GET', `/games/v1/players/me/achievements?maxResults=2&fields=${encodeURIComponent('nextPageToken,items(id,achievementState)')}`, token);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['items', 'nextPageToken']);
    expect(reply.body.items).toHaveLength(2);
    for (const item of reply.body.items) expect(Object.keys(item).sort()).toEqual(['achievementState', 'id']);
  });

  it('applies to a write’s answer, and the write happens', async () => {
    const reply = await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=2&fields=currentSteps`, token);
    expect(reply.body).toEqual({ currentSteps: 2 });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 2 });
  });

  it('applies to the Management API', async () => {
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.standard.id}/unlock`, token);
    const reply = await api(emulator.app, 'POST', '/games/v1management/achievements/reset?fields=kind', token);
    expect(reply.body).toEqual({ kind: 'gamesManagement#achievementResetAllResponse' });
  });

  it('reads fields from a form body, where a POST may carry its parameters', async () => {
    const response = await emulator.app.inject({
      method: 'POST',
      url: `/games/v1/achievements/${ACH.incremental.id}/increment`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'stepsToIncrement=1&fields=newlyUnlocked',
    });
    expect(response.json()).toEqual({ newlyUnlocked: false });
  });

  it('answers a mask that does not parse with Google’s 400 before the method runs: nothing is applied', async () => {
    const reply = await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=2&fields=${encodeURIComponent('items(id')}`, token);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(invalidSelection('items(id'));
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });
  });

  it('answers 400 naming a field the answer’s schema lacks, before the method runs', async () => {
    const list = await api(emulator.app, 'GET', `/games/v1/players/me/achievements?fields=${encodeURIComponent('pagetoken,items(id)')}`, token);
    expect(list).toMatchObject({ status: 400, body: invalidSelection('pagetoken') });
    const write = await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=2&fields=items`, token);
    expect(write).toMatchObject({ status: 400, body: invalidSelection('items') });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });
    // A field in the schema that this answer does not carry is no error: it is simply absent.
    const absent = await api(emulator.app, 'GET', '/games/v1/players/me?fields=originalPlayerId,playerId', token);
    expect(absent.body).toEqual({ playerId: TESTER.playerId });
  });

  it('leaves errors whole', async () => {
    const reply = await api(emulator.app, 'GET', '/games/v1/players/nobody?fields=playerId', token);
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });

  it('ignores an empty mask, and leaves the control API and OAuth endpoints alone', async () => {
    const empty = await api(emulator.app, 'GET', '/games/v1/players/me?fields=', token);
    expect(empty.body).toMatchObject({ kind: 'games#player', playerId: TESTER.playerId });
    const control = await call(emulator.app, 'GET', '/emulator/v1/clock?fields=now');
    expect(Object.keys(control.body).sort()).toEqual(['nextDailyReset', 'nextWeeklyReset', 'now', 'offsetSeconds']);
  });
});

describe('partial responses on leaderboards and scores', () => {
  const masked = (url: string, mask: string, as = token) => api(emulator.app, 'GET', `${url}${url.includes('?') ? '&' : '?'}fields=${encodeURIComponent(mask)}`, as);
  const submit = (as: string, boardId: string, score: number, query = '') => api(emulator.app, 'POST', `/games/v1/leaderboards/${boardId}/scores?score=${score}${query}`, as);

  it('leaderboards.list with items(id,name) keeps those two fields of every board', async () => {
    const whole = await api(emulator.app, 'GET', '/games/v1/leaderboards', token);
    const reply = await masked('/games/v1/leaderboards', 'items(id,name)');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ items: whole.body.items.map(({ id, name }: { id: string; name: string }) => ({ id, name })) });
    // The tester sees the draft too.
    expect(reply.body.items.map((board: { id: string }) => board.id)).toEqual(DEMO_APP.leaderboards!.map((board) => board.id));
  });

  it('scores.list with items(player/displayName,scoreValue) keeps a player’s name and score per entry', async () => {
    const regular = (await signIn(emulator.app, { playerId: REGULAR.playerId })).access_token;
    await submit(regular, LB.high.id, 900);
    await submit(token, LB.high.id, 1200);
    const reply = await masked(`/games/v1/leaderboards/${LB.high.id}/scores/PUBLIC?timeSpan=ALL_TIME`, 'numScores,items(player/displayName,scoreValue)');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      numScores: '2',
      items: [
        { player: { displayName: TESTER.displayName }, scoreValue: '1200' },
        { player: { displayName: REGULAR.displayName }, scoreValue: '900' },
      ],
    });
  });

  it('scores.get, listWindow and submitMultiple take masks of their own answers', async () => {
    await submit(token, LB.high.id, 1200);
    const own = await masked(`/games/v1/players/me/leaderboards/${LB.high.id}/scores/ALL_TIME?includeRankType=PUBLIC`, 'items(scoreValue,publicRank/rank),player/playerId');
    expect(own.body).toEqual({ items: [{ scoreValue: '1200', publicRank: { rank: '1' } }], player: { playerId: TESTER.playerId } });
    const around = await masked(`/games/v1/leaderboards/${LB.high.id}/window/PUBLIC?timeSpan=DAILY`, 'playerScore(scoreRank,formattedScore)');
    expect(around.body).toEqual({ playerScore: { scoreRank: '1', formattedScore: '1200 points' } });
    const multiple = await api(emulator.app, 'POST', '/games/v1/leaderboards/scores?fields=submittedScores/beatenScoreTimeSpans', token, { scores: [{ leaderboardId: LB.high.id, score: '1300' }] });
    expect(multiple.body).toEqual({ submittedScores: [{ beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'] }] });
  });

  it('answers 400 naming a field the answer’s schema lacks, and a submit with one records nothing', async () => {
    expect(await masked('/games/v1/leaderboards', 'items(id,title)')).toMatchObject({ status: 400, body: invalidSelection('title') });
    // `score` is a field of PlayerScore; a leaderboard entry calls it scoreValue.
    const list = await masked(`/games/v1/leaderboards/${LB.high.id}/scores/PUBLIC?timeSpan=ALL_TIME`, 'items(player/displayName,score)');
    expect(list).toMatchObject({ status: 400, body: invalidSelection('score') });
    const write = await submit(token, LB.high.id, 1200, '&fields=items');
    expect(write).toMatchObject({ status: 400, body: invalidSelection('items') });
    expect((await groundTruth(emulator.app, TESTER.playerId)).scores[DEMO_APP.applicationId]).toEqual([]);
  });

  it('checks a Management answer against the Management API’s own, smaller Player', async () => {
    const developer = (await signIn(emulator.app, { playerId: DEVELOPER.playerId })).access_token;
    const hidden = `/games/v1management/applications/${DEMO_APP.applicationId}/players/hidden`;
    expect((await api(emulator.app, 'POST', `${hidden}/${REGULAR.playerId}`, developer)).status).toBe(204);
    const list = await masked(hidden, 'items(hiddenTimeMillis,player/displayName)', developer);
    expect(list.body).toEqual({ items: [{ hiddenTimeMillis: expect.stringMatching(/^[0-9]+$/), player: { displayName: REGULAR.displayName } }] });
    // The Games API's Player has friendStatus; the Management API's has not.
    expect(await masked(hidden, 'items/player/friendStatus', developer)).toMatchObject({ status: 400, body: invalidSelection('friendStatus') });
    const reset = await api(emulator.app, 'POST', '/games/v1management/scores/reset?fields=results/resetScoreTimeSpans', token);
    expect(reset.body).toEqual({ results: DEMO_APP.leaderboards!.map(() => ({ resetScoreTimeSpans: [] })) });
  });
});
