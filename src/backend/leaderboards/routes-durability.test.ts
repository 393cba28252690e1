/**
 * Durable scores end to end, on both stores: a transient Google failure answers 202 and the
 * worker sends the score; several pending scores of one board go out as the best alone, several
 * boards as one submitMultiple; a dead grant keeps scores until the player signs in again; a
 * permanent refusal is recorded and answered; reads show the pending score.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { LEADERBOARD_SERVER_KEY, LeaderboardHarness } from '../test-support/leaderboard-harness.js';

describeEachStore('durable scores', (store) => {
  let h: LeaderboardHarness;
  beforeAll(async () => {
    h = await LeaderboardHarness.start({ store });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.control.clearFaults();
  });

  const submitPath = (id: string) => `/games/v1/leaderboards/${id}/scores`;
  const googleSubmits = async () =>
    (await h.control.requests()).filter((r) => r.method === 'POST' && r.path.startsWith('/games/v1/leaderboards/')).map((r) => r.path);

  it.each([
    ['503', { status: 503 }],
    ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
    ['a dropped connection', { dropConnection: true }],
    ['an answer lost after the score was recorded', { status: 503, after: true }],
    ['403 quotaExceeded', { status: 403, reason: 'quotaExceeded' }],
  ])('Google failing with %s: 202 pending, stored; the worker sends it', async (_name, fault) => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 10 }); // warms the leaderboard list
    await h.control.addFault({ path: submitPath(h.boards.high.id), times: 100, ...fault });
    const res = await h.submit(p, h.boards.high.id, { score: 500 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    const [pending] = await h.store.openScoreWritesForPlayer(p.ref);
    expect(pending).toMatchObject({ score: 500, status: 'pending', attempts: 1 });
    expect(pending!.lastError).toBeTruthy();
    await h.control.clearFaults();
    await h.drain();
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 500 });
  });

  it('several pending scores of one board: the worker sends only the best, and settles them all', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 1 });
    await h.control.addFault({ path: '/games/v1/leaderboards/', method: 'POST', status: 503, times: 1000 });
    for (const score of [300, 900, 450, 900]) expect((await h.submit(p, h.boards.high.id, { score })).statusCode).toBe(202);
    await h.control.clearFaults();
    await h.control.clearRequests();
    // The retry delays of the failed attempt are short in the harness; let them pass.
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.drain();
    // One call, with the best score alone.
    expect(await googleSubmits()).toEqual([`${submitPath(h.boards.high.id)}?score=900`]);
    const history = await h.store.scoreHistory(p.ref, h.boards.high.id, 0);
    expect(history.map((w) => w.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    const best = history[2]!; // the first 900: the earliest of equals
    expect(best.result).toMatchObject({ beatenScoreTimeSpans: ['ALL_TIME', 'WEEKLY', 'DAILY'] });
    expect(history[3]!.result).toMatchObject({ beatenScoreTimeSpans: [], mergedInto: best.id });
    expect(history[4]!.result).toMatchObject({ mergedInto: best.id });
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 900 });
  });

  it('pending scores of several boards go out as one submitMultiple', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 1 });
    await h.control.addFault({ path: '/games/v1/leaderboards/', method: 'POST', status: 503, times: 1000 });
    expect((await h.submit(p, h.boards.high.id, { score: 77 })).statusCode).toBe(202);
    expect((await h.submit(p, h.boards.fastest.id, { score: 5_000 })).statusCode).toBe(202);
    expect((await h.submit(p, h.boards.fastest.id, { score: 4_000 })).statusCode).toBe(202);
    await h.control.clearFaults();
    await h.control.clearRequests();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.drain();
    expect(await googleSubmits()).toEqual(['/games/v1/leaderboards/scores']);
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 77 });
    expect(await h.truth(p.playerId, h.boards.fastest.id)).toContainEqual({ leaderboardId: h.boards.fastest.id, timeSpan: 'ALL_TIME', score: 4_000 });
  });

  it('a new score waits (202) behind the player’s open ones and goes out with them', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 1 });
    await h.control.addFault({ path: submitPath(h.boards.high.id), status: 503, times: 1000 });
    expect((await h.submit(p, h.boards.high.id, { score: 20 })).statusCode).toBe(202);
    await h.control.clearFaults();
    await h.control.clearRequests();
    const later = await h.submit(p, h.boards.high.id, { score: 30 });
    expect({ status: later.statusCode, body: later.json() }).toEqual({ status: 202, body: { pending: true } });
    expect(await googleSubmits()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.drain();
    expect(await googleSubmits()).toEqual([`${submitPath(h.boards.high.id)}?score=30`]);
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 30 });
  });

  it('a dead grant keeps the score pending until the player signs in again', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 1 });
    await h.control.revokeGrants(p.playerId);
    const res = await h.submit(p, h.boards.high.id, { score: 64 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    const [parked] = await h.store.openScoreWritesForPlayer(p.ref);
    expect(parked!.nextAttemptAt).toBeGreaterThan(Date.now() + 60 * 60_000);
    await h.module.worker.runOnce();
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 1 });
    await h.signInAgain(p.playerId);
    expect((await h.store.openScoreWritesForPlayer(p.ref))[0]!.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    await h.drain();
    expect(await h.truth(p.playerId, h.boards.high.id)).toContainEqual({ leaderboardId: h.boards.high.id, timeSpan: 'ALL_TIME', score: 64 });
  });

  it('Google refusing the score for good: 400 SCORE_WRITE_REJECTED, recorded as failed, never retried', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 1 });
    await h.control.addFault({ path: submitPath(h.boards.high.id), status: 400, reason: 'invalid', times: 1 });
    const res = await h.submit(p, h.boards.high.id, { score: 2 });
    expect({ status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ status: 400, code: 'SCORE_WRITE_REJECTED' });
    const failed = await h.store.listFailedScoreWrites(5);
    expect(failed.find((w) => w.playerId === p.ref)).toMatchObject({ score: 2, status: 'failed', lastError: expect.stringContaining('400') as unknown });
    expect(await h.store.openScoreWritesForPlayer(p.ref)).toEqual([]);
    // The operator sees it, named by the player's Play Games ID.
    const outbox = await h.backend.app.inject({ method: 'GET', url: '/v1/admin/leaderboards/outbox', headers: { authorization: `Bearer ${LEADERBOARD_SERVER_KEY}` } });
    expect(outbox.statusCode).toBe(200);
    const view = outbox.json<{ failed: number; failedScores: unknown[] }>();
    expect(view.failed).toBeGreaterThanOrEqual(1);
    expect(view.failedScores).toContainEqual(
      expect.objectContaining({ playerId: p.playerId, leaderboardId: h.boards.high.id, score: 2, attempts: 0, error: expect.stringContaining('400') as unknown }),
    );
    expect((await h.backend.app.inject({ method: 'GET', url: '/v1/admin/leaderboards/outbox' })).statusCode).toBe(401);
  });

  it('reads show the pending score: the player’s own scores and the board page, marked pending', async () => {
    const p = await h.signIn({ displayName: 'Pending Pat' });
    await h.submit(p, h.boards.high.id, { score: 5 });
    await h.control.addFault({ path: submitPath(h.boards.high.id), method: 'POST', status: 503, times: 1000 });
    expect((await h.submit(p, h.boards.high.id, { score: 999_999_999 })).statusCode).toBe(202);
    const outbox = await h.backend.app.inject({ method: 'GET', url: '/v1/admin/leaderboards/outbox', headers: { authorization: `Bearer ${LEADERBOARD_SERVER_KEY}` } });
    expect(outbox.json<{ pending: number }>().pending).toBeGreaterThanOrEqual(1);

    const own = await h.get(p, `/v1/me/leaderboards/${h.boards.high.id}/scores`);
    expect({ status: own.statusCode, body: own.json() }).toEqual({
      status: 200,
      body: {
        items: [
          { timeSpan: 'ALL_TIME', score: 999_999_999, formattedScore: '999999999', pending: true },
          { timeSpan: 'WEEKLY', score: 999_999_999, formattedScore: '999999999', pending: true },
          { timeSpan: 'DAILY', score: 999_999_999, formattedScore: '999999999', pending: true },
        ],
      },
    });
    const page = await h.get(p, `/v1/leaderboards/${h.boards.high.id}/scores`);
    expect(page.statusCode).toBe(200);
    const body = page.json<{ items: { playerId: string; rank: number; score: number; pending?: boolean }[]; me: unknown }>();
    expect(body.items[0]).toMatchObject({ playerId: p.playerId, displayName: 'Pending Pat', rank: 1, score: 999_999_999, pending: true });
    expect(body.items.filter((e) => e.playerId === p.playerId)).toHaveLength(1);
    expect(body.me).toEqual({ rank: 1, score: 999_999_999, pending: true });
    await h.control.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.drain();
    const own2 = await h.get(p, `/v1/me/leaderboards/${h.boards.high.id}/scores`);
    expect(own2.json<{ items: unknown[] }>().items).toContainEqual(expect.objectContaining({ timeSpan: 'ALL_TIME', score: 999_999_999, rank: 1 }));
    expect(JSON.stringify(own2.json())).not.toContain('pending');
  });

  it('deleting the player drops their pending scores', async () => {
    const p = await h.signIn();
    await h.submit(p, h.boards.high.id, { score: 1 });
    await h.control.addFault({ path: submitPath(h.boards.high.id), status: 503, times: 1000 });
    expect((await h.submit(p, h.boards.high.id, { score: 2 })).statusCode).toBe(202);
    const del = await h.backend.app.inject({ method: 'DELETE', url: '/v1/me', headers: p.headers });
    expect(del.statusCode).toBeLessThan(300);
    expect(await h.store.scoreHistory(p.ref, h.boards.high.id, 0)).toEqual([]);
  });
  it('counts submissions by outcome in /metrics, and reports the score outbox gauges after each worker pass', async () => {
    const metrics = async () => (await h.backend.app.inject({ method: 'GET', url: '/metrics' })).body;
    const sample = (body: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+(?:\\.\\d+)?)$`, 'm').exec(body)?.[1] ?? 0);
    const before = await metrics();
    const p = await h.signIn();
    expect((await h.submit(p, h.boards.high.id, { score: 5 })).statusCode).toBe(200);
    await h.control.addFault({ path: submitPath(h.boards.high.id), status: 503, times: 1000 });
    expect((await h.submit(p, h.boards.high.id, { score: 6 })).statusCode).toBe(202);
    await h.module.worker.runOnce();
    const pending = await metrics();
    expect(sample(pending, 'pgs_score_writes_total{outcome="applied"}') - sample(before, 'pgs_score_writes_total{outcome="applied"}')).toBe(1);
    expect(sample(pending, 'pgs_score_writes_total{outcome="pending"}') - sample(before, 'pgs_score_writes_total{outcome="pending"}')).toBe(1);
    expect(sample(pending, 'pgs_score_writes_pending')).toBe(1);
    expect(sample(pending, 'pgs_score_writes_oldest_pending_age_seconds')).toBeGreaterThan(0);
    await h.control.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.drain();
    expect(sample(await metrics(), 'pgs_score_writes_pending')).toBe(0);
    expect((await h.submit(p, 'no-such-board', { score: 1 })).statusCode).toBe(404);
    expect(sample(await metrics(), 'pgs_score_writes_total{outcome="LEADERBOARD_NOT_FOUND"}')).toBeGreaterThanOrEqual(1);
  });
});
