/**
 * The durable write path end to end: transient failures answer 202 and the worker finishes the
 * job; a dead grant keeps writes until the player signs in again; a permanent refusal is recorded
 * and visible; a player's writes go in order; deleting the player drops their writes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AchievementHarness, SERVER_API_KEY, type SignedInPlayer } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

describeEachStore('durable achievement writes', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database, module: { backoff: { baseMs: 50, maxMs: 200 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (player: SignedInPlayer, path: string, payload?: unknown) =>
    h.backend.app.inject({
      method: 'POST',
      url: `/v1/me/achievements${path}`,
      headers: player.headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const outbox = async () =>
    (await h.backend.app.inject({ method: 'GET', url: '/v1/admin/achievements/outbox', headers: { authorization: `Bearer ${SERVER_API_KEY}` } })).json();

  it.each([
    ['503', { status: 503 }],
    ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
    ['a dropped connection', { dropConnection: true }],
    ['an answer lost after the write was applied', { status: 503, after: true }],
  ])('Google failing with %s: 202 pending, then the worker applies the write exactly once', async (_name, fault) => {
    const p = await h.signIn();
    await post(p, `/${h.demo.big.id}/increment`, { steps: 1 }); // warms the definitions cache
    await h.control.addFault({ path: `/games/v1/achievements/${h.demo.big.id}/`, times: 100, ...fault });
    const res = await post(p, `/${h.demo.big.id}/increment`, { steps: 3 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    const [pending] = await h.store.pendingWritesForPlayer(p.ref);
    expect(pending).toMatchObject({ op: 'INCREMENT', steps: 3, status: 'pending', attempts: 1 });
    expect(pending!.lastError).toBeTruthy();
    await h.control.clearFaults();
    await h.drain();
    expect(await h.truth(p.playerId, h.demo.big.id)).toMatchObject({ currentSteps: 4 });
  });

  it.each([
    ['409 aborted (a conflict: retry)', { status: 409, reason: 'aborted' }],
    ['403 dailyLimitExceeded (quota: it comes back)', { status: 403, reason: 'dailyLimitExceeded' }],
    ['403 quotaExceeded', { status: 403, reason: 'quotaExceeded' }],
    ['403 accessNotConfigured (the operator must enable the API)', { status: 403, reason: 'accessNotConfigured' }],
  ])('Google answering %s refuses no write for good: 202 pending, then applied once', async (_name, fault) => {
    const p = await h.signIn();
    await post(p, `/${h.demo.big.id}/increment`, { steps: 1 }); // warms the definitions cache
    await h.control.addFault({ path: `/games/v1/achievements/${h.demo.big.id}/`, times: 100, ...fault });
    const res = await post(p, `/${h.demo.big.id}/increment`, { steps: 3 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    expect(await h.store.pendingWritesForPlayer(p.ref)).toEqual([expect.objectContaining({ op: 'INCREMENT', steps: 3, status: 'pending' })]);
    await h.control.clearFaults();
    await h.drain();
    expect(await h.truth(p.playerId, h.demo.big.id)).toMatchObject({ currentSteps: 4 });
  });

  it('keeps a player’s writes in order: a new write waits behind an earlier pending one (202)', async () => {
    const p = await h.signIn();
    await post(p, `/${h.demo.incremental.id}/increment`, { steps: 1 });
    await h.control.addFault({ path: `/games/v1/achievements/`, status: 503, times: 100 });
    expect((await post(p, `/${h.demo.incremental.id}/set-steps-at-least`, { steps: 3 })).statusCode).toBe(202);
    await h.control.clearFaults();
    await h.control.clearRequests();
    // Google is fine again, but the earlier write is not done: this one must not overtake it.
    const later = await post(p, `/${h.demo.incremental.id}/increment`, { steps: 1 });
    expect({ status: later.statusCode, body: later.json() }).toEqual({ status: 202, body: { pending: true } });
    expect((await h.control.requests()).filter((r) => r.method === 'POST')).toEqual([]);
    await h.drain();
    // set-steps(3) then +1 = 4; the other order would give 3.
    expect(await h.truth(p.playerId, h.demo.incremental.id)).toMatchObject({ currentSteps: 4 });
  });

  it('a player whose grant is dead keeps their writes pending until they sign in again', async () => {
    const p = await h.signIn();
    await post(p, `/${h.demo.big.id}/increment`, { steps: 1 });
    await h.control.revokeGrants(p.playerId);
    const res = await post(p, `/${h.demo.big.id}/increment`, { steps: 2 });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    const [parked] = await h.store.pendingWritesForPlayer(p.ref);
    expect(parked!.nextAttemptAt).toBeGreaterThan(Date.now() + 60 * 60_000);
    await h.module.worker.runOnce();
    expect(await h.truth(p.playerId, h.demo.big.id)).toMatchObject({ currentSteps: 1 });

    await h.signInAgain(p.playerId);
    // Signing in again resumes the player's writes: due now, not in hours.
    expect((await h.store.pendingWritesForPlayer(p.ref))[0]!.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    await h.drain();
    expect(await h.truth(p.playerId, h.demo.big.id)).toMatchObject({ currentSteps: 3 });
  });

  it('a write Google refuses for good is recorded as failed, answered with a clear 4xx, and listed for the operator', async () => {
    const p = await h.signIn();
    await post(p, `/${h.demo.standard.id}/unlock`);
    await h.control.addFault({ path: `/games/v1/achievements/${h.demo.standard2.id}/unlock`, status: 400, reason: 'invalid', times: 1 });
    const res = await post(p, `/${h.demo.standard2.id}/unlock`);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 400, body: { error: { code: 'ACHIEVEMENT_WRITE_REJECTED', message: expect.any(String) } } });
    const report = await outbox();
    expect(report.failedWrites[0]).toMatchObject({
      playerId: p.playerId,
      achievementId: h.demo.standard2.id,
      type: 'UNLOCK',
      attempts: 0,
      error: expect.stringContaining('400'),
    });
    expect(report.failed).toBeGreaterThanOrEqual(1);
    await h.control.clearFaults();
  });

  it('a draft written by a non-tester: 404 ACHIEVEMENT_NOT_FOUND, nothing stored (draft-visibility.test.ts has the rest)', async () => {
    const tester = await h.signIn({ tester: true });
    const p = await h.signIn();
    // A tester's read may fill the definitions cache with drafts; the write is checked against what Google shows this player.
    await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: tester.headers });
    const res = await post(p, `/${h.demo.draft.id}/unlock`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ACHIEVEMENT_NOT_FOUND');
    expect(await h.store.pendingWritesForPlayer(p.ref)).toEqual([]);
  });

  it('a batch Google refuses as a whole is sent one by one: only the bad write fails', async () => {
    const p = await h.signIn();
    await h.control.addFault({ path: '/games/v1/achievements/updateMultiple', status: 404, reason: 'notFound', times: 1 });
    const res = await post(p, ':batch', {
      updates: [
        { achievementId: h.demo.standard.id, type: 'UNLOCK' },
        { achievementId: h.demo.incremental.id, type: 'INCREMENT', steps: 2 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([
      { achievementId: h.demo.standard.id, type: 'UNLOCK', state: 'UNLOCKED', newlyUnlocked: true },
      { achievementId: h.demo.incremental.id, type: 'INCREMENT', currentSteps: 2, newlyUnlocked: false },
    ]);
    await h.control.clearFaults();
  });

  it('the admin outbox needs the server API key, and counts pending writes', async () => {
    const p = await h.signIn();
    await post(p, `/${h.demo.standard.id}/unlock`);
    const noKey = await h.backend.app.inject({ method: 'GET', url: '/v1/admin/achievements/outbox' });
    expect({ status: noKey.statusCode, code: noKey.json().error.code }).toEqual({ status: 401, code: 'SERVER_API_KEY_INVALID' });
    const session = await h.backend.app.inject({ method: 'GET', url: '/v1/admin/achievements/outbox', headers: p.headers });
    expect(session.statusCode).toBe(401);
    await h.control.addFault({ path: `/games/v1/achievements/`, status: 503, times: 100 });
    expect((await post(p, `/${h.demo.standard2.id}/unlock`)).statusCode).toBe(202);
    const report = await outbox();
    expect(report).toMatchObject({ pending: 1, inFlight: 0, oldestPendingAgeMs: expect.any(Number), failedWrites: expect.any(Array) });
    await h.control.clearFaults();
    await h.drain();
    expect((await outbox()).pending).toBe(0);
  });

  it('DELETE /v1/me drops the player’s pending writes with the rest of their data', async () => {
    const p = await h.signIn();
    await post(p, `/${h.demo.standard.id}/unlock`);
    await h.control.addFault({ path: `/games/v1/achievements/`, status: 503, times: 100 });
    expect((await post(p, `/${h.demo.standard2.id}/unlock`)).statusCode).toBe(202);
    await h.control.clearFaults();
    const del = await h.backend.app.inject({ method: 'DELETE', url: '/v1/me', headers: p.headers });
    expect(del.statusCode).toBe(204);
    expect(await h.store.pendingWritesForPlayer(p.ref)).toEqual([]);
    expect((await h.store.outboxStats(Date.now())).pending).toBe(0);
  });

  it('counts writes by operation and outcome in /metrics', async () => {
    const res = await h.backend.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(/pgs_achievement_writes_total\{op="UNLOCK",outcome="applied"\} \d+/);
    expect(res.body).toMatch(/pgs_achievement_writes_total\{op="INCREMENT",outcome="pending"\} \d+/);
  });
});
