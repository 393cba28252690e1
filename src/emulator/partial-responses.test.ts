import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from './create-emulator.js';
import { ACH, TESTER, api, call, progressOf, signIn, startEmulator } from './test-support/harness.js';

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
    expect(Object.keys(control.body).sort()).toEqual(['now', 'offsetSeconds']);
  });
});
