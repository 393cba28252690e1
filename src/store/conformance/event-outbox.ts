/**
 * Conformance: the event outbox. Writes stored before they are sent; one batch per player with a
 * requestId kept until the batch is settled (a lost answer is resent as the same batch); the
 * achievement outbox's order and lease rules; idempotency keys; deletion with the player.
 */
import { describe, expect, it } from 'vitest';
import { isRequestId } from '../../google/request-id.js';
import type { Store } from '../store.js';
import type { Harness } from './harness.js';

const LEASE = 10_000;
const claimOptions = (h: Harness, maxWritesPerPlayer = 50) => ({ now: h.now, leaseMs: LEASE, maxPlayers: 50, maxWritesPerPlayer });

export function describeEventOutbox(h: Harness): void {
  describe('event outbox', () => {
    it('stores writes pending, then claims them as one batch with a new requestId', async () => {
      const player = await h.player();
      const stored = await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 2 }, { eventId: 'ev-b', count: 5 }]);
      if (!('writes' in stored)) throw new Error('expected writes');
      expect(stored.writes.map((w) => [w.eventId, w.count, w.status, w.requestId])).toEqual([
        ['ev-a', 2, 'pending', null],
        ['ev-b', 5, 'pending', null],
      ]);
      const [batch, ...others] = await h.store.claimDueEventBatches(claimOptions(h));
      expect(others).toEqual([]);
      expect(batch!.playerId).toBe(player.id);
      expect(isRequestId(batch!.requestId)).toBe(true);
      expect(batch!.writes.map((w) => [w.eventId, w.status, w.requestId, w.leaseUntil])).toEqual([
        ['ev-a', 'in_flight', batch!.requestId, h.now + LEASE],
        ['ev-b', 'in_flight', batch!.requestId, h.now + LEASE],
      ]);
      // Leased: nothing more to claim until the lease ends.
      expect(await h.store.claimDueEventBatches(claimOptions(h))).toEqual([]);
      await h.store.completeEventWrites(batch!.writes.map((w) => w.id));
      expect(await h.store.pendingEventWritesForPlayer(player.id)).toEqual([]);
      expect(await h.store.eventOutboxStats(h.now)).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
    });

    it('resends an unsettled batch as it was: same writes, same requestId, newer writes in a later batch', async () => {
      const player = await h.player();
      await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 1 }]);
      const [first] = await h.store.claimDueEventBatches(claimOptions(h));
      // The sender crashed: its lease expires while a newer write arrives.
      await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-b', count: 1 }]);
      h.advance(LEASE + 1);
      const [again] = await h.store.claimDueEventBatches(claimOptions(h));
      expect(again!.requestId).toBe(first!.requestId);
      expect(again!.writes.map((w) => w.eventId)).toEqual(['ev-a']);
      // A transient failure keeps the batch too.
      await h.store.retryEventWrites(again!.writes.map((w) => w.id), h.now, 'google unavailable');
      const [third] = await h.store.claimDueEventBatches(claimOptions(h));
      expect(third!.requestId).toBe(first!.requestId);
      expect(third!.writes[0]!.attempts).toBe(1);
      await h.store.completeEventWrites(third!.writes.map((w) => w.id));
      const [next] = await h.store.claimDueEventBatches(claimOptions(h));
      expect(next!.writes.map((w) => w.eventId)).toEqual(['ev-b']);
      expect(next!.requestId).not.toBe(first!.requestId);
      await h.store.completeEventWrites(next!.writes.map((w) => w.id));
    });

    it('releases a batch Google refused unapplied: the next claim forms a new one with a new requestId', async () => {
      const player = await h.player();
      await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 1 }, { eventId: 'ev-b', count: 1 }, { eventId: 'ev-c', count: 1 }]);
      const [first] = await h.store.claimDueEventBatches(claimOptions(h, 2));
      expect(first!.writes.map((w) => w.eventId)).toEqual(['ev-a', 'ev-b']);
      await h.store.retryEventWrites(first!.writes.map((w) => w.id), h.now, 'RECORD_RATE_HIGH', { releaseBatch: true });
      const [second] = await h.store.claimDueEventBatches(claimOptions(h, 3));
      expect(second!.writes.map((w) => w.eventId)).toEqual(['ev-a', 'ev-b', 'ev-c']);
      expect(second!.requestId).not.toBe(first!.requestId);
      await h.store.failEventWrites([second!.writes[2]!.id], 'TIME_PERIOD_EXPIRED');
      await h.store.completeEventWrites(second!.writes.slice(0, 2).map((w) => w.id));
      expect((await h.store.eventOutboxStats(h.now)).failed).toBe(1);
      await h.store.deletePlayer(player.id);
      expect((await h.store.eventOutboxStats(h.now)).failed).toBe(0);
    });

    it('skips a player whose earlier write is backing off, leaving the slot to another player', async () => {
      const waiting = await h.player();
      const ready = await h.player();
      await h.store.enqueueEventWrites(waiting.id, [{ eventId: 'ev-a', count: 1 }]);
      const [first] = await h.store.claimDueEventBatches(claimOptions(h));
      await h.store.retryEventWrites(first!.writes.map((w) => w.id), h.now + 60_000, 'google unavailable');
      await h.store.enqueueEventWrites(waiting.id, [{ eventId: 'ev-b', count: 1 }]);
      await h.store.enqueueEventWrites(ready.id, [{ eventId: 'ev-a', count: 1 }]);
      const batches = await h.store.claimDueEventBatches({ ...claimOptions(h), maxPlayers: 1 });
      expect(batches.map((b) => b.playerId)).toEqual([ready.id]);
    });

    it('leases at once to the caller only when the player has nothing open', async () => {
      const player = await h.player();
      const first = await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 1 }], undefined, { claimLeaseMs: LEASE });
      if (!('writes' in first)) throw new Error('expected writes');
      expect(first.writes[0]).toMatchObject({ status: 'in_flight', leaseUntil: h.now + LEASE });
      expect(isRequestId(first.writes[0]!.requestId!)).toBe(true);
      const second = await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 1 }], undefined, { claimLeaseMs: LEASE });
      if (!('writes' in second)) throw new Error('expected writes');
      expect(second.writes[0]).toMatchObject({ status: 'pending', requestId: null });
      expect((await h.store.pendingEventWritesForPlayer(player.id)).map((w) => w.status)).toEqual(['in_flight', 'pending']);
    });

    it('replays an idempotency key instead of storing again', async () => {
      const player = await h.player();
      const key = { key: 'key-1', requestHash: 'events:abc' };
      const first = await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 3 }], key);
      if (!('writes' in first)) throw new Error('expected writes');
      await h.store.saveIdempotencyResponse(player.id, 'key-1', 200, { items: [] });
      const again = await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 3 }], key);
      if (!('replay' in again)) throw new Error('expected a replay');
      expect(again.replay).toMatchObject({ requestHash: 'events:abc', statusCode: 200, writeIds: [first.writes[0]!.id] });
      expect(await h.store.pendingEventWritesForPlayer(player.id)).toHaveLength(1);
    });

    it('parks writes until the player signs in again, refuses bad input, and prunes done writes', async () => {
      const player = await h.player();
      await h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 1 }]);
      expect(await h.store.deferEventWritesForPlayer(player.id, h.now + 3_600_000, 'grant dead')).toBe(1);
      expect(await h.store.claimDueEventBatches(claimOptions(h))).toEqual([]);
      expect(await h.store.resumeEventWritesForPlayer(player.id)).toBe(1);
      const [batch] = await h.store.claimDueEventBatches(claimOptions(h));
      await h.store.completeEventWrites(batch!.writes.map((w) => w.id));
      h.advance(1000);
      expect(await h.store.pruneEventOutbox(h.now)).toBe(1);
      await expect(h.store.enqueueEventWrites(player.id, [{ eventId: 'ev-a', count: 0 }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(h.store.enqueueEventWrites(player.id, [{ eventId: '', count: 1 }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(h.store.enqueueEventWrites('no-such-player', [{ eventId: 'ev-a', count: 1 }])).rejects.toMatchObject({ code: 'PLAYER_NOT_FOUND' });
    });
  
    it('concurrent claimers never claim a write twice, and send each player’s batches in order', async () => {
      const second = h.target.sharedDatabase ? await h.open() : h.store;
      const players = await Promise.all(Array.from({ length: 10 }, () => h.player()));
      const expected = new Map<string, number[]>();
      for (const p of players) {
        const stored = await h.store.enqueueEventWrites(p.id, Array.from({ length: 5 }, (_, i) => ({ eventId: `ev-${i}`, count: i + 1 })));
        if (!('writes' in stored)) throw new Error('expected writes');
        expected.set(p.id, stored.writes.map((w) => w.id));
      }
      const total = players.length * 5;
      const seen: number[] = [];
      const order = new Map<string, number[]>();
      const requestIds = new Set<string>();
      const worker = async (store: Store) => {
        let idle = 0;
        while (seen.length < total && idle < 500) {
          const batches = await store.claimDueEventBatches({ now: h.now, leaseMs: LEASE, maxPlayers: 3, maxWritesPerPlayer: 2 });
          if (batches.length === 0) {
            idle++;
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
          idle = 0;
          for (const batch of batches) {
            expect(requestIds.has(batch.requestId)).toBe(false);
            requestIds.add(batch.requestId);
            order.set(batch.playerId, [...(order.get(batch.playerId) ?? []), ...batch.writes.map((w) => w.id)]);
            seen.push(...batch.writes.map((w) => w.id));
          }
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          await store.completeEventWrites(batches.flatMap((b) => b.writes.map((w) => w.id)));
        }
      };
      await Promise.all([worker(h.store), worker(second), worker(h.store), worker(second)]);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      for (const [playerId, sent] of order) expect(sent).toEqual(expected.get(playerId));
    });
  });
}
