/**
 * Score submissions over HTTP, on both stores: a score reaches Google and answers Google's result
 * in numbers; bad input is refused before anything is stored; the game server submits for a
 * player; a board Google does not have is a 404.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { LeaderboardHarness } from '../test-support/leaderboard-harness.js';

describeEachStore('score submissions', (store) => {
  let h: LeaderboardHarness;
  beforeAll(async () => {
    h = await LeaderboardHarness.start({ store });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a first score beats every span (200, numbers), and is Google’s best; a worse one beats none and lists the standing', async () => {
    const p = await h.signIn();
    const first = await h.submit(p, h.boards.high.id, { score: 1200, scoreTag: 'level-3' });
    expect({ status: first.statusCode, body: first.json() }).toEqual({
      status: 200,
      body: { beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'], unbeatenScores: [] },
    });
    const worse = await h.submit(p, h.boards.high.id, { score: 900 });
    expect({ status: worse.statusCode, body: worse.json() }).toEqual({
      status: 200,
      body: {
        beatenScoreTimeSpans: [],
        unbeatenScores: expect.arrayContaining([
          { timeSpan: 'ALL_TIME', score: 1200 },
          { timeSpan: 'WEEKLY', score: 1200 },
          { timeSpan: 'DAILY', score: 1200 },
        ]) as unknown,
      },
    });
    expect(await h.truth(p.playerId, h.boards.high.id)).toEqual(
      expect.arrayContaining([{ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 1200, scoreTag: 'level-3' }]),
    );
    // Both are recorded, both done: the outbox holds nothing open.
    expect(await h.store.openScoreWritesForPlayer(p.ref)).toEqual([]);
    expect((await h.store.scoreHistory(p.ref, h.boards.high.id, 0)).map((w) => [w.score, w.status])).toEqual([
      [1200, 'done'],
      [900, 'done'],
    ]);
  });

  it('SMALLER_IS_BETTER: a lower time beats the standing one', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.fastest.id, { score: 66_032 });
    const better = await h.submit(p, h.boards.fastest.id, { score: 61_000 });
    expect(better.json()).toEqual({ beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'], unbeatenScores: [] });
    expect(await h.truth(p.playerId, h.boards.fastest.id)).toContainEqual({ leaderboardId: h.boards.fastest.id, timeSpan: 'ALL_TIME', score: 61_000 });
  });

  it.each([
    ['2^53 (beyond what a JSON number carries exactly)', { score: 2 ** 53 }, 'INVALID_SCORE'],
    ['an int64 beyond 2^63', { score: 9.3e18 }, 'INVALID_SCORE'],
    ['a fraction', { score: 1.5 }, 'INVALID_SCORE'],
    ['a string', { score: '100' }, 'INVALID_REQUEST'],
    ['no score', {}, 'INVALID_REQUEST'],
    ['a bad scoreTag', { score: 1, scoreTag: 'has space' }, 'INVALID_REQUEST'],
    ['an unknown field', { score: 1, bonus: 2 }, 'INVALID_REQUEST'],
  ])('refuses %s with 400 %s, storing and sending nothing', async (_name, payload, code) => {
    const p = await h.signIn();
    await h.control.clearRequests();
    const res = await h.submit(p, h.boards.high.id, payload);
    expect({ status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ status: 400, code });
    expect(await h.store.scoreHistory(p.ref, h.boards.high.id, 0)).toEqual([]);
    expect((await h.control.requests()).filter((r) => r.path.includes('/scores'))).toEqual([]);
  });

  it('the largest safe score is taken and sent exactly', async () => {
    const p = await h.signIn();
    const res = await h.submit(p, h.boards.high.id, { score: Number.MAX_SAFE_INTEGER });
    expect(res.statusCode).toBe(200);
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: Number.MAX_SAFE_INTEGER });
  });

  it('an unknown board: 404 LEADERBOARD_NOT_FOUND, nothing stored', async () => {
    const p = await h.signIn();
    const res = await h.submit(p, 'CgkINoSuchBoard', { score: 5 });
    expect({ status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ status: 404, code: 'LEADERBOARD_NOT_FOUND' });
    expect(await h.store.scoreHistory(p.ref, 'CgkINoSuchBoard', 0)).toEqual([]);
  });

  it('without a session: 401 UNAUTHENTICATED', async () => {
    const res = await h.backend.app.inject({ method: 'POST', url: `/v1/me/leaderboards/${h.boards.high.id}/scores`, payload: { score: 1 } });
    expect({ status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('the game server submits for a player by Play Games ID; a wrong key is 401, an unknown player 404', async () => {
    const p = await h.signIn();
    const res = await h.submitAsServer(p.playerId, h.boards.high.id, { score: 4242 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'], unbeatenScores: [] } });
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 4242 });
    const wrongKey = await h.backend.app.inject({
      method: 'POST',
      url: `/v1/players/${p.playerId}/leaderboards/${h.boards.high.id}/scores`,
      headers: { authorization: 'Bearer not-the-key-not-the-key-not-the-key' },
      payload: { score: 1 },
    });
    expect(wrongKey.json<{ error: { code: string } }>().error.code).toBe('SERVER_API_KEY_INVALID');
    const unknown = await h.submitAsServer('g-nobody', h.boards.high.id, { score: 1 });
    expect({ status: unknown.statusCode, code: unknown.json<{ error: { code: string } }>().error.code }).toEqual({ status: 404, code: 'PLAYER_NOT_FOUND' });
  });

  it('a score outside the console limits: Google drops it (200, nothing beaten), the store records it done', async () => {
    const p = await h.signIn();
    const res = await h.submit(p, h.boards.limited.id, { score: h.boards.limited.scoreMax! + 1 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { beatenScoreTimeSpans: [], unbeatenScores: [] } });
    expect(await h.truth(p.playerId, h.boards.limited.id)).toEqual([]);
  });
});
