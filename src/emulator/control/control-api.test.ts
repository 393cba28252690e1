import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../create-emulator.js';
import { DEMO_APP, REGULAR, TESTER, api, call, exchange, groundTruth, mintCode, signIn, startEmulator } from '../test-support/harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => emulator.state.reset());

describe('GET /emulator/v1/applications', () => {
  it('lists the games with clients and definitions carrying their published flag', async () => {
    const reply = await call(emulator.app, 'GET', '/emulator/v1/applications');
    expect(reply.status).toBe(200);
    const [demo, other] = reply.body.applications;
    expect(demo).toMatchObject({
      applicationId: DEMO_APP.applicationId,
      name: DEMO_APP.name,
      webClientId: DEMO_APP.webClientId,
      webClientSecret: DEMO_APP.webClientSecret,
      androidClientId: DEMO_APP.androidClientId,
      secondWebClient: DEMO_APP.secondWebClient,
    });
    expect(demo.achievements[0]).toEqual(expect.objectContaining({ kind: 'games#achievementDefinition', id: DEMO_APP.achievements[0]!.id, published: true }));
    expect(demo.achievements.filter((achievement: { published: boolean }) => !achievement.published)).toHaveLength(3);
    expect(other.applicationId).not.toBe(demo.applicationId);
  });
});

describe('clock', () => {
  it('advances and reports ISO time; refuses negative or missing seconds', async () => {
    const before = Date.now();
    const reply = await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 3600 });
    expect(reply.status).toBe(200);
    const iso = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(reply.body).toEqual({ now: iso, offsetSeconds: 3600, nextDailyReset: iso, nextWeeklyReset: iso });
    expect(Date.parse(reply.body.now) - before).toBeGreaterThanOrEqual(3600_000);
    expect((await call(emulator.app, 'GET', '/emulator/v1/clock')).body.offsetSeconds).toBe(3600);
    const negative = await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body).toEqual({ error: { code: 400, message: 'The field seconds must be >= 0.', status: 'INVALID_ARGUMENT' } });
    expect((await call(emulator.app, 'POST', '/emulator/v1/clock:advance', {})).status).toBe(400);
  });
});

describe('clock: the next leaderboard resets', () => {
  it('names the next DAILY (07:00 UTC) and WEEKLY (Sunday 07:00 UTC) period starts, and moves them with the clock', async () => {
    // Wednesday 2026-01-07, 06:00 UTC: an hour before the day turns at midnight UTC-7.
    const pinned = await startEmulator({ now: () => Date.UTC(2026, 0, 7, 6, 0, 0) });
    const before = await call(pinned.app, 'GET', '/emulator/v1/clock');
    expect(before.body).toEqual({ now: '2026-01-07T06:00:00.000Z', offsetSeconds: 0, nextDailyReset: '2026-01-07T07:00:00.000Z', nextWeeklyReset: '2026-01-11T07:00:00.000Z' });
    // Past Sunday's boundary: the next weekly reset is a week later, the daily one the next morning.
    const after = await call(pinned.app, 'POST', '/emulator/v1/clock:advance', { seconds: 4 * 86_400 + 3_600 });
    expect(after.body).toMatchObject({ now: '2026-01-11T07:00:00.000Z', nextDailyReset: '2026-01-12T07:00:00.000Z', nextWeeklyReset: '2026-01-18T07:00:00.000Z' });
    await pinned.app.close();
  });
});

describe('request log: by player', () => {
  it('names the player each Google-side request acted for, at /token and with a bearer token, and filters by it', async () => {
    const { access_token } = await signIn(emulator.app);
    await api(emulator.app, 'GET', '/games/v1/players/me', access_token);
    await signIn(emulator.app, { playerId: TESTER.playerId });

    const all = (await call(emulator.app, 'GET', '/emulator/v1/requests')).body.requests;
    expect(all.map((entry: { operation: string; playerId?: string }) => [entry.operation, entry.playerId])).toEqual([
      ['oauth.token.authorization_code', REGULAR.playerId],
      ['games.players.get', REGULAR.playerId],
      ['oauth.token.authorization_code', TESTER.playerId],
    ]);
    const mine = await call(emulator.app, 'GET', `/emulator/v1/requests?playerId=${REGULAR.playerId}`);
    expect(mine.body.requests.map((entry: { operation: string }) => entry.operation)).toEqual(['oauth.token.authorization_code', 'games.players.get']);
    const both = await call(emulator.app, 'GET', `/emulator/v1/requests?playerId=${TESTER.playerId}&operation=games.players.get`);
    expect(both.body.requests).toEqual([]);
    // A request a fault answered before its route ran is still named by its bearer token.
    await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/games/v1/players/', status: 503, times: 1 });
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', access_token)).status).toBe(503);
    expect((await call(emulator.app, 'GET', '/emulator/v1/requests')).body.requests.at(-1)).toMatchObject({ status: 503, playerId: REGULAR.playerId });
    // A request nobody could be named for (no valid token) carries no playerId.
    await api(emulator.app, 'GET', '/games/v1/players/me', 'not-a-token');
    expect((await call(emulator.app, 'GET', '/emulator/v1/requests')).body.requests.at(-1)).not.toHaveProperty('playerId');
  });
});

describe('reset', () => {
  it('returns to the seed: progress, players, grants, codes, faults, clock and the request log', async () => {
    const { access_token } = await signIn(emulator.app);
    const code = await mintCode(emulator.app);
    await api(emulator.app, 'POST', `/games/v1/achievements/${DEMO_APP.achievements[0]!.id}/unlock`, access_token);
    await call(emulator.app, 'POST', '/emulator/v1/players', { displayName: 'Extra', playerId: 'g999' });
    await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/games/', status: 500 });
    await call(emulator.app, 'POST', '/emulator/v1/clock:advance', { seconds: 10 });

    const reply = await call(emulator.app, 'POST', '/emulator/v1/reset');
    expect(reply.status).toBe(204);
    expect(reply.raw).toBe('');
    const truth = await groundTruth(emulator.app, REGULAR.playerId);
    expect(truth.grants).toEqual([]);
    expect(truth.achievements[DEMO_APP.applicationId][0]).toEqual({ id: DEMO_APP.achievements[0]!.id, achievementState: 'REVEALED', currentSteps: 0 });
    expect((await call(emulator.app, 'GET', '/emulator/v1/players/g999')).status).toBe(404);
    expect((await call(emulator.app, 'GET', '/emulator/v1/faults')).body.faults).toEqual([]);
    expect((await call(emulator.app, 'GET', '/emulator/v1/clock')).body.offsetSeconds).toBe(0);
    expect((await call(emulator.app, 'GET', '/emulator/v1/requests')).body.requests).toEqual([]);
    expect((await api(emulator.app, 'GET', '/games/v1/players/me', access_token)).status).toBe(401);
    expect((await exchange(emulator.app, code)).body).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });
});

describe('faults control', () => {
  it('validates a fault and lists, deletes one, and clears them', async () => {
    const empty = await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/games/' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('A fault needs at least one of status, delayMs or dropConnection.');
    for (const bad of [{ path: 'games' }, { path: '/games/', status: 200 }, { path: '/games/', status: 503, probability: 0 }, { path: '/games/', status: 503, times: 0 }]) {
      expect((await call(emulator.app, 'POST', '/emulator/v1/faults', bad)).status).toBe(400);
    }
    const a = (await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/games/', status: 503, times: 2, method: 'get' })).body.id;
    const b = (await call(emulator.app, 'POST', '/emulator/v1/faults', { path: '/token', delayMs: 5 })).body.id;
    const listed = await call(emulator.app, 'GET', '/emulator/v1/faults');
    expect(listed.body.faults).toEqual([
      { id: a, path: '/games/', status: 503, times: 2, method: 'GET', remaining: 2, hits: 0 },
      { id: b, path: '/token', delayMs: 5, hits: 0 },
    ]);
    expect((await call(emulator.app, 'DELETE', `/emulator/v1/faults/${a}`)).status).toBe(204);
    expect((await call(emulator.app, 'DELETE', `/emulator/v1/faults/${a}`)).status).toBe(404);
    expect((await call(emulator.app, 'DELETE', '/emulator/v1/faults')).status).toBe(204);
    expect((await call(emulator.app, 'GET', '/emulator/v1/faults')).body.faults).toEqual([]);
  });
});

describe('control API bodies', () => {
  it('refuse an unknown field, naming it, and create nothing (a misspelt "times" must not make a fault permanent)', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/emulator/v1/faults', { path: '/games/', status: 503, time: 1 }, 'time'],
      ['/emulator/v1/players', { displayName: 'Tess', testr: true }, 'testr'],
      ['/emulator/v1/serverAuthCodes', { playerId: REGULAR.playerId, clientId: DEMO_APP.webClientId, scope: ['email'] }, 'scope'],
      ['/emulator/v1/clock:advance', { seconds: 1, minutes: 5 }, 'minutes'],
      [`/emulator/v1/players/${REGULAR.playerId}:changeId`, { newPlayerID: 'a_1' }, 'newPlayerID'],
    ];
    for (const [url, body, field] of cases) {
      const reply = await call(emulator.app, 'POST', url, body);
      expect({ url, status: reply.status, body: reply.body }).toEqual({
        url,
        status: 400,
        body: { error: { code: 400, message: `The field ${field} is not a known field.`, status: 'INVALID_ARGUMENT' } },
      });
    }
    expect((await call(emulator.app, 'GET', '/emulator/v1/faults')).body.faults).toEqual([]);
    expect((await call(emulator.app, 'GET', '/emulator/v1/players')).body.players.map((p: { displayName: string }) => p.displayName)).not.toContain('Tess');
    expect((await call(emulator.app, 'GET', '/emulator/v1/clock')).body.offsetSeconds).toBe(0);
    expect((await groundTruth(emulator.app, REGULAR.playerId)).playerId).toBe(REGULAR.playerId);
  });
});

describe('control API query strings', () => {
  it('refuse an unknown parameter, naming it (a misspelt filter must not list every request)', async () => {
    const reply = await call(emulator.app, 'GET', '/emulator/v1/requests?operationX=games.players.get');
    expect({ status: reply.status, body: reply.body }).toEqual({
      status: 400,
      body: { error: { code: 400, message: 'The query parameter operationX is not a known field.', status: 'INVALID_ARGUMENT' } },
    });
    expect((await call(emulator.app, 'GET', '/emulator/v1/requests?operation=games.players.get')).status).toBe(200);
  });
});

describe('control API errors', () => {
  it('answers unknown control calls with a control-API 404', async () => {
    const reply = await call(emulator.app, 'GET', '/emulator/v1/nothing');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: { code: 404, message: 'No control API call GET /emulator/v1/nothing. See src/emulator/README.md.', status: 'NOT_FOUND' } });
  });
});
