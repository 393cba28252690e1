/**
 * Conformance: what operators read and do (the console and the admin API): player search, session
 * lists, the three outboxes (achievement writes, scores, event updates) by status, retry and cancel.
 */
import { describe, expect, it } from 'vitest';
import type { AchievementWrite } from '../store.js';
import type { Harness } from './harness.js';

export function describeOperators(h: Harness): void {
  const enqueue = async (playerId: string, achievementIds: string[]): Promise<AchievementWrite[]> => {
    const result = await h.store.enqueueAchievementWrites(playerId, achievementIds.map((achievementId) => ({ achievementId, op: 'UNLOCK' as const })));
    if (!('writes' in result)) throw new Error('unexpected replay');
    return result.writes;
  };

  describe('operators: player search', () => {
    it('finds by a part of the display name (any case, wildcards literal), and by every ID exactly; newest sign-in first', async () => {
      const ada = await h.player({ displayName: 'Ada Lovelace', idToken: { sub: 'sub-ada-search', email: 'ada@example.com' } });
      h.advance(10);
      const grace = await h.player({ displayName: 'Grace 50% Hopper' });
      h.advance(10);
      const adam = await h.player({ displayName: 'Adam' });

      expect((await h.store.searchPlayers('ADA', 10)).map((p) => p.id)).toEqual([adam.id, ada.id]);
      expect((await h.store.searchPlayers('50%', 10)).map((p) => p.id)).toEqual([grace.id]);
      expect(await h.store.searchPlayers('5_%', 10)).toEqual([]);
      for (const id of [ada.id, ada.playerId, ada.accountId, 'sub-ada-search', 'ada@example.com']) {
        expect((await h.store.searchPlayers(id, 10)).map((p) => p.id), id).toEqual([ada.id]);
      }
      // A part of an ID is not a match: IDs match exactly.
      expect(await h.store.searchPlayers(ada.playerId.slice(0, 8), 10)).toEqual([]);
      expect((await h.store.searchPlayers('', 2)).map((p) => p.id)).toEqual([adam.id, grace.id]);
      expect(await h.store.searchPlayers('ada', 10)).toEqual(expect.arrayContaining([await h.store.findPlayer(ada.id)]));
    });

    it('finds a player by a Play Games ID they had before a remap', async () => {
      const first = h.newPlayerId();
      const player = await h.player({ playerId: first, displayName: 'Remapped' });
      const { player: moved } = await h.signIn({ playerId: h.newPlayerId(), originalPlayerId: first, displayName: 'Remapped' });
      expect(moved.id).toBe(player.id);
      expect((await h.store.searchPlayers(first, 10)).map((p) => [p.id, p.playerId])).toEqual([[player.id, moved.playerId]]);
    });
  });

  describe('operators: sessions of a player', () => {
    it('lists them newest first, revoked ones too, and no one else’s', async () => {
      const p = await h.player();
      const other = await h.player();
      const older = await h.store.createSessionFamily(p.id, 'op-s1', h.now + 60_000);
      h.advance(5);
      const newer = await h.store.createSessionFamily(p.id, 'op-s2', h.now + 60_000);
      await h.store.createSessionFamily(other.id, 'op-s3', h.now + 60_000);
      await h.store.revokeSessionFamily(older.id, 'logout');
      expect(await h.store.listSessionFamilies(p.id, 10)).toEqual([newer, { ...older, revokedAt: h.now, revokedReason: 'logout' }]);
      expect(await h.store.listSessionFamilies(p.id, 1)).toEqual([newer]);
    });
  });

  describe('operators: the outbox by status, retry and cancel', () => {
    it('lists pending and in-flight writes oldest first, failed ones newest first, narrowed to a player', async () => {
      const p = await h.player();
      const q = await h.player();
      const [a, b, c] = await enqueue(p.id, ['a', 'b', 'c']);
      const [d] = await enqueue(q.id, ['d']);
      await h.store.claimDueWrites({ now: h.now, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 1 });
      await h.store.retryWrites([a!.id], h.now, 'HTTP 503');
      await h.store.failWrites([a!.id], 'google refused: HTTP 404');
      await h.store.failWrites([d!.id], 'google refused: HTTP 400');

      expect((await h.store.listWrites({ status: 'failed', limit: 10 })).map((w) => [w.id, w.lastError])).toEqual([
        [d!.id, 'google refused: HTTP 400'],
        [a!.id, 'google refused: HTTP 404'],
      ]);
      expect((await h.store.listWrites({ status: 'pending', limit: 10 })).map((w) => w.id)).toEqual([b!.id, c!.id]);
      expect((await h.store.listWrites({ status: 'pending', limit: 1 })).map((w) => w.id)).toEqual([b!.id]);
      expect((await h.store.listWrites({ status: 'failed', playerId: p.id, limit: 10 })).map((w) => w.id)).toEqual([a!.id]);
      expect(await h.store.listWrites({ status: 'in_flight', limit: 10 })).toEqual([]);
    });

    it('retry puts a failed write back to pending, due now, attempts from 0; anything else is left alone', async () => {
      const p = await h.player();
      const [failed, pending] = await enqueue(p.id, ['f', 'p']);
      await h.store.retryWrites([failed!.id], h.now, 'HTTP 503');
      await h.store.failWrites([failed!.id], 'google refused: HTTP 404');
      const at = h.advance(1_000);

      const retried = await h.store.retryFailedWrite(failed!.id);
      expect(retried).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0, nextAttemptAt: at, leaseUntil: null, updatedAt: at });
      expect(await h.store.findWrites([failed!.id])).toEqual([retried]);
      expect(await h.store.retryFailedWrite(pending!.id)).toBeUndefined();
      expect(await h.store.retryFailedWrite(failed!.id)).toBeUndefined();
      expect(await h.store.retryFailedWrite(987_654_321)).toBeUndefined();
      // The worker sends it again.
      const claimed = await h.store.claimDueWrites({ now: at, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
      expect(claimed.flatMap((c) => c.writes.map((w) => w.id))).toEqual([failed!.id, pending!.id]);
    });

    it('cancel makes a pending or a failed write cancelled (final, never sent, with the reason); an in-flight, done or cancelled one stays', async () => {
      const p = await h.player();
      const [inFlight, pending, done, failed] = await enqueue(p.id, ['i', 'p', 'd', 'f']);
      await h.store.claimDueWrites({ now: h.now, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 1 });
      await h.store.completeWrites([done!.id]);
      await h.store.failWrites([failed!.id], 'google refused: HTTP 404');
      const at = h.advance(10);

      const reason = 'cancelled by an operator';
      expect(await h.store.cancelWrite(pending!.id, reason)).toEqual({ ...pending, status: 'cancelled', lastError: reason, updatedAt: at });
      expect(await h.store.cancelWrite(failed!.id, reason)).toMatchObject({ id: failed!.id, status: 'cancelled', lastError: reason });
      expect(await h.store.cancelWrite(inFlight!.id, reason)).toBeUndefined();
      expect(await h.store.cancelWrite(done!.id, reason)).toBeUndefined();
      expect(await h.store.cancelWrite(pending!.id, reason)).toBeUndefined();
      expect(await h.store.cancelWrite(987_654_321, reason)).toBeUndefined();
      expect((await h.store.findWrites([inFlight!.id, pending!.id, done!.id, failed!.id])).map((w) => [w.id, w.status])).toEqual([
        [inFlight!.id, 'in_flight'],
        [pending!.id, 'cancelled'],
        [done!.id, 'done'],
        [failed!.id, 'cancelled'],
      ]);
      // Never sent: the worker does not claim it, and it is no longer open or failed.
      await h.store.completeWrites([inFlight!.id]);
      expect(await h.store.claimDueWrites({ now: at, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 10 })).toEqual([]);
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual([]);
      expect(await h.store.listWrites({ status: 'failed', playerId: p.id, limit: 10 })).toEqual([]);
    });
  });

  describe('operators: the score and event outboxes by status, retry and cancel', () => {
    const score = (n: number) => ({ leaderboardId: 'board-op', score: n, order: 'LARGER_IS_BETTER' as const });
    const claimAll = { leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 10 };

    it('scores: listed by status narrowed to a player; retry of a failed one; cancel of a pending or failed one, left out of the history and pruned', async () => {
      const p = await h.player();
      const other = await h.player();
      const [failed, inFlight, pending] = await h.store.enqueueScoreWrites(p.id, [score(1), score(2), score(3)]);
      await h.store.enqueueScoreWrites(other.id, [score(9)]);
      await h.store.failScoreWrites([failed!.id], 'google refused: HTTP 400');
      await h.store.claimDueScoreWrites({ now: h.now, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 1 });
      expect((await h.store.findScoreWrites([inFlight!.id]))[0]!.status).toBe('in_flight');

      expect((await h.store.listScoreWrites({ status: 'failed', playerId: p.id, limit: 10 })).map((w) => [w.id, w.lastError])).toEqual([[failed!.id, 'google refused: HTTP 400']]);
      expect((await h.store.listScoreWrites({ status: 'pending', playerId: p.id, limit: 10 })).map((w) => w.id)).toEqual([pending!.id]);
      expect((await h.store.listScoreWrites({ status: 'in_flight', playerId: p.id, limit: 10 })).map((w) => w.id)).toEqual([inFlight!.id]);

      const at = h.advance(1_000);
      expect(await h.store.retryFailedScoreWrite(failed!.id)).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0, nextAttemptAt: at, updatedAt: at });
      expect(await h.store.retryFailedScoreWrite(failed!.id)).toBeUndefined();
      expect(await h.store.retryFailedScoreWrite(987_654_321)).toBeUndefined();

      const reason = 'cancelled by an operator';
      expect(await h.store.cancelScoreWrite(pending!.id, reason)).toEqual({ ...pending, status: 'cancelled', lastError: reason, updatedAt: at });
      expect(await h.store.cancelScoreWrite(inFlight!.id, reason)).toBeUndefined();
      expect(await h.store.cancelScoreWrite(pending!.id, reason)).toBeUndefined();
      expect((await h.store.openScoreWritesForPlayer(p.id)).map((w) => w.id)).toEqual([failed!.id, inFlight!.id]);
      expect((await h.store.scoreHistory(p.id, 'board-op', 0)).map((w) => w.id)).toEqual([failed!.id, inFlight!.id]);
      // The other player's score was claimed too.
      expect(await h.store.scoreOutboxStats(at)).toMatchObject({ pending: 1, inFlight: 2, failed: 0 });

      h.advance(10);
      expect(await h.store.pruneScoreWrites(h.now)).toBe(1);
      expect(await h.store.findScoreWrites([pending!.id])).toEqual([]);
    });

    it('events: retry of a failed update takes it out of its batch; cancel refuses a pending update of a sent batch, takes one not sent yet or a failed one', async () => {
      const p = await h.player();
      const first = await h.store.enqueueEventWrites(p.id, [{ eventId: 'ev-a', count: 2 }, { eventId: 'ev-b', count: 5 }]);
      if (!('writes' in first)) throw new Error('unexpected replay');
      const [sent, refused] = first.writes;
      const [batch] = await h.store.claimDueEventBatches({ now: h.now, ...claimAll });
      expect(batch!.writes.map((w) => w.id)).toEqual([sent!.id, refused!.id]);
      // The answer was lost for one, the other was refused for good.
      await h.store.retryEventWrites([sent!.id], h.now + 60_000, 'HTTP 503');
      await h.store.failEventWrites([refused!.id], 'google refused the event update: NOT_FOUND');
      const later = await h.store.enqueueEventWrites(p.id, [{ eventId: 'ev-a', count: 1 }]);
      if (!('writes' in later)) throw new Error('unexpected replay');
      const [queued] = later.writes;

      expect((await h.store.listEventWrites({ status: 'pending', playerId: p.id, limit: 10 })).map((w) => [w.id, w.requestId === null])).toEqual([
        [sent!.id, false],
        [queued!.id, true],
      ]);
      expect((await h.store.listEventWrites({ status: 'failed', playerId: p.id, limit: 10 })).map((w) => w.id)).toEqual([refused!.id]);

      const reason = 'cancelled by an operator';
      expect(await h.store.cancelEventWrite(sent!.id, reason)).toBeUndefined();
      expect((await h.store.findEventWrites([sent!.id]))[0]).toMatchObject({ status: 'pending', requestId: batch!.requestId });
      const at = h.advance(10);
      expect(await h.store.cancelEventWrite(queued!.id, reason)).toEqual({ ...queued, status: 'cancelled', lastError: reason, updatedAt: at });

      expect(await h.store.retryFailedEventWrite(queued!.id)).toBeUndefined();
      expect(await h.store.retryFailedEventWrite(refused!.id)).toMatchObject({ id: refused!.id, status: 'pending', attempts: 0, requestId: null, nextAttemptAt: at });
      expect(await h.store.retryFailedEventWrite(987_654_321)).toBeUndefined();
      expect(await h.store.findEventWrites([987_654_321])).toEqual([]);

      // The lost batch is resent alone, as it was; the retried update then goes in a new batch; the cancelled one never.
      const resent = await h.store.claimDueEventBatches({ now: h.now + 60_000, ...claimAll });
      expect(resent.map((b) => [b.requestId, b.writes.map((w) => w.id)])).toEqual([[batch!.requestId, [sent!.id]]]);
      await h.store.completeEventWrites([sent!.id]);
      const next = await h.store.claimDueEventBatches({ now: h.now + 60_000, ...claimAll });
      expect(next.map((b) => b.writes.map((w) => w.id))).toEqual([[refused!.id]]);
      expect(next[0]!.requestId).not.toBe(batch!.requestId);
      await h.store.failEventWrites([refused!.id], 'google refused the event update: NOT_FOUND');
      expect(await h.store.cancelEventWrite(refused!.id, reason)).toMatchObject({ status: 'cancelled' });

      h.advance(10);
      expect(await h.store.pruneEventOutbox(h.now)).toBe(3);
      expect(await h.store.findEventWrites([sent!.id, refused!.id, queued!.id])).toEqual([]);
    });
  });
}
