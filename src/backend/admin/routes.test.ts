/**
 * The operators' admin API over HTTP, on both stores: player search and detail, revoke, the
 * outbox by status with retry and cancel, metrics, and the audit log every action lands in.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AchievementHarness, SERVER_API_KEY, type SignedInPlayer } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

const KEY = { authorization: `Bearer ${SERVER_API_KEY}` };

describeEachStore('admin API', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database, module: { backoff: { baseMs: 50, maxMs: 200 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const admin = async (method: 'GET' | 'POST', url: string) => {
    const res = await h.backend.app.inject({ method, url, headers: KEY });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };
  const unlock = (p: SignedInPlayer, achievementId: string) =>
    h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${achievementId}/unlock`, headers: p.headers });

  it('finds players by a part of their name and by their Play Games ID, with their grant state; answers are never cached', async () => {
    const p = await h.signIn();
    const { displayName } = await h.control.player(p.playerId);
    const byName = await admin('GET', `/v1/admin/players?query=${encodeURIComponent(displayName.slice(0, 6).toUpperCase())}`);
    expect(byName.status).toBe(200);
    expect(byName.headers['cache-control']).toBe('no-store');
    expect(byName.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: p.ref, playerId: p.playerId, displayName, grantState: 'active' })]));
    // Signed in without the openid/email scopes: no email is known.
    const byId = await admin('GET', `/v1/admin/players?query=${p.playerId}`);
    expect(byId.body.items).toEqual([
      { id: p.ref, playerId: p.playerId, displayName, accountId: expect.stringMatching(/^acc_/), applicationId: h.demoApp.applicationId, email: null, createdAt: expect.any(Number), lastSignInAt: expect.any(Number), grantState: 'active' },
    ]);
    expect((await admin('GET', '/v1/admin/players?query=nobody-is-called-this')).body.items).toEqual([]);
    expect((await admin('GET', '/v1/admin/players?limit=0')).status).toBe(400);
  });

  it('shows one player: ID history, linked identities, grant without its tokens, sessions', async () => {
    const p = await h.signIn();
    const detail = await admin('GET', `/v1/admin/players/${p.ref}`);
    expect(detail.status).toBe(200);
    expect(detail.body.idHistory).toEqual([{ playerId: p.playerId, kind: 'current', firstSeenAt: expect.any(Number) }]);
    expect(detail.body.identities).toEqual([{ provider: 'play-games', subject: p.ref, linkedAt: expect.any(Number) }]);
    expect(detail.body.grant).toMatchObject({ state: 'active', status: 'active', hasRefreshToken: true, lastError: null });
    expect(JSON.stringify(detail.body)).not.toMatch(/ciphertext|ya29|1\/\//);
    expect(detail.body.sessions).toEqual([{ id: expect.any(String), createdAt: expect.any(Number), active: true, revokedAt: null, revokedReason: null }]);
    expect(detail.body.writes).toEqual([]);
    const missing = await admin('GET', '/v1/admin/players/no-such-player');
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: 'PLAYER_NOT_FOUND' });
  });

  it("reads the player's achievements from Google with their grant", async () => {
    const p = await h.signIn();
    expect((await unlock(p, h.demo.standard.id)).statusCode).toBe(200);
    const res = await admin('GET', `/v1/admin/players/${p.ref}/achievements`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: h.demo.standard.id, state: 'UNLOCKED' })]));
  });

  it("reads the player's own scores on every leaderboard from Google", async () => {
    const p = await h.signIn();
    const [board] = (await h.control.applications())[0]!.leaderboards.filter((b) => b.published && b.order === 'LARGER_IS_BETTER');
    const submit = await h.backend.app.inject({ method: 'POST', url: `/v1/me/leaderboards/${board!.id}/scores`, headers: p.headers, payload: { score: 1234 } });
    expect(submit.statusCode).toBe(200);
    const res = await admin('GET', `/v1/admin/players/${p.ref}/scores`);
    expect(res.status).toBe(200);
    const entry = res.body.items.find((item: { leaderboardId: string }) => item.leaderboardId === board!.id);
    expect(entry).toMatchObject({ name: board!.name, items: expect.arrayContaining([expect.objectContaining({ timeSpan: 'ALL_TIME', score: 1234 })]) });
  });

  it('revokes a player: sessions end, the Google grant is revoked at Google, the grant needs consent; audited', async () => {
    const p = await h.signIn();
    const res = await admin('POST', `/v1/admin/players/${p.ref}/revoke`);
    expect(res).toMatchObject({ status: 200, body: { revokedSessions: 1, googleRevoked: true, grantState: 'needs_consent' } });
    expect((await h.backend.app.inject({ method: 'GET', url: '/v1/me', headers: p.headers })).statusCode).toBe(401);
    expect((await h.control.player(p.playerId)).grants.every((grant) => !grant.active)).toBe(true);
    expect((await admin('GET', `/v1/admin/players/${p.ref}`)).body.player.grantState).toBe('needs_consent');
    const log = await admin('GET', `/v1/admin/audit-log?target=${p.ref}`);
    expect(log.body.items).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(Number),
        actor: 'server-api-key',
        action: 'player.revoke',
        target: p.ref,
        outcome: 'ok',
        sourceIp: '127.0.0.1',
        detail: { playerId: p.playerId, displayName: expect.any(String), revokedSessions: 1, googleRevoked: true },
      },
    ]);
  });

  it('lists pending writes with the reason they wait; cancel makes one cancelled, never to be sent; refusals are clear and audited', async () => {
    const p = await h.signIn();
    await h.control.addFault({ path: '/games/v1/achievements/', status: 503, times: 1000 });
    expect((await unlock(p, h.demo.standard.id)).statusCode).toBe(202);
    await h.module.worker.runOnce();
    const pending = await admin('GET', '/v1/admin/outbox/writes?status=pending');
    expect(pending.status).toBe(200);
    const write = pending.body.items.find((w: { playerId: string }) => w.playerId === p.playerId);
    expect(write).toMatchObject({ internalPlayerId: p.ref, achievementId: h.demo.standard.id, type: 'UNLOCK', status: 'pending', reason: expect.stringContaining('503') });
    expect(pending.body.counts.pending).toBeGreaterThanOrEqual(1);

    const notRetryable = await admin('POST', `/v1/admin/outbox/writes/${write.id}/retry`);
    expect({ status: notRetryable.status, code: notRetryable.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_RETRYABLE' });
    const cancelled = await admin('POST', `/v1/admin/outbox/writes/${write.id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { cancelled: { id: write.id, status: 'cancelled', reason: 'cancelled by an operator (server-api-key)' } } });
    const again = await admin('POST', `/v1/admin/outbox/writes/${write.id}/cancel`);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_CANCELLABLE' });
    const unknown = await admin('POST', '/v1/admin/outbox/writes/987654321/cancel');
    expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({ status: 404, code: 'WRITE_NOT_FOUND' });
    await h.control.clearFaults();
    await h.drain();
    expect(await h.truth(p.playerId, h.demo.standard.id)).toMatchObject({ achievementState: 'REVEALED' });

    const log = (await admin('GET', `/v1/admin/audit-log?target=${write.id}`)).body.items;
    expect(log.map((e: { action: string; outcome: string }) => [e.action, e.outcome])).toEqual([
      ['outbox.cancel', 'refused'],
      ['outbox.cancel', 'ok'],
      ['outbox.retry', 'refused'],
    ]);
    expect(log[1].detail).toMatchObject({ previousStatus: 'pending', previousReason: expect.stringContaining('503') });
  });

  it('retries a failed write: back to pending, then the worker applies it', async () => {
    const p = await h.signIn();
    await h.control.addFault({ path: `/games/v1/achievements/${h.demo.standard2.id}/unlock`, status: 400, reason: 'invalid', times: 1 });
    expect((await unlock(p, h.demo.standard2.id)).statusCode).toBe(400);
    const failed = await admin('GET', '/v1/admin/outbox/writes?status=failed');
    const write = failed.body.items.find((w: { playerId: string }) => w.playerId === p.playerId);
    expect(write).toMatchObject({ status: 'failed', reason: expect.stringContaining('400') });

    const retried = await admin('POST', `/v1/admin/outbox/writes/${write.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { write: { id: write.id, status: 'pending', attempts: 0 } } });
    await h.drain();
    expect(await h.truth(p.playerId, h.demo.standard2.id)).toMatchObject({ achievementState: 'UNLOCKED' });
    expect((await admin('GET', `/v1/admin/audit-log?target=${write.id}`)).body.items[0]).toMatchObject({ action: 'outbox.retry', outcome: 'ok' });
  });

  it('reports the metrics that matter: sign-ins, Google calls with errors and latency, the outbox', async () => {
    await h.signIn();
    const res = await admin('GET', '/v1/admin/metrics');
    expect(res.status).toBe(200);
    expect(res.body.signIns.total).toBeGreaterThanOrEqual(1);
    expect(Object.keys(res.body.signIns.byOutcome)).toContain('created');
    expect(res.body.google.calls).toBeGreaterThan(0);
    expect(res.body.google.operations).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'oauth.token.exchange', calls: expect.any(Number), meanMs: expect.any(Number) })]));
    expect(res.body.outbox).toEqual({ pending: expect.any(Number), inFlight: expect.any(Number), failed: expect.any(Number), oldestPendingAgeMs: expect.any(Number) });
  });

  it('pages the audit log back with before', async () => {
    const newest = (await admin('GET', '/v1/admin/audit-log?limit=2')).body.items;
    expect(newest).toHaveLength(2);
    const older = (await admin('GET', `/v1/admin/audit-log?limit=1&before=${newest[1].id}`)).body.items;
    expect(older[0].id).toBeLessThan(newest[1].id);
  });
});
