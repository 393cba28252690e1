import { Type } from 'typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../create-emulator.js';
import { routeConfig } from '../request-context.js';
import { ACH, DEMO_APP, TESTER, api, call, postForm, progressOf, signIn, startEmulator, type Reply } from '../test-support/harness.js';
import { SYSTEM_PARAMETERS } from './query-parameters.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});

let tester: string;
beforeEach(async () => {
  emulator.state.reset();
  tester = (await signIn(emulator.app, { playerId: TESTER.playerId })).access_token;
});

const unknownName = (name: string, field = name) => {
  const message = `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}: Cannot bind query parameter. Field '${field}' could not be found in request message.`;
  return {
    error: {
      code: 400,
      message,
      errors: [{ message, domain: 'global', reason: 'invalid' }],
      status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ description: message }] }],
    },
  };
};

const increment = (query: string) => api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/increment?${query}`, tester);

describe('unknown query parameters on the Games and Management APIs', () => {
  it('increment with a misspelt requestID answers 400 naming it and counts nothing (it was ignored, so a retry counted twice)', async () => {
    const reply = await increment('stepsToIncrement=1&requestID=5');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(unknownName('requestID'));
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).toMatchObject({ currentSteps: 0 });
  });

  it('names a misspelling of a required parameter, not the missing one (Google binds before it validates)', async () => {
    const reply = await increment('stepToIncrement=1');
    expect(reply.body).toEqual(unknownName('stepToIncrement'));
  });

  it('refuses a misspelt parameter on a list and on a management reset', async () => {
    const list = await api(emulator.app, 'GET', '/games/v1/players/me/achievements?maxresults=1', tester);
    expect(list.status).toBe(400);
    expect(list.body).toEqual(unknownName('maxresults'));
    const definitions = await api(emulator.app, 'GET', '/games/v1/achievements?page_size=1', tester);
    expect(definitions.body).toEqual(unknownName('page_size'));

    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.standard.id}/unlock`, tester);
    const reset = await api(emulator.app, 'POST', `/games/v1management/achievements/${ACH.standard.id}/reset?requestId=1`, tester);
    expect(reset.status).toBe(400);
    expect(reset.body).toEqual(unknownName('requestId'));
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
  });

  it('names the first unknown field of a dotted name', async () => {
    expect((await increment('stepsToIncrement=1&payload.steps=1')).body).toEqual(unknownName('payload.steps', 'payload'));
    expect((await increment('stepsToIncrement=1&requestId.x=1')).body).toEqual(unknownName('requestId.x', 'x'));
  });

  it("accepts each route's documented parameters, and their proto (snake_case) names", async () => {
    expect((await increment('stepsToIncrement=2&requestId=7')).status).toBe(200);
    // The same requestId spelled request_id is the same retry: deduplicated.
    expect((await increment('steps_to_increment=2&request_id=7')).body).toMatchObject({ currentSteps: 2 });
    const list = await api(emulator.app, 'GET', '/games/v1/players/me/achievements?max_results=1&state=ALL&language=en', tester);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const next = await api(emulator.app, 'GET', `/games/v1/players/me/achievements?maxResults=1&state=ALL&page_token=${encodeURIComponent(list.body.nextPageToken)}`, tester);
    expect(next.status).toBe(200);
    const setSteps = await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.incremental.id}/setStepsAtLeast?steps=5`, tester);
    expect(setSteps.body).toMatchObject({ currentSteps: 5 });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me?language=en&playerIdConsistencyToken=', tester)).status).toBe(200);
  });

  it('accepts every Google system parameter on every route', async () => {
    const system = [...SYSTEM_PARAMETERS]
      .filter((name) => name !== 'access_token' && name !== 'oauth_token')
      .map((name) => `${encodeURIComponent(name)}=${name === '$.xgafv' ? '2' : name.endsWith('prettyPrint') ? 'false' : name.endsWith('fields') ? '*' : 'x'}`)
      .join('&');
    const routes: Array<[string, string, number]> = [
      ['GET', '/games/v1/players/me', 200],
      ['GET', '/games/v1/players/me/scopedIds', 200],
      ['GET', `/games/v1/applications/${DEMO_APP.applicationId}/verify`, 200],
      ['GET', '/games/v1/achievements', 200],
      ['GET', '/games/v1/players/me/achievements', 200],
      ['POST', `/games/v1/achievements/${ACH.standard.id}/unlock`, 200],
      ['POST', `/games/v1/achievements/${ACH.hidden.id}/reveal`, 200],
      ['POST', `/games/v1/achievements/${ACH.incremental.id}/increment?stepsToIncrement=1`, 200],
      ['POST', `/games/v1/achievements/${ACH.incremental.id}/setStepsAtLeast?steps=2`, 200],
      ['POST', '/games/v1management/achievements/reset', 200],
      ['POST', `/games/v1management/achievements/${ACH.incremental.id}/reset`, 200],
    ];
    for (const [method, url, status] of routes) {
      const reply = await api(emulator.app, method, `${url}${url.includes('?') ? '&' : '?'}${system}`, tester);
      expect([url, reply.status, reply.body?.error?.message]).toEqual([url, status, undefined]);
    }
    const batch = await api(emulator.app, 'POST', `/games/v1/achievements/updateMultiple?${system}`, tester, { updates: [] });
    expect(batch.status).toBe(200);
    // The token may come as access_token (or oauth_token) in the query, as Google takes it.
    const byQuery = await call(emulator.app, 'GET', `/games/v1/players/me?access_token=${encodeURIComponent(tester)}&prettyPrint=false`);
    expect(byQuery.status).toBe(200);
  });

  it('leaves the OAuth endpoints to their own rules', async () => {
    const info = await postForm(emulator.app, `/tokeninfo?access_token=${encodeURIComponent(tester)}&fooBar=1`, {});
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ aud: DEMO_APP.webClientId });
  });
});

describe('parameters in a form body (Ruby google-api-client 0.50 POSTs them so)', () => {
  const form = (path: string, fields: string, query = '') =>
    emulator.app
      .inject({
        method: 'POST',
        url: `${path}${query === '' ? '' : `?${query}`}`,
        headers: { authorization: `Bearer ${tester}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: fields,
      })
      .then((response) => ({ status: response.statusCode, body: response.json<Reply['body']>() }));
  const incrementPath = `/games/v1/achievements/${ACH.incremental.id}/increment`;
  const steps = async () => (await progressOf(emulator.app, TESTER.playerId, ACH.incremental.id)).currentSteps as number;

  it('increment reads stepsToIncrement and requestId from the body, and a retry of the same requestId counts once', async () => {
    const first = await form(incrementPath, 'stepsToIncrement=3&requestId=41');
    expect(first).toEqual({ status: 200, body: { kind: 'games#achievementIncrementResponse', currentSteps: 3, newlyUnlocked: false } });
    // The same retry with its parameters in the query instead: the same requestId, not counted again.
    expect((await increment('stepsToIncrement=3&requestId=41')).body).toMatchObject({ currentSteps: 3 });
    expect(await steps()).toBe(3);
  });

  it('setStepsAtLeast reads steps from the body, with its proto name too', async () => {
    expect((await form(`/games/v1/achievements/${ACH.incremental.id}/setStepsAtLeast`, 'steps=4')).body).toMatchObject({ currentSteps: 4 });
    expect((await form(`/games/v1/achievements/${ACH.incremental.id}/setStepsAtLeast`, 'steps=6&prettyPrint=false')).body).toMatchObject({ currentSteps: 6 });
    expect((await form(incrementPath, 'steps_to_increment=1')).body).toMatchObject({ currentSteps: 7 });
  });

  it('merges the body with the query: one parameter from each', async () => {
    expect((await form(incrementPath, 'requestId=9', 'stepsToIncrement=2')).body).toMatchObject({ currentSteps: 2 });
    expect((await form(incrementPath, 'stepsToIncrement=2', 'requestId=9')).body).toMatchObject({ currentSteps: 2 });
    expect(await steps()).toBe(2);
  });

  it('refuses an unknown name in the body as in the query, before anything is applied', async () => {
    const reply = await form(incrementPath, 'stepsToIncrement=1&requestID=5');
    expect(reply).toEqual({ status: 400, body: unknownName('requestID') });
    expect(await steps()).toBe(0);
  });

  it('validates a body parameter as a query parameter: missing, out of range', async () => {
    const missing = await form(incrementPath, '');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Required parameter: stepsToIncrement');
    const zero = await form(incrementPath, 'stepsToIncrement=0');
    expect(zero.status).toBe(400);
    expect(zero.body.error.errors[0]).toMatchObject({ reason: 'invalid', location: 'stepsToIncrement' });
    expect(await steps()).toBe(0);
  });

  it('refuses a scalar given twice, in the query and the body or twice in the body, as it refuses ?steps=1&steps=2', async () => {
    const twiceInQuery = await increment('stepsToIncrement=1&stepsToIncrement=2');
    const inBoth = await form(incrementPath, 'stepsToIncrement=2', 'stepsToIncrement=1');
    const twiceInBody = await form(incrementPath, 'stepsToIncrement=1&stepsToIncrement=2');
    expect(twiceInQuery.status).toBe(400);
    expect(twiceInQuery.body.error.message).toBe(`Invalid value at 'steps_to_increment' (TYPE_INT32), ["1","2"]`);
    expect(inBoth).toEqual({ status: 400, body: twiceInQuery.body });
    expect(twiceInBody).toEqual({ status: 400, body: twiceInQuery.body });
    expect(await steps()).toBe(0);
  });

  it('reads a management reset’s form body as parameters too: an unknown one is refused', async () => {
    await api(emulator.app, 'POST', `/games/v1/achievements/${ACH.standard.id}/unlock`, tester);
    const reset = await form(`/games/v1management/achievements/${ACH.standard.id}/reset`, 'requestId=1');
    expect(reset).toEqual({ status: 400, body: unknownName('requestId') });
    expect(await progressOf(emulator.app, TESTER.playerId, ACH.standard.id)).toMatchObject({ achievementState: 'UNLOCKED' });
    expect((await form(`/games/v1management/achievements/${ACH.standard.id}/reset`, 'prettyPrint=false')).status).toBe(200);
  });
});

describe('a Configuration API route registered later', () => {
  let late: Emulator;
  beforeAll(async () => {
    late = await createEmulator();
    late.app.get(
      '/games/v1configuration/applications/:applicationId/laterResources',
      { schema: { querystring: Type.Object({ maxResults: Type.Optional(Type.Integer()) }) }, config: routeConfig('configuration.laterResources.list') },
      () => ({ kind: 'gamesConfiguration#leaderboardConfigurationListResponse', items: [] }),
    );
    await late.app.ready();
  });
  afterAll(() => late.app.close());

  it('gets the same rule as the Games and Management routes', async () => {
    const url = `/games/v1configuration/applications/${DEMO_APP.applicationId}/laterResources`;
    const misspelt = await call(late.app, 'GET', `${url}?maxresults=1`);
    expect([misspelt.status, misspelt.body]).toEqual([400, unknownName('maxresults')]);
    expect((await call(late.app, 'GET', `${url}?max_results=1&prettyPrint=false`)).status).toBe(200);
  });
});
