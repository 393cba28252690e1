/** Conformance: the score outbox, its leases, settling, parking and history. */
import { describe, expect, it } from 'vitest';
import type { ClaimOptions, ScoreWrite, ScoreWriteInput, Store } from '../store.js';
import type { Harness } from './harness.js';

const LEASE = 30_000;
const BOARD = 'CgkIlNDIwqcbEAIQCg';

export function describeScoreWrites(h: Harness): void {
  const claim = (overrides: Partial<ClaimOptions> = {}, store: Store = h.store) =>
    store.claimDueScoreWrites({ now: h.now, leaseMs: LEASE, maxPlayers: 100, maxWritesPerPlayer: 100, ...overrides });
  const ids = (writes: readonly ScoreWrite[]) => writes.map((w) => w.id);
  const score = (value: number, overrides: Partial<ScoreWriteInput> = {}): ScoreWriteInput => ({ leaderboardId: BOARD, score: value, order: 'LARGER_IS_BETTER', ...overrides });

  describe('score outbox', () => {
    it('stores scores in order, due now, with their tag and the board order; open ones are listed', async () => {
      const p = await h.player();
      const writes = await h.store.enqueueScoreWrites(p.id, [
        score(10),
        score(-5, { scoreTag: 'run-2', leaderboardId: 'time', order: 'SMALLER_IS_BETTER' }),
        score(Number.MAX_SAFE_INTEGER),
      ]);
      const common = { playerId: p.id, status: 'pending', attempts: 0, nextAttemptAt: h.now, leaseUntil: null, lastError: null, result: null, createdAt: h.now, updatedAt: h.now };
      expect(writes).toEqual([
        { ...common, id: expect.any(Number) as unknown, leaderboardId: BOARD, score: 10, scoreTag: null, order: 'LARGER_IS_BETTER' },
        { ...common, id: expect.any(Number) as unknown, leaderboardId: 'time', score: -5, scoreTag: 'run-2', order: 'SMALLER_IS_BETTER' },
        { ...common, id: expect.any(Number) as unknown, leaderboardId: BOARD, score: Number.MAX_SAFE_INTEGER, scoreTag: null, order: 'LARGER_IS_BETTER' },
      ]);
      expect(ids(writes)).toEqual([...ids(writes)].sort((a, b) => a - b));
      expect(await h.store.openScoreWritesForPlayer(p.id)).toEqual(writes);
      expect(await h.store.findScoreWrites([writes[1]!.id])).toEqual([writes[1]]);
    });

    it('refuses a score beyond 2^53, a fraction, an unknown order or no board with INVALID_ARGUMENT, storing none of the batch', async () => {
      const p = await h.player();
      for (const bad of [score(2 ** 53), score(1.5), score(1, { order: 'BIGGEST' as never }), score(1, { leaderboardId: '' })]) {
        await expect(h.store.enqueueScoreWrites(p.id, [score(1), bad])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      expect(await h.store.openScoreWritesForPlayer(p.id)).toEqual([]);
      await expect(h.store.enqueueScoreWrites('no-such-player', [score(1)])).rejects.toMatchObject({ code: 'PLAYER_NOT_FOUND' });
    });

    it('with claimLeaseMs, leases new scores to the caller only when none of the player is open', async () => {
      const p = await h.player();
      const [first] = await h.store.enqueueScoreWrites(p.id, [score(1)], { claimLeaseMs: LEASE });
      expect(first).toMatchObject({ status: 'in_flight', leaseUntil: h.now + LEASE });
      const [second] = await h.store.enqueueScoreWrites(p.id, [score(2)], { claimLeaseMs: LEASE });
      expect(second).toMatchObject({ status: 'pending', leaseUntil: null });
      // The live lease keeps the worker away from the player until it is settled.
      expect(await claim()).toEqual([]);
      await h.store.completeScoreWrites([first!.id], [{ answer: 1 }]);
      expect((await claim()).map((c) => [c.playerId, ids(c.writes)])).toEqual([[p.id, [second!.id]]]);
    });

    it('claims due scores per player, oldest first; an expired lease is claimed again; done is final', async () => {
      const a = await h.player();
      const b = await h.player();
      const aw = await h.store.enqueueScoreWrites(a.id, [score(1), score(2)]);
      const bw = await h.store.enqueueScoreWrites(b.id, [score(3)]);
      const claimed = await claim({ maxWritesPerPlayer: 1 });
      expect(claimed.map((c) => [c.playerId, ids(c.writes)])).toEqual([
        [a.id, [aw[0]!.id]],
        [b.id, [bw[0]!.id]],
      ]);
      expect(claimed[0]!.writes[0]).toMatchObject({ status: 'in_flight', leaseUntil: h.now + LEASE });
      expect(await claim()).toEqual([]);
      h.advance(LEASE + 1);
      const again = await claim();
      expect(again.map((c) => [c.playerId, ids(c.writes)])).toEqual([
        [a.id, ids(aw)],
        [b.id, ids(bw)],
      ]);
      await h.store.completeScoreWrites(ids(aw), [{ n: 1 }, { n: 2 }]);
      await h.store.failScoreWrites(ids(aw), 'too late');
      expect(await h.store.findScoreWrites(ids(aw))).toEqual([
        expect.objectContaining({ status: 'done', result: { n: 1 }, leaseUntil: null }),
        expect.objectContaining({ status: 'done', result: { n: 2 } }),
      ]);
      await expect(h.store.completeScoreWrites(ids(bw), [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await h.store.completeScoreWrites(ids(bw));
    });

    it('retry backs off with attempts + 1; fail records for good and is listed; neither is claimed early', async () => {
      const p = await h.player();
      const [w1, w2] = await h.store.enqueueScoreWrites(p.id, [score(1), score(2)]);
      await claim();
      await h.store.retryScoreWrites([w1!.id], h.now + 1_000, 'google unavailable: 503');
      await h.store.failScoreWrites([w2!.id], 'google refused the score: 400');
      expect(await claim()).toEqual([]);
      expect(await h.store.listFailedScoreWrites(10)).toEqual([expect.objectContaining({ id: w2!.id, status: 'failed', lastError: 'google refused the score: 400' })]);
      expect(await h.store.scoreOutboxStats(h.now)).toEqual({ pending: 1, inFlight: 0, failed: 1, oldestPendingAgeMs: 0 });
      h.advance(1_000);
      const [again] = await claim();
      expect(again!.writes).toEqual([expect.objectContaining({ id: w1!.id, attempts: 1, lastError: 'google unavailable: 503' })]);
      await h.store.completeScoreWrites([w1!.id]);
      // History leaves refused scores out: they never counted.
      expect(ids(await h.store.scoreHistory(p.id, BOARD, 0))).toEqual([w1!.id]);
    });

    it('defer parks open scores; resume makes them due now', async () => {
      const p = await h.player();
      const [w] = await h.store.enqueueScoreWrites(p.id, [score(7)]);
      expect(await h.store.deferScoreWritesForPlayer(p.id, h.now + 3_600_000, 'player must sign in again')).toBe(1);
      expect(await claim()).toEqual([]);
      expect(await h.store.resumeScoreWritesForPlayer(p.id)).toBe(1);
      expect((await claim())[0]!.writes.map((x) => x.id)).toEqual([w!.id]);
      await h.store.completeScoreWrites([w!.id]);
    });

    it('history is per player and board, from `since`; prune deletes old done scores only', async () => {
      const p = await h.player();
      const [old] = await h.store.enqueueScoreWrites(p.id, [score(1)]);
      await h.store.completeScoreWrites([old!.id]);
      h.advance(10_000);
      const [recent, other] = await h.store.enqueueScoreWrites(p.id, [score(2), score(3, { leaderboardId: 'other' })]);
      expect(ids(await h.store.scoreHistory(p.id, BOARD, 0))).toEqual([old!.id, recent!.id]);
      expect(ids(await h.store.scoreHistory(p.id, BOARD, h.now))).toEqual([recent!.id]);
      expect(await h.store.pruneScoreWrites(h.now)).toBe(1);
      expect(ids(await h.store.scoreHistory(p.id, BOARD, 0))).toEqual([recent!.id]);
      await h.store.completeScoreWrites([recent!.id, other!.id]);
    });

    it('deleting the player deletes their scores', async () => {
      const p = await h.player();
      const writes = await h.store.enqueueScoreWrites(p.id, [score(1)]);
      await h.store.deletePlayer(p.id);
      expect(await h.store.findScoreWrites(ids(writes))).toEqual([]);
    });

    it('concurrent claimers (two stores when the database is shared) never claim a score twice', async () => {
      const second = h.target.sharedDatabase ? await h.open() : h.store;
      const players = await Promise.all(Array.from({ length: 10 }, () => h.player()));
      for (const p of players) await h.store.enqueueScoreWrites(p.id, [score(1), score(2), score(3)]);
      const total = players.length * 3;
      const seen: number[] = [];
      const worker = async (store: Store) => {
        let idle = 0;
        while (seen.length < total && idle < 500) {
          const batches = await claim({ maxPlayers: 3 }, store);
          if (batches.length === 0) {
            idle++;
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
          idle = 0;
          seen.push(...batches.flatMap((b) => ids(b.writes)));
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          await store.completeScoreWrites(batches.flatMap((b) => ids(b.writes)));
        }
      };
      await Promise.all([worker(h.store), worker(second), worker(h.store), worker(second)]);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    });
  });
}
