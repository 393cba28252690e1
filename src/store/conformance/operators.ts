/** Conformance: what operators read and do (the console and the admin API): player search, session lists, the outbox by status, retry and cancel. */
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
}
