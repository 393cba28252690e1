import { describe, expect, it } from 'vitest';
import { GOOGLE_ENDPOINTS } from './endpoints.js';
import { GoogleApiError, GoogleUnavailableError } from './errors.js';
import { GamesClient, type GamesClientOptions } from './games-client.js';
import type { CallInfo } from './http.js';
import { fakeFetch, googleError, json, type FakeFetch, type FakeHandler } from './test-support/fake-fetch.js';

const TOKEN = 'ya29.player-access-token-secret';
// Derived from the configured endpoints, never restated: every Google URL lives in endpoints.ts.
const BASE = new URL('games/v1', GOOGLE_ENDPOINTS.gamesBaseUrl).href;

function games(handler: FakeHandler | Response[], options: Partial<GamesClientOptions> = {}) {
  const fetch: FakeFetch = fakeFetch(handler);
  const calls: CallInfo[] = [];
  const client = new GamesClient({
    endpoints: GOOGLE_ENDPOINTS,
    fetch,
    sleep: () => Promise.resolve(),
    onCall: (info) => calls.push(info),
    ...options,
  });
  return { client, fetch, calls };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectBearerOnly(fetch: FakeFetch): void {
  for (const req of fetch.calls) {
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.url).not.toContain(TOKEN);
    expect(req.url).not.toContain('access_token');
  }
}

const PLAYER = { kind: 'games#player', playerId: 'g123', displayName: 'Demo' };
const unavailable = () => googleError(503, 'UNAVAILABLE', 'backendError', 'busy');

describe('GamesClient: players and applications', () => {
  it('players.get(me) with a language', async () => {
    const { client, fetch, calls } = games([json(200, PLAYER)]);

    expect(await client.getPlayer(TOKEN, 'me', { language: 'fr-FR' })).toEqual(PLAYER);

    expect(fetch.calls.map((r) => [r.method, r.url, r.body])).toEqual([['GET', `${BASE}/players/me?language=fr-FR`, undefined]]);
    expectBearerOnly(fetch);
    expect(calls.map((c) => [c.operation, c.status])).toEqual([['games.players.get', 200]]);
  });

  it('defaults to me and URL-encodes a player ID', async () => {
    const { client, fetch } = games(() => json(200, PLAYER));
    await client.getPlayer(TOKEN);
    await client.getPlayer(TOKEN, 'a/b c?d');
    expect(fetch.calls.map((r) => r.url)).toEqual([`${BASE}/players/me`, `${BASE}/players/a%2Fb%20c%3Fd`]);
  });

  it('players.getScopedPlayerIds', async () => {
    const { client, fetch } = games([json(200, { gamePlayerId: 'g1', developerPlayerKey: 'k1' })]);
    expect(await client.getScopedPlayerIds(TOKEN)).toEqual({ gamePlayerId: 'g1', developerPlayerKey: 'k1' });
    expect(fetch.calls[0]?.url).toBe(`${BASE}/players/me/scopedIds`);
    expectBearerOnly(fetch);
  });

  it('applications.verify', async () => {
    const answer = { kind: 'games#applicationVerifyResponse', player_id: 'g123' };
    const { client, fetch } = games([json(200, answer)]);
    expect(await client.verifyApplication(TOKEN, '571707973781')).toEqual(answer);
    expect(fetch.calls[0]?.url).toBe(`${BASE}/applications/571707973781/verify`);
    expect(fetch.calls[0]?.method).toBe('GET');
  });

  it('a 403 for another game’s token is a GoogleApiError, not retried, token-free', async () => {
    const { client, fetch } = games([
      googleError(403, 'PERMISSION_DENIED', 'forbidden', `The access token ${TOKEN} is not for application 1`),
      json(200, {}),
    ]);

    const error = await rejection(client.verifyApplication(TOKEN, '1'));

    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ status: 403, googleStatus: 'PERMISSION_DENIED', reason: 'forbidden', operation: 'games.applications.verify' });
    expect(fetch.calls).toHaveLength(1);
    expect(String(error)).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('GETs are retried on 503', async () => {
    const { client, fetch, calls } = games([unavailable(), json(200, PLAYER)]);
    expect(await client.getPlayer(TOKEN)).toEqual(PLAYER);
    expect(fetch.calls).toHaveLength(2);
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
  });

  it('refuses an answer that is not a JSON object', async () => {
    const { client } = games([json(200, ['not', 'a', 'player'])]);
    expect(await rejection(client.getPlayer(TOKEN))).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'invalid_response' });
  });

  it('refuses an empty token or ID before calling Google', async () => {
    const { client, fetch } = games([]);
    await expect(client.getPlayer('')).rejects.toThrow(TypeError);
    await expect(client.verifyApplication(TOKEN, '')).rejects.toThrow(TypeError);
    await expect(client.getPlayer(TOKEN, '')).rejects.toThrow(TypeError);
    expect(fetch.calls).toHaveLength(0);
  });

  it('resolves paths against a base URL with a path and no trailing slash', async () => {
    const { client, fetch } = games([json(200, PLAYER)], { endpoints: { gamesBaseUrl: 'http://127.0.0.1:8090/google' } });
    await client.getPlayer(TOKEN);
    expect(fetch.calls[0]?.url).toBe('http://127.0.0.1:8090/google/games/v1/players/me');
  });
});

describe('GamesClient: lists', () => {
  it('achievementDefinitions.list with every query parameter', async () => {
    const page = { kind: 'games#achievementDefinitionsListResponse', items: [{ id: 'a1' }], nextPageToken: 'p2' };
    const { client, fetch } = games([json(200, page)]);

    expect(await client.listAchievementDefinitions(TOKEN, { language: 'en', maxResults: 50, pageToken: 'p1' })).toEqual(page);

    expect(fetch.calls[0]?.url).toBe(`${BASE}/achievements?language=en&maxResults=50&pageToken=p1`);
    expectBearerOnly(fetch);
  });

  it('fills in the items Google leaves out of an empty page', async () => {
    const { client } = games([json(200, { kind: 'games#achievementDefinitionsListResponse' })]);
    expect(await client.listAchievementDefinitions(TOKEN)).toEqual({ kind: 'games#achievementDefinitionsListResponse', items: [] });
  });

  it('listAllAchievementDefinitions follows every page', async () => {
    const { client, fetch } = games([
      json(200, { items: [{ id: 'a1' }, { id: 'a2' }], nextPageToken: 'p2' }),
      json(200, { nextPageToken: 'p3' }),
      json(200, { items: [{ id: 'a3' }] }),
    ]);

    const all = await client.listAllAchievementDefinitions(TOKEN, { language: 'de' });

    expect(all.map((d) => d.id)).toEqual(['a1', 'a2', 'a3']);
    expect(fetch.calls.map((r) => r.url)).toEqual([
      `${BASE}/achievements?language=de`,
      `${BASE}/achievements?language=de&pageToken=p2`,
      `${BASE}/achievements?language=de&pageToken=p3`,
    ]);
  });

  it('stops on a repeated page token instead of looping forever', async () => {
    const { client, fetch } = games(() => json(200, { items: [{ id: 'a' }], nextPageToken: 'same' }));
    const error = await rejection(client.listAllAchievementDefinitions(TOKEN));
    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({ kind: 'invalid_response', operation: 'games.achievementDefinitions.list' });
    expect(fetch.calls).toHaveLength(2);
  });

  it('stops after maxPages', async () => {
    const { client, fetch } = games((_req, i) => json(200, { items: [], nextPageToken: `p${i + 1}` }), { maxPages: 3 });
    expect(await rejection(client.listAllAchievementDefinitions(TOKEN))).toMatchObject({ kind: 'invalid_response' });
    expect(fetch.calls).toHaveLength(3);
  });

  it('achievements.list for a player with state, language, paging', async () => {
    const { client, fetch } = games([json(200, { kind: 'games#playerAchievementListResponse', items: [] })]);
    await client.listPlayerAchievements(TOKEN, 'me', { state: 'UNLOCKED', language: 'en', maxResults: 10, pageToken: 'x' });
    expect(fetch.calls[0]?.url).toBe(`${BASE}/players/me/achievements?state=UNLOCKED&language=en&maxResults=10&pageToken=x`);
  });

  it('listAllPlayerAchievements follows every page', async () => {
    const { client, fetch } = games([
      json(200, { items: [{ id: 'a1', achievementState: 'UNLOCKED' }], nextPageToken: 't' }),
      json(200, { items: [{ id: 'a2', achievementState: 'HIDDEN' }] }),
    ]);
    const all = await client.listAllPlayerAchievements(TOKEN, 'me', { state: 'ALL' });
    expect(all.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(fetch.calls.map((r) => r.url)).toEqual([`${BASE}/players/me/achievements?state=ALL`, `${BASE}/players/me/achievements?state=ALL&pageToken=t`]);
  });

  it('refuses a nonsensical page size', async () => {
    const { client, fetch } = games([]);
    await expect(client.listAchievementDefinitions(TOKEN, { maxResults: 0 })).rejects.toThrow(RangeError);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('GamesClient: achievement writes', () => {
  it('unlock: an empty POST, retried when Google is unavailable', async () => {
    const answer = { kind: 'games#achievementUnlockResponse', newlyUnlocked: true };
    const { client, fetch } = games([unavailable(), json(200, answer)]);

    expect(await client.unlock(TOKEN, 'CgkI/ach 1')).toEqual(answer);

    expect(fetch.calls.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', `${BASE}/achievements/CgkI%2Fach%201/unlock`, undefined],
      ['POST', `${BASE}/achievements/CgkI%2Fach%201/unlock`, undefined],
    ]);
    expect(fetch.calls[0]?.headers['content-type']).toBeUndefined();
    expectBearerOnly(fetch);
  });

  it('increment with a requestId: the steps and ID in the query, retried', async () => {
    const answer = { kind: 'games#achievementIncrementResponse', currentSteps: 3, newlyUnlocked: false };
    const { client, fetch } = games([unavailable(), json(200, answer)]);

    expect(await client.increment(TOKEN, 'ach1', 3, '9223372036854775807')).toEqual(answer);

    expect(fetch.calls.map((r) => r.url)).toEqual([
      `${BASE}/achievements/ach1/increment?stepsToIncrement=3&requestId=9223372036854775807`,
      `${BASE}/achievements/ach1/increment?stepsToIncrement=3&requestId=9223372036854775807`,
    ]);
  });

  it('increment without a requestId is sent exactly once', async () => {
    const { client, fetch } = games([unavailable(), json(200, {})]);
    const error = await rejection(client.increment(TOKEN, 'ach1', 1));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', status: 503, attempts: 1, operation: 'games.achievements.increment' });
    expect(fetch.calls.map((r) => r.url)).toEqual([`${BASE}/achievements/ach1/increment?stepsToIncrement=1`]);
  });

  it.each([
    [0, undefined],
    [-1, undefined],
    [1.5, undefined],
    [2 ** 31, undefined],
    [1, '0'],
    [1, '-4'],
    [1, '9223372036854775808'],
    [1, 'abc'],
  ])('increment refuses steps %s / requestId %s before calling Google', async (steps, requestId) => {
    const { client, fetch } = games([]);
    await expect(client.increment(TOKEN, 'ach1', steps, requestId)).rejects.toThrow(RangeError);
    expect(fetch.calls).toHaveLength(0);
  });

  it('reveal', async () => {
    const answer = { kind: 'games#achievementRevealResponse', currentState: 'REVEALED' };
    const { client, fetch } = games([json(200, answer)]);
    expect(await client.reveal(TOKEN, 'ach1')).toEqual(answer);
    expect(fetch.calls.map((r) => [r.method, r.url])).toEqual([['POST', `${BASE}/achievements/ach1/reveal`]]);
  });

  it('setStepsAtLeast: steps in the query, retried', async () => {
    const answer = { kind: 'games#achievementSetStepsAtLeastResponse', currentSteps: 5, newlyUnlocked: true };
    const { client, fetch } = games([googleError(429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'slow', { 'retry-after': '1' }), json(200, answer)]);
    expect(await client.setStepsAtLeast(TOKEN, 'ach1', 5)).toEqual(answer);
    expect(fetch.calls.map((r) => r.url)).toEqual([
      `${BASE}/achievements/ach1/setStepsAtLeast?steps=5`,
      `${BASE}/achievements/ach1/setStepsAtLeast?steps=5`,
    ]);
  });

  it('a 404 for an unknown achievement is a GoogleApiError', async () => {
    const { client } = games([googleError(404, 'NOT_FOUND', 'notFound', 'The requested achievement with ID x was not found.')]);
    expect(await rejection(client.unlock(TOKEN, 'x'))).toMatchObject({ code: 'ERR_GOOGLE_API', status: 404, reason: 'notFound' });
  });
});

describe('GamesClient.updateMultiple', () => {
  const answer = {
    kind: 'games#achievementUpdateMultipleResponse',
    updatedAchievements: [{ kind: 'games#achievementUpdateResponse', achievementId: 'a', currentState: 'UNLOCKED', newlyUnlocked: true, updateOccurred: true }],
  };

  it('sends Google’s request body with kinds filled in, retried when every increment has a requestId', async () => {
    const { client, fetch } = games([unavailable(), json(200, answer)]);

    const result = await client.updateMultiple(TOKEN, [
      { achievementId: 'a', updateType: 'UNLOCK' },
      { achievementId: 'b', updateType: 'REVEAL' },
      { achievementId: 'c', updateType: 'INCREMENT', incrementPayload: { steps: 2, requestId: '42' } },
      { achievementId: 'd', updateType: 'SET_STEPS_AT_LEAST', setStepsAtLeastPayload: { steps: 7 } },
    ]);

    expect(result).toEqual(answer);
    expect(fetch.calls).toHaveLength(2);
    const req = fetch.calls[0];
    expect([req?.method, req?.url, req?.headers['content-type']]).toEqual(['POST', `${BASE}/achievements/updateMultiple`, 'application/json']);
    expect(JSON.parse(req?.body ?? '')).toEqual({
      kind: 'games#achievementUpdateMultipleRequest',
      updates: [
        { kind: 'games#achievementUpdateRequest', achievementId: 'a', updateType: 'UNLOCK' },
        { kind: 'games#achievementUpdateRequest', achievementId: 'b', updateType: 'REVEAL' },
        {
          kind: 'games#achievementUpdateRequest',
          achievementId: 'c',
          updateType: 'INCREMENT',
          incrementPayload: { kind: 'games#GamesAchievementIncrement', steps: 2, requestId: '42' },
        },
        {
          kind: 'games#achievementUpdateRequest',
          achievementId: 'd',
          updateType: 'SET_STEPS_AT_LEAST',
          setStepsAtLeastPayload: { kind: 'games#GamesAchievementSetStepsAtLeast', steps: 7 },
        },
      ],
    });
    expectBearerOnly(fetch);
  });

  it('is sent exactly once when an increment has no requestId', async () => {
    const { client, fetch } = games([unavailable(), json(200, answer)]);
    const error = await rejection(
      client.updateMultiple(TOKEN, [
        { achievementId: 'a', updateType: 'UNLOCK' },
        { achievementId: 'c', updateType: 'INCREMENT', incrementPayload: { steps: 2 } },
      ]),
    );
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', attempts: 1 });
    expect(fetch.calls).toHaveLength(1);
  });

  it('fills in a missing updatedAchievements list', async () => {
    const { client } = games([json(200, { kind: 'games#achievementUpdateMultipleResponse' })]);
    expect(await client.updateMultiple(TOKEN, [{ achievementId: 'a', updateType: 'UNLOCK' }])).toEqual({
      kind: 'games#achievementUpdateMultipleResponse',
      updatedAchievements: [],
    });
  });

  it.each([
    ['no updates', []],
    ['an INCREMENT without payload', [{ achievementId: 'a', updateType: 'INCREMENT' }]],
    ['zero steps', [{ achievementId: 'a', updateType: 'INCREMENT', incrementPayload: { steps: 0 } }]],
    ['a bad requestId', [{ achievementId: 'a', updateType: 'INCREMENT', incrementPayload: { steps: 1, requestId: '1e3' } }]],
    ['a SET_STEPS_AT_LEAST without payload', [{ achievementId: 'a', updateType: 'SET_STEPS_AT_LEAST' }]],
    ['an unknown type', [{ achievementId: 'a', updateType: 'DELETE' }]],
    ['an empty ID', [{ achievementId: '', updateType: 'UNLOCK' }]],
  ])('refuses %s before calling Google', async (_what, updates) => {
    const { client, fetch } = games([]);
    await expect(client.updateMultiple(TOKEN, updates as never)).rejects.toThrow();
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('GamesClient: leaderboards and scores', () => {
  const SCORE_RESPONSE = { kind: 'games#playerScoreResponse', leaderboardId: 'CgkIlb', formattedScore: '10', beatenScoreTimeSpans: ['ALL_TIME'], unbeatenScores: [] };
  const SCORES = { kind: 'games#leaderboardScores', numScores: '0' };

  it('submits a score as an int64 string with its tag, and retries it (a best-only score counts once)', async () => {
    const { client, fetch, calls } = games([unavailable(), json(200, SCORE_RESPONSE)]);
    expect(await client.submitScore(TOKEN, 'CgkIlb', 9007199254740993n, { scoreTag: 'run-7' })).toEqual(SCORE_RESPONSE);
    expect(fetch.calls.map((r) => [r.method, r.url])).toEqual([
      ['POST', `${BASE}/leaderboards/CgkIlb/scores?score=9007199254740993&scoreTag=run-7`],
      ['POST', `${BASE}/leaderboards/CgkIlb/scores?score=9007199254740993&scoreTag=run-7`],
    ]);
    expectBearerOnly(fetch);
    expect(calls.map((c) => [c.operation, c.status])).toEqual([
      ['games.scores.submit', 503],
      ['games.scores.submit', 200],
    ]);
  });

  it('refuses a score that is not an int64, or a bad tag, before sending anything', async () => {
    const { client, fetch } = games(() => json(200, SCORE_RESPONSE));
    for (const score of ['12.5', '1e3', '', '9223372036854775808', 1.5, 2 ** 60]) {
      await expect(client.submitScore(TOKEN, 'CgkIlb', score)).rejects.toThrow(RangeError);
    }
    await expect(client.submitScore(TOKEN, 'CgkIlb', '1', { scoreTag: 'no spaces' })).rejects.toThrow(/scoreTag/);
    await expect(client.submitScores(TOKEN, [])).rejects.toThrow(RangeError);
    await expect(client.submitScores(TOKEN, [{ leaderboardId: 'CgkIlb', score: 'x' }])).rejects.toThrow(/scores\[0\]\.score/);
    await expect(client.getPlayerScores(TOKEN, 'ALL', 'ALL')).rejects.toThrow(RangeError);
    expect(fetch.calls).toEqual([]);
  });

  it('submitScores posts a PlayerScoreSubmissionList with kinds filled in', async () => {
    const { client, fetch } = games([json(200, { kind: 'games#playerScoreListResponse' })]);
    expect(await client.submitScores(TOKEN, [{ leaderboardId: 'A', score: 5 }, { leaderboardId: 'B', score: '-6', scoreTag: 't' }], { language: 'de' })).toEqual({
      kind: 'games#playerScoreListResponse',
      submittedScores: [],
    });
    expect(fetch.calls.map((r) => [r.url, JSON.parse(r.body ?? 'null')])).toEqual([
      [
        `${BASE}/leaderboards/scores?language=de`,
        {
          kind: 'games#playerScoreSubmissionList',
          scores: [
            { kind: 'games#scoreSubmission', leaderboardId: 'A', score: '5' },
            { kind: 'games#scoreSubmission', leaderboardId: 'B', score: '-6', scoreTag: 't' },
          ],
        },
      ],
    ]);
  });

  it('reads scores at Google’s paths, filling in an absent items list', async () => {
    const { client, fetch, calls } = games(() => json(200, SCORES));
    expect((await client.listScores(TOKEN, 'CgkIlb', 'FRIENDS', 'WEEKLY', { maxResults: 10 })).items).toEqual([]);
    await client.listScoresWindow(TOKEN, 'CgkIlb', 'PUBLIC', 'DAILY', { resultsAbove: 2, returnTopIfAbsent: false });
    await client.getPlayerScores(TOKEN, 'ALL', 'DAILY', 'me', { includeRankType: 'PUBLIC' });
    await client.listLeaderboards(TOKEN, { pageToken: 'p2' });
    await client.getLeaderboard(TOKEN, 'Cg/kI');
    expect(fetch.calls.map((r) => r.url)).toEqual([
      `${BASE}/leaderboards/CgkIlb/scores/FRIENDS?timeSpan=WEEKLY&maxResults=10`,
      `${BASE}/leaderboards/CgkIlb/window/PUBLIC?timeSpan=DAILY&resultsAbove=2&returnTopIfAbsent=false`,
      `${BASE}/players/me/leaderboards/ALL/scores/DAILY?includeRankType=PUBLIC`,
      `${BASE}/leaderboards?pageToken=p2`,
      `${BASE}/leaderboards/Cg%2FkI`,
    ]);
    expect(calls.map((c) => c.operation)).toEqual(['games.scores.list', 'games.scores.listWindow', 'games.scores.get', 'games.leaderboards.list', 'games.leaderboards.get']);
  });
});

describe('GamesClient: events, stats and saved games', () => {
  const period = { timePeriod: { periodStartMillis: '1767225600000', periodEndMillis: '1767225660000' }, updates: [{ definitionId: 'ev1', updateCount: '3' }] };

  it('recordEvents posts an EventRecordRequest with kinds filled in, retried with a requestId', async () => {
    const answer = { kind: 'games#eventUpdateResponse', playerEvents: [{ kind: 'games#playerEvent', definitionId: 'ev1', playerId: 'g1', numEvents: '3', formattedNumEvents: '3' }] };
    const { client, fetch, calls } = games([unavailable(), json(200, answer)]);
    expect(await client.recordEvents(TOKEN, { currentTimeMillis: 1767225661000, requestId: '42', timePeriods: [period] })).toEqual(answer);
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls[0]!.url).toBe(`${BASE}/events`);
    expect(JSON.parse(fetch.calls[1]!.body as string)).toEqual({
      kind: 'games#eventRecordRequest',
      currentTimeMillis: '1767225661000',
      requestId: '42',
      timePeriods: [
        {
          kind: 'games#eventPeriodUpdate',
          timePeriod: { kind: 'games#eventPeriodRange', periodStartMillis: '1767225600000', periodEndMillis: '1767225660000' },
          updates: [{ kind: 'games#eventUpdateRequest', definitionId: 'ev1', updateCount: '3' }],
        },
      ],
    });
    expectBearerOnly(fetch);
    expect(calls.map((c) => c.operation)).toEqual(['games.events.record', 'games.events.record']);
  });

  it('recordEvents without a requestId is sent exactly once; a missing playerEvents list is filled in', async () => {
    const once = games([unavailable(), json(200, {})]);
    await expect(once.client.recordEvents(TOKEN, { currentTimeMillis: 1, timePeriods: [period] })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(once.fetch.calls).toHaveLength(1);
    const empty = games([json(200, { kind: 'games#eventUpdateResponse' })]);
    expect((await empty.client.recordEvents(TOKEN, { currentTimeMillis: 1, requestId: '7', timePeriods: [period] })).playerEvents).toEqual([]);
    const refused = games([]);
    await expect(refused.client.recordEvents(TOKEN, { currentTimeMillis: 1, requestId: '0', timePeriods: [period] })).rejects.toThrow(RangeError);
    expect(refused.fetch.calls).toHaveLength(0);
  });

  it('reads event definitions, the player’s events, stats and every page of snapshots at Google’s paths', async () => {
    const { client, fetch } = games([
      json(200, { kind: 'games#eventDefinitionListResponse' }),
      json(200, { kind: 'games#playerEventListResponse', items: [{ definitionId: 'ev1', numEvents: '2' }] }),
      json(200, { kind: 'games#statsResponse', num_sessions: 4 }),
      json(200, { kind: 'games#snapshotListResponse', items: [{ id: 's1' }], nextPageToken: 'p2' }),
      json(200, { kind: 'games#snapshotListResponse', items: [{ id: 's2' }] }),
    ]);
    expect(await client.listAllEventDefinitions(TOKEN, { language: 'de' })).toEqual([]);
    expect(await client.listAllPlayerEvents(TOKEN)).toEqual([{ definitionId: 'ev1', numEvents: '2' }]);
    expect(await client.getStats(TOKEN)).toEqual({ kind: 'games#statsResponse', num_sessions: 4 });
    expect((await client.listAllSnapshots(TOKEN)).map((s) => s.id)).toEqual(['s1', 's2']);
    expect(fetch.calls.map((r) => r.url)).toEqual([
      `${BASE}/eventDefinitions?language=de`,
      `${BASE}/events`,
      `${BASE}/stats`,
      `${BASE}/players/me/snapshots`,
      `${BASE}/players/me/snapshots?pageToken=p2`,
    ]);
  });
});
