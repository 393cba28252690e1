import { describe, expect, it } from 'vitest';
import { GOOGLE_ENDPOINTS } from './endpoints.js';
import { GoogleApiError } from './errors.js';
import { ManagementClient } from './management-client.js';
import { fakeFetch, googleError, json, type FakeHandler } from './test-support/fake-fetch.js';

const TOKEN = 'ya29.tester-access-token-secret';
// Derived from the configured endpoints, never restated: every Google URL lives in endpoints.ts.
const BASE = new URL('games/v1management', GOOGLE_ENDPOINTS.managementBaseUrl).href;

function management(handler: FakeHandler | Response[]) {
  const fetch = fakeFetch(handler);
  const client = new ManagementClient({ endpoints: GOOGLE_ENDPOINTS, fetch, sleep: () => Promise.resolve() });
  return { client, fetch };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('ManagementClient', () => {
  it('achievements.reset: an empty POST with the bearer token, retried on 503', async () => {
    const answer = { kind: 'gamesManagement#achievementResetResponse', definitionId: 'a/1', currentState: 'HIDDEN', updateOccurred: true };
    const { client, fetch } = management([googleError(503, 'UNAVAILABLE', 'backendError', 'busy'), json(200, answer)]);

    expect(await client.resetAchievement(TOKEN, 'a/1')).toEqual(answer);

    expect(fetch.calls.map((r) => [r.method, r.url, r.body, r.headers.authorization])).toEqual([
      ['POST', `${BASE}/achievements/a%2F1/reset`, undefined, `Bearer ${TOKEN}`],
      ['POST', `${BASE}/achievements/a%2F1/reset`, undefined, `Bearer ${TOKEN}`],
    ]);
  });

  it('achievements.resetAll', async () => {
    const answer = { kind: 'gamesManagement#achievementResetAllResponse', results: [] };
    const { client, fetch } = management([json(200, answer)]);
    expect(await client.resetAllAchievements(TOKEN)).toEqual(answer);
    expect(fetch.calls.map((r) => [r.method, r.url])).toEqual([['POST', `${BASE}/achievements/reset`]]);
  });

  it('scores.reset and scores.resetAll: empty POSTs at Google’s paths, empty lists filled in', async () => {
    const { client, fetch } = management([
      json(200, { kind: 'gamesManagement#playerScoreResetResponse', definitionId: 'lb/1' }),
      json(200, { kind: 'gamesManagement#playerScoreResetAllResponse', results: [{ kind: 'gamesManagement#playerScoreResetResponse', definitionId: 'lb2', resetScoreTimeSpans: ['DAILY'] }, { kind: 'gamesManagement#playerScoreResetResponse', definitionId: 'lb3' }] }),
    ]);
    expect(await client.resetScores(TOKEN, 'lb/1')).toEqual({ kind: 'gamesManagement#playerScoreResetResponse', definitionId: 'lb/1', resetScoreTimeSpans: [] });
    expect((await client.resetAllScores(TOKEN)).results.map((r) => r.resetScoreTimeSpans)).toEqual([['DAILY'], []]);
    expect(fetch.calls.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', `${BASE}/leaderboards/lb%2F1/scores/reset`, undefined],
      ['POST', `${BASE}/scores/reset`, undefined],
    ]);
  });

  it('fills in results Google leaves out', async () => {
    const { client } = management([json(200, { kind: 'gamesManagement#achievementResetAllResponse' })]);
    expect(await client.resetAllAchievements(TOKEN)).toEqual({ kind: 'gamesManagement#achievementResetAllResponse', results: [] });
  });

  it('a non-tester gets a 403 GoogleApiError, not retried, without the token', async () => {
    const { client, fetch } = management([googleError(403, 'PERMISSION_DENIED', 'forbidden', 'Only tester accounts may reset.')]);

    const error = await rejection(client.resetAllAchievements(TOKEN));

    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({
      status: 403,
      googleStatus: 'PERMISSION_DENIED',
      reason: 'forbidden',
      operation: 'gamesManagement.achievements.resetAll',
      message: 'gamesManagement.achievements.resetAll: Google answered HTTP 403 PERMISSION_DENIED (forbidden): Only tester accounts may reset.',
    });
    expect(fetch.calls).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('uses the management base URL, not the games one', async () => {
    const fetch = fakeFetch([json(200, { results: [] })]);
    const client = new ManagementClient({ endpoints: { managementBaseUrl: 'http://127.0.0.1:8090' }, fetch });
    await client.resetAllAchievements(TOKEN);
    expect(fetch.calls[0]?.url).toBe('http://127.0.0.1:8090/games/v1management/achievements/reset');
  });

  it('refuses an empty token or achievement ID before calling Google', async () => {
    const { client, fetch } = management([]);
    await expect(client.resetAchievement(TOKEN, '')).rejects.toThrow(TypeError);
    await expect(client.resetAllAchievements('')).rejects.toThrow(TypeError);
    expect(fetch.calls).toHaveLength(0);
  });
});
