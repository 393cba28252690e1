/**
 * The operators' view of the score and event outboxes over HTTP, on both stores: each listed by
 * status with the reason of the last failure, retry and cancel with the stored state they leave
 * and the audit rows they write; and a player's events with their event updates in the outbox.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { EventHarness, type EventPlayer } from '../test-support/event-harness.js';
import { SERVER_API_KEY } from '../test-support/achievement-harness.js';

const KEY = { authorization: `Bearer ${SERVER_API_KEY}` };

describeEachStore('admin API: score and event outboxes', (database) => {
  let h: EventHarness;
  beforeAll(async () => {
    h = await EventHarness.start(database);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await h.base.control.clearFaults();
  });

  const admin = async (method: 'GET' | 'POST', url: string, headers: Record<string, string> = KEY) => {
    const res = await h.base.app.inject({ method, url, headers });
    return { status: res.statusCode, body: res.json() };
  };
  const auditOf = async (target: string) => (await admin('GET', `/v1/admin/audit-log?target=${encodeURIComponent(target)}`)).body.items as Array<{ action: string; outcome: string; actor: string; detail: Record<string, unknown> }>;
  const board = async () => (await h.base.control.applications())[0]!.leaderboards.find((b) => b.published && b.order === 'LARGER_IS_BETTER')!;
  const submit = (p: EventPlayer, leaderboardId: string, score: number) =>
    h.base.app.inject({ method: 'POST', url: `/v1/me/leaderboards/${leaderboardId}/scores`, headers: p.headers, payload: { score } });

  it('answers 401 SERVER_API_KEY_INVALID without the key, on every new route', async () => {
    const routes: Array<['GET' | 'POST', string]> = [
      ['GET', '/v1/admin/players/someone/events'],
      ['GET', '/v1/admin/outbox/scores?status=pending'],
      ['POST', '/v1/admin/outbox/scores/1/retry'],
      ['POST', '/v1/admin/outbox/scores/1/cancel'],
      ['GET', '/v1/admin/outbox/events?status=pending'],
      ['POST', '/v1/admin/outbox/events/1/retry'],
      ['POST', '/v1/admin/outbox/events/1/cancel'],
    ];
    for (const [method, url] of routes) {
      for (const headers of [{}, { authorization: 'Bearer not-the-key' }] as Array<Record<string, string>>) {
        const res = await admin(method, url, headers);
        expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 401, code: 'SERVER_API_KEY_INVALID' });
      }
    }
  });

  it("shows a player's events as Google counts them with their updates in the outbox; a batch whose answer was lost cannot be cancelled, an update not sent yet can", async () => {
    const p = await h.signIn();
    expect((await h.record(p, [{ eventId: h.demo.first.id, count: 3 }])).statusCode).toBe(200);
    await h.base.control.addFault({ path: '/games/v1/events', method: 'POST', status: 503, times: 1000 });
    // Sent at once and lost: the update keeps its batch's requestId.
    expect((await h.record(p, [{ eventId: h.demo.first.id, count: 2 }])).statusCode).toBe(202);
    // Stored behind it, not sent yet.
    expect((await h.record(p, [{ eventId: h.demo.second.id, count: 7 }])).statusCode).toBe(202);

    const res = await admin('GET', `/v1/admin/players/${p.ref}/events`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: h.demo.first.id, name: h.demo.first.displayName, count: 5, pendingCount: 2 }),
        expect.objectContaining({ id: h.demo.second.id, count: 7, pendingCount: 7 }),
      ]),
    );
    expect(res.body.writes).toEqual([
      {
        id: expect.any(Number),
        playerId: p.playerId,
        internalPlayerId: p.ref,
        eventId: h.demo.first.id,
        count: 2,
        batched: true,
        status: 'pending',
        attempts: 1,
        nextAttemptAt: expect.any(Number),
        reason: expect.stringContaining('503'),
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      },
      expect.objectContaining({ eventId: h.demo.second.id, count: 7, batched: false, status: 'pending', attempts: 0 }),
    ]);
    const [lost, queued] = res.body.writes as Array<{ id: number }>;

    const listed = await admin('GET', '/v1/admin/outbox/events?status=pending');
    expect(listed.status).toBe(200);
    expect(listed.body.counts).toMatchObject({ pending: expect.any(Number), inFlight: expect.any(Number), failed: expect.any(Number) });
    expect(listed.body.counts.pending).toBeGreaterThanOrEqual(2);
    expect(listed.body.items.filter((w: { internalPlayerId: string }) => w.internalPlayerId === p.ref).map((w: { id: number }) => w.id)).toEqual([lost!.id, queued!.id]);

    const refused = await admin('POST', `/v1/admin/outbox/events/${lost!.id}/cancel`);
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_CANCELLABLE' });
    expect(refused.body.error.message).toMatch(/answer was lost/);
    const notRetryable = await admin('POST', `/v1/admin/outbox/events/${queued!.id}/retry`);
    expect({ status: notRetryable.status, code: notRetryable.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_RETRYABLE' });
    const cancelled = await admin('POST', `/v1/admin/outbox/events/${queued!.id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { cancelled: { id: queued!.id, eventId: h.demo.second.id, status: 'cancelled', reason: 'cancelled by an operator (server-api-key)' } } });
    const [stored] = await h.base.store.findEventWrites([queued!.id]);
    expect(stored).toMatchObject({ status: 'cancelled', lastError: 'cancelled by an operator (server-api-key)' });
    const unknown = await admin('POST', '/v1/admin/outbox/events/987654321/cancel');
    expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({ status: 404, code: 'WRITE_NOT_FOUND' });

    expect((await auditOf(`event-write:${queued!.id}`)).map((e) => [e.action, e.outcome])).toEqual([
      ['outbox.event.cancel', 'ok'],
      ['outbox.event.retry', 'refused'],
    ]);
    expect((await auditOf(`event-write:${queued!.id}`))[0]).toMatchObject({
      actor: 'server-api-key',
      detail: { eventId: h.demo.second.id, count: 7, previousStatus: 'pending', previousReason: null, player: p.ref },
    });
    expect((await auditOf(`event-write:${lost!.id}`))[0]).toMatchObject({ action: 'outbox.event.cancel', outcome: 'refused', detail: { reason: 'WRITE_NOT_CANCELLABLE', batched: true } });

    // Google back: the lost batch goes again as it was; the cancelled update never does.
    await h.base.control.clearFaults();
    await h.drain();
    expect(await h.truth(p)).toMatchObject({ [h.demo.first.id]: 5 });
    expect((await h.truth(p))[h.demo.second.id] ?? 0).toBe(0);
    expect((await admin('GET', `/v1/admin/players/${p.ref}/events`)).body.writes).toEqual([]);

    const missing = await admin('GET', '/v1/admin/players/no-such-player/events');
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: 'PLAYER_NOT_FOUND' });
  });

  it('retries a failed event update in a new batch: back to pending, then the worker sends it; audited', async () => {
    const p = await h.signIn();
    await h.base.control.addFault({ path: '/games/v1/events', method: 'POST', status: 400, reason: 'invalid', times: 1 });
    await h.record(p, [{ eventId: h.demo.first.id, count: 4 }]);
    const failed = await admin('GET', '/v1/admin/outbox/events?status=failed');
    expect(failed.status).toBe(200);
    const write = failed.body.items.find((w: { internalPlayerId: string }) => w.internalPlayerId === p.ref);
    expect(write).toMatchObject({ playerId: p.playerId, eventId: h.demo.first.id, count: 4, status: 'failed', reason: expect.stringContaining('400') });
    expect(failed.body.counts.failed).toBeGreaterThanOrEqual(1);

    const retried = await admin('POST', `/v1/admin/outbox/events/${write.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { write: { id: write.id, status: 'pending', attempts: 0, batched: false, nextAttemptAt: expect.any(Number) } } });
    const [stored] = await h.base.store.findEventWrites([write.id]);
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, requestId: null });
    await h.drain();
    expect((await h.truth(p))[h.demo.first.id]).toBe(4);
    expect((await h.base.store.findEventWrites([write.id]))[0]).toMatchObject({ status: 'done' });
    const again = await admin('POST', `/v1/admin/outbox/events/${write.id}/retry`);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_RETRYABLE' });
    expect((await auditOf(`event-write:${write.id}`)).map((e) => [e.action, e.outcome, e.detail])).toEqual([
      ['outbox.event.retry', 'refused', { reason: 'WRITE_NOT_RETRYABLE' }],
      ['outbox.event.retry', 'ok', { eventId: h.demo.first.id, count: 4, player: p.ref }],
    ]);
  });

  it('lists pending scores with the reason they wait; cancel makes one cancelled, never sent; refusals are clear and audited', async () => {
    const p = await h.signIn();
    const { id: boardId } = await board();
    await h.base.control.addFault({ path: `/games/v1/leaderboards/${boardId}/scores`, method: 'POST', status: 503, times: 1000 });
    expect((await submit(p, boardId, 4321)).statusCode).toBe(202);
    const pending = await admin('GET', '/v1/admin/outbox/scores?status=pending');
    expect(pending.status).toBe(200);
    const write = pending.body.items.find((w: { internalPlayerId: string }) => w.internalPlayerId === p.ref);
    expect(write).toEqual({
      id: expect.any(Number),
      playerId: p.playerId,
      internalPlayerId: p.ref,
      leaderboardId: boardId,
      score: 4321,
      status: 'pending',
      attempts: expect.any(Number),
      nextAttemptAt: expect.any(Number),
      reason: expect.stringContaining('503'),
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    expect(pending.body.counts.pending).toBeGreaterThanOrEqual(1);

    const notRetryable = await admin('POST', `/v1/admin/outbox/scores/${write.id}/retry`);
    expect({ status: notRetryable.status, code: notRetryable.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_RETRYABLE' });
    const cancelled = await admin('POST', `/v1/admin/outbox/scores/${write.id}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { cancelled: { id: write.id, score: 4321, status: 'cancelled', reason: 'cancelled by an operator (server-api-key)' } } });
    expect((await h.base.store.findScoreWrites([write.id]))[0]).toMatchObject({ status: 'cancelled' });
    expect(await h.base.store.openScoreWritesForPlayer(p.ref)).toEqual([]);
    const again = await admin('POST', `/v1/admin/outbox/scores/${write.id}/cancel`);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'WRITE_NOT_CANCELLABLE' });
    const unknown = await admin('POST', '/v1/admin/outbox/scores/987654321/retry');
    expect({ status: unknown.status, code: unknown.body.error.code }).toEqual({ status: 404, code: 'WRITE_NOT_FOUND' });
    expect((await admin('GET', '/v1/admin/outbox/scores?status=done')).status).toBe(400);

    const log = await auditOf(`score-write:${write.id}`);
    expect(log.map((e) => [e.action, e.outcome])).toEqual([
      ['outbox.score.cancel', 'refused'],
      ['outbox.score.cancel', 'ok'],
      ['outbox.score.retry', 'refused'],
    ]);
    expect(log[1]!.detail).toEqual({ leaderboardId: boardId, score: 4321, previousStatus: 'pending', previousReason: expect.stringContaining('503'), player: p.ref });
    // The cancelled score is no longer the player's: their own scores show no pending one.
    await h.base.control.clearFaults();
    const own = (await admin('GET', `/v1/admin/players/${p.ref}/scores`)).body.items.find((item: { leaderboardId: string }) => item.leaderboardId === boardId);
    expect(own.items.filter((s: { pending?: boolean }) => s.pending === true)).toEqual([]);
  });

  it('retries a failed score: back to pending, then the worker sends it', async () => {
    const p = await h.signIn();
    const { id: boardId } = await board();
    await h.base.control.addFault({ path: `/games/v1/leaderboards/${boardId}/scores`, method: 'POST', status: 400, reason: 'invalid', times: 1 });
    expect((await submit(p, boardId, 77)).statusCode).toBe(400);
    const failed = await admin('GET', '/v1/admin/outbox/scores?status=failed&limit=5');
    const write = failed.body.items.find((w: { internalPlayerId: string }) => w.internalPlayerId === p.ref);
    expect(write).toMatchObject({ status: 'failed', score: 77, reason: expect.stringContaining('400') });

    const retried = await admin('POST', `/v1/admin/outbox/scores/${write.id}/retry`);
    expect(retried).toMatchObject({ status: 200, body: { write: { id: write.id, status: 'pending', attempts: 0 } } });
    expect((await h.base.store.findScoreWrites([write.id]))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    await h.base.backend.leaderboards.worker.runOnce();
    expect((await h.base.store.findScoreWrites([write.id]))[0]).toMatchObject({ status: 'done' });
    expect((await auditOf(`score-write:${write.id}`))[0]).toMatchObject({ action: 'outbox.score.retry', outcome: 'ok', detail: { leaderboardId: boardId, score: 77, player: p.ref } });
  });
});
