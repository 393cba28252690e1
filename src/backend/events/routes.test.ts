/**
 * The event routes over HTTP, on both stores: `GET /v1/me/events` and `POST /v1/me/events`
 * (answers, validation, idempotency keys), and the durable path: Google failing (before or after
 * recording), a dead grant, order, and deletion with the player. Exactness is checked against the
 * emulator's ground truth.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { EventHarness } from '../test-support/event-harness.js';

describeEachStore('event routes', (database) => {
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

  it('records at once: 200 with the counts after the update, exactly what Google holds', async () => {
    const p = await h.signIn();
    const res = await h.record(p, [{ eventId: h.demo.first.id, count: 3 }, { eventId: h.demo.second.id, count: 10 }, { eventId: h.demo.first.id, count: 2 }]);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { items: [{ id: h.demo.first.id, count: 5 }, { id: h.demo.second.id, count: 10 }] } });
    expect(await h.truth(p)).toMatchObject({ [h.demo.first.id]: 5, [h.demo.second.id]: 10 });
    expect(await h.base.store.pendingEventWritesForPlayer(p.ref)).toEqual([]);
  });

  it('lists every event with the player’s count; a HIDDEN one once counted; drafts for testers only', async () => {
    const p = await h.signIn();
    const before = await h.list(p);
    expect(before.statusCode).toBe(200);
    expect(before.json().items.map((e: { id: string }) => e.id)).toEqual([h.demo.first.id, h.demo.second.id]);
    expect(before.json().items[0]).toMatchObject({ id: h.demo.first.id, name: h.demo.first.displayName, visibility: 'REVEALED', count: 0 });
    await h.record(p, [{ eventId: h.demo.hidden.id, count: 1 }]);
    const after = (await h.list(p)).json();
    expect(after.items.find((e: { id: string }) => e.id === h.demo.hidden.id)).toMatchObject({ visibility: 'HIDDEN', count: 1 });
    expect(after.items.map((e: { id: string }) => e.id)).not.toContain(h.demo.draft.id);

    const refused = await h.record(p, [{ eventId: h.demo.draft.id, count: 1 }]);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('EVENT_NOT_FOUND');
    const tester = await h.signIn({ tester: true });
    expect((await h.record(tester, [{ eventId: h.demo.draft.id, count: 2 }])).statusCode).toBe(200);
    expect((await h.list(tester)).json().items.find((e: { id: string }) => e.id === h.demo.draft.id)).toMatchObject({ count: 2 });
  });

  it('refuses bad input with a clear code and stores nothing', async () => {
    const p = await h.signIn();
    const cases: Array<[unknown, number, string]> = [
      [[{ eventId: h.demo.first.id, count: 0 }], 400, 'INVALID_EVENT_COUNT'],
      [[{ eventId: h.demo.first.id, count: 1.5 }], 400, 'INVALID_EVENT_COUNT'],
      [[{ eventId: h.demo.first.id, count: '2' }], 400, 'INVALID_REQUEST'],
      [[{ eventId: h.demo.first.id, count: 1, extra: true }], 400, 'INVALID_REQUEST'],
      [[], 400, 'INVALID_REQUEST'],
      [[{ eventId: 'CgkIunknownEvent', count: 1 }, { eventId: h.demo.first.id, count: 1 }], 404, 'EVENT_NOT_FOUND'],
    ];
    for (const [updates, status, code] of cases) {
      const res = await h.record(p, updates);
      expect({ status: res.statusCode, code: res.json().error?.code }, JSON.stringify(updates)).toEqual({ status, code });
    }
    const unauthenticated = await h.base.app.inject({ method: 'POST', url: '/v1/me/events', payload: { updates: [{ eventId: h.demo.first.id, count: 1 }] } });
    expect(unauthenticated.statusCode).toBe(401);
    expect(await h.base.store.pendingEventWritesForPlayer(p.ref)).toEqual([]);
    expect((await h.truth(p))[h.demo.first.id]).toBe(0);
  });

  it('replays an Idempotency-Key: the same answer, counted once; the key on another request is refused', async () => {
    const p = await h.signIn();
    const headers = { 'idempotency-key': 'dragon-kill-42' };
    const first = await h.record(p, [{ eventId: h.demo.first.id, count: 4 }], headers);
    const again = await h.record(p, [{ eventId: h.demo.first.id, count: 4 }], headers);
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await h.truth(p))[h.demo.first.id]).toBe(4);
    const other = await h.record(p, [{ eventId: h.demo.first.id, count: 5 }], headers);
    expect({ status: other.statusCode, code: other.json().error.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it.each([
    ['503', { status: 503 }],
    ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
    ['a dropped connection', { dropConnection: true }],
    ['an answer lost after Google recorded the update', { status: 503, after: true }],
    ['a connection dropped after Google recorded the update', { dropConnection: true, after: true }],
  ])('Google failing with %s: 202 pending, shown in the read, then counted exactly once', async (_name, fault) => {
    const p = await h.signIn();
    await h.record(p, [{ eventId: h.demo.first.id, count: 1 }]);
    await h.base.control.addFault({ path: '/games/v1/events', method: 'POST', times: 3, ...fault });
    const res = await h.record(p, [{ eventId: h.demo.first.id, count: 3 }]);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    const [pending] = await h.base.store.pendingEventWritesForPlayer(p.ref);
    expect(pending).toMatchObject({ eventId: h.demo.first.id, count: 3, status: 'pending', attempts: 1 });
    const read = (await h.list(p)).json().items.find((e: { id: string }) => e.id === h.demo.first.id);
    expect(read.pendingCount).toBe(3);
    await h.drain();
    expect((await h.truth(p))[h.demo.first.id]).toBe(4);
    expect((await h.list(p)).json().items.find((e: { id: string }) => e.id === h.demo.first.id)).toEqual(expect.objectContaining({ count: 4 }));
  });

  it('keeps a player’s updates in order behind an open one and batches them into one events.record', async () => {
    const p = await h.signIn();
    await h.base.control.addFault({ path: '/games/v1/events', method: 'POST', status: 503, times: 10 });
    expect((await h.record(p, [{ eventId: h.demo.first.id, count: 1 }])).statusCode).toBe(202);
    await h.base.control.clearFaults();
    await h.base.control.clearRequests();
    for (const count of [2, 3]) expect((await h.record(p, [{ eventId: h.demo.second.id, count }])).statusCode).toBe(202);
    expect((await h.base.control.requests({ operation: 'games.events.record' }))).toEqual([]);
    await h.drain();
    // The open batch goes first, as it was; the two later updates in one call.
    expect((await h.base.control.requests({ operation: 'games.events.record' })).length).toBe(2);
    expect(await h.truth(p)).toMatchObject({ [h.demo.first.id]: 1, [h.demo.second.id]: 5 });
  });

  it('keeps updates of a player whose grant died until they sign in again', async () => {
    const p = await h.signIn();
    await h.base.control.revokeGrants(p.playerId);
    const res = await h.record(p, [{ eventId: h.demo.first.id, count: 2 }]);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 202, body: { pending: true } });
    await h.base.backend.events.worker.runOnce();
    expect(await h.base.store.pendingEventWritesForPlayer(p.ref)).toEqual([expect.objectContaining({ status: 'pending' })]);
    // A new sign-in (new code, new grant) resumes them.
    const { serverAuthCode } = await h.base.control.mintServerAuthCode({ playerId: p.playerId, clientId: h.base.config.google.credentials!.clientId, forceRefreshToken: true });
    expect((await h.base.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } })).statusCode).toBe(200);
    await h.drain();
    expect((await h.truth(p))[h.demo.first.id]).toBe(2);
  });

  it('records as failed what Google refuses inside its 200: updates stored more than a week before they could be sent', async () => {
    const p = await h.signIn();
    await h.record(p, [{ eventId: h.demo.first.id, count: 1 }]);
    await h.base.control.addFault({ path: '/games/v1/events', method: 'POST', status: 503, times: 10 });
    h.base.clock.offsetMs = -8 * 24 * 3_600_000;
    try {
      expect((await h.record(p, [{ eventId: h.demo.first.id, count: 5 }])).statusCode).toBe(202);
    } finally {
      h.base.clock.offsetMs = 0;
    }
    await h.base.control.clearFaults();
    await h.drain();
    expect((await h.truth(p))[h.demo.first.id]).toBe(1);
    const outbox = await h.outbox();
    expect(outbox).toMatchObject({ pending: 0, inFlight: 0, failed: 1 });
    expect(outbox.failedWrites).toEqual([
      expect.objectContaining({ playerId: p.playerId, eventId: h.demo.first.id, count: 5, error: expect.stringContaining('TIME_PERIOD_EXPIRED') }),
    ]);
    expect((await h.record(p, [{ eventId: h.demo.first.id, count: 2 }])).json()).toEqual({ items: [{ id: h.demo.first.id, count: 3 }] });
  });

  it('DELETE /v1/me drops the player’s pending updates', async () => {
    const p = await h.signIn();
    await h.base.control.addFault({ path: '/games/v1/events', method: 'POST', status: 503, times: 10 });
    expect((await h.record(p, [{ eventId: h.demo.first.id, count: 2 }])).statusCode).toBe(202);
    expect((await h.base.app.inject({ method: 'DELETE', url: '/v1/me', headers: p.headers })).statusCode).toBe(204);
    expect(await h.base.store.pendingEventWritesForPlayer(p.ref)).toEqual([]);
    expect(await h.base.store.eventOutboxStats(Date.now())).toMatchObject({ pending: 0, inFlight: 0 });
  });
});
