/** Conformance: the achievement outbox, its ordering, leases and idempotency records. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../store-errors.js';
import type { AchievementWrite, ClaimOptions, Store } from '../store.js';
import { sleep, type Harness } from './harness.js';

const LEASE = 30_000;

export function describeOutbox(h: Harness): void {
  const claim = (overrides: Partial<ClaimOptions> = {}, store: Store = h.store) =>
    store.claimDueWrites({ now: h.now, leaseMs: LEASE, maxPlayers: 100, maxWritesPerPlayer: 100, ...overrides });
  const ids = (writes: readonly AchievementWrite[]) => writes.map((w) => w.id);
  const enqueue = async (playerId: string, n: number, achievementId = 'ach') => {
    const result = await h.store.enqueueAchievementWrites(
      playerId,
      Array.from({ length: n }, () => ({ achievementId, op: 'INCREMENT' as const, steps: 1 })),
    );
    if (!('writes' in result)) throw new Error('unexpected replay');
    return result.writes;
  };

  describe('achievement outbox', () => {
    it('stores writes in order, due now; increments get a requestId, a given one is kept', async () => {
      const p = await h.player();
      const result = await h.store.enqueueAchievementWrites(p.id, [
        { achievementId: 'a1', op: 'REVEAL' },
        { achievementId: 'a2', op: 'INCREMENT', steps: 3 },
        { achievementId: 'a2', op: 'INCREMENT', steps: 1, requestId: '9007199254740993123' },
        { achievementId: 'a3', op: 'SET_STEPS_AT_LEAST', steps: 7 },
        { achievementId: 'a4', op: 'UNLOCK' },
      ]);
      if (!('writes' in result)) throw new Error('unexpected replay');
      const common = {
        playerId: p.id,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: h.now,
        leaseUntil: null,
        lastError: null,
        result: null,
        createdAt: h.now,
        updatedAt: h.now,
      };
      expect(result.writes).toEqual([
        { ...common, id: expect.any(Number) as unknown, achievementId: 'a1', op: 'REVEAL', steps: null, requestId: null },
        { ...common, id: expect.any(Number) as unknown, achievementId: 'a2', op: 'INCREMENT', steps: 3, requestId: expect.stringMatching(/^[1-9][0-9]{0,18}$/) as unknown },
        { ...common, id: expect.any(Number) as unknown, achievementId: 'a2', op: 'INCREMENT', steps: 1, requestId: '9007199254740993123' },
        { ...common, id: expect.any(Number) as unknown, achievementId: 'a3', op: 'SET_STEPS_AT_LEAST', steps: 7, requestId: null },
        { ...common, id: expect.any(Number) as unknown, achievementId: 'a4', op: 'UNLOCK', steps: null, requestId: null },
      ]);
      const writeIds = ids(result.writes);
      expect(writeIds).toEqual([...writeIds].sort((a, b) => a - b));
      expect(new Set(writeIds).size).toBe(5);
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual(result.writes);
      // Two increments never share a requestId: Google would drop the second as a retry.
      const more = await enqueue(p.id, 20);
      expect(new Set(more.map((w) => w.requestId)).size).toBe(20);
      expect(Math.min(...ids(more))).toBeGreaterThan(Math.max(...writeIds));
    });

    it('refuses malformed writes with INVALID_ARGUMENT and stores none of the batch', async () => {
      const p = await h.player();
      const bad = [
        [{ achievementId: 'a', op: 'UNLOCK' }, { achievementId: 'b', op: 'INCREMENT' }],
        [{ achievementId: 'a', op: 'INCREMENT', steps: 0 }],
        [{ achievementId: 'a', op: 'SET_STEPS_AT_LEAST', steps: 1.5 }],
        [{ achievementId: 'a', op: 'UNLOCK', steps: 1 }],
        [{ achievementId: 'a', op: 'REVEAL', requestId: '12' }],
        [{ achievementId: 'a', op: 'INCREMENT', steps: 1, requestId: '-4' }],
        [{ achievementId: 'a', op: 'INCREMENT', steps: 1, requestId: '0' }],
        [{ achievementId: 'a', op: 'INCREMENT', steps: 1, requestId: '007' }],
        // Beyond int64 (2^63 and the largest 19-digit decimal): Google would refuse them on every send.
        [{ achievementId: 'a', op: 'INCREMENT', steps: 1, requestId: '9223372036854775808' }],
        [{ achievementId: 'a', op: 'INCREMENT', steps: 1 }, { achievementId: 'a', op: 'INCREMENT', steps: 1, requestId: '9999999999999999999' }],
        [{ achievementId: 'a', op: 'DELETE' }],
      ] as const;
      for (const writes of bad) {
        const attempt = h.store.enqueueAchievementWrites(p.id, writes as never);
        await expect(attempt).rejects.toBeInstanceOf(StoreError);
        await expect(attempt).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual([]);
    });

    it('keeps the largest int64 requestId exactly', async () => {
      const p = await h.player();
      const result = await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'a', op: 'INCREMENT', steps: 1, requestId: '9223372036854775807' }]);
      if (!('writes' in result)) throw new Error('unexpected replay');
      expect(result.writes.map((w) => w.requestId)).toEqual(['9223372036854775807']);
      expect((await h.store.pendingWritesForPlayer(p.id)).map((w) => w.requestId)).toEqual(['9223372036854775807']);
    });

    it('refuses writes for an unknown player with PLAYER_NOT_FOUND', async () => {
      const attempt = h.store.enqueueAchievementWrites('00000000-0000-4000-8000-000000000000', [{ achievementId: 'a', op: 'UNLOCK' }]);
      await expect(attempt).rejects.toMatchObject({ code: 'PLAYER_NOT_FOUND' });
    });

    it('an idempotency key stores once; a repeat replays the record and stores nothing', async () => {
      const p = await h.player();
      const key = { key: 'idem-1', requestHash: 'sha256:abc' };
      const first = await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'a', op: 'UNLOCK' }], key);
      if (!('writes' in first)) throw new Error('unexpected replay');
      const record = {
        playerId: p.id,
        key: 'idem-1',
        requestHash: 'sha256:abc',
        statusCode: null,
        responseBody: null,
        writeIds: ids(first.writes),
        createdAt: h.now,
      };
      // Still being answered (or the process died before answering): the record says so.
      expect(await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'a', op: 'UNLOCK' }], key)).toEqual({ replay: record });
      await h.store.saveIdempotencyResponse(p.id, 'idem-1', 200, { state: 'UNLOCKED', newlyUnlocked: true });
      const replay = await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'b', op: 'REVEAL' }], { key: 'idem-1', requestHash: 'other' });
      expect(replay).toEqual({ replay: { ...record, statusCode: 200, responseBody: { state: 'UNLOCKED', newlyUnlocked: true } } });
      expect(ids(await h.store.pendingWritesForPlayer(p.id))).toEqual(ids(first.writes));
      // Keys are per player.
      const other = await h.player();
      expect(await h.store.enqueueAchievementWrites(other.id, [{ achievementId: 'a', op: 'UNLOCK' }], key)).toHaveProperty('writes');
      expect(await h.store.getIdempotencyRecord(p.id, 'missing')).toBeUndefined();
    });

    it('concurrent requests with one idempotency key store the writes exactly once', async () => {
      const p = await h.player();
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'a', op: 'INCREMENT', steps: 1 }], { key: 'race', requestHash: 'h' }),
        ),
      );
      const stored = results.filter((r) => 'writes' in r);
      expect(stored).toHaveLength(1);
      expect(results.filter((r) => 'replay' in r)).toHaveLength(7);
      expect(await h.store.pendingWritesForPlayer(p.id)).toHaveLength(1);
    });

    it('claims due writes grouped per player, in id order, oldest player first, and leases them', async () => {
      const [a, b] = [await h.player(), await h.player()];
      const aw = await enqueue(a.id, 3);
      h.advance(10);
      const bw = await enqueue(b.id, 2);
      const claimed = await claim();
      expect(claimed.map((c) => [c.playerId, ids(c.writes)])).toEqual([
        [a.id, ids(aw)],
        [b.id, ids(bw)],
      ]);
      for (const w of claimed.flatMap((c) => c.writes)) {
        expect(w).toMatchObject({ status: 'in_flight', leaseUntil: h.now + LEASE, updatedAt: h.now, attempts: 0 });
      }
      expect(await claim()).toEqual([]);
      expect(await h.store.outboxStats(h.now)).toEqual({ pending: 0, inFlight: 5, failed: 0, oldestPendingAgeMs: 10 });
    });

    it('honours maxPlayers and maxWritesPerPlayer, and never claims behind a live lease', async () => {
      const [a, b] = [await h.player(), await h.player()];
      const aw = await enqueue(a.id, 3);
      const bw = await enqueue(b.id, 1);
      const first = await claim({ maxPlayers: 1, maxWritesPerPlayer: 2 });
      expect(first.map((c) => [c.playerId, ids(c.writes)])).toEqual([[a.id, ids(aw).slice(0, 2)]]);
      // a's third write waits behind a's live lease; b is free.
      const second = await claim();
      expect(second.map((c) => [c.playerId, ids(c.writes)])).toEqual([[b.id, ids(bw)]]);
      // New writes of a leased player wait too.
      await enqueue(a.id, 1);
      expect(await claim()).toEqual([]);
      await h.store.completeWrites(ids(first[0]?.writes ?? []));
      const third = await claim();
      expect(third.map((c) => [c.playerId, c.writes.length])).toEqual([[a.id, 2]]);
      expect(third[0]?.writes[0]?.id).toBe(aw[2]?.id);
    });

    it('claims an expired lease again (a crashed sender), keeping its requestId', async () => {
      const p = await h.player();
      const [w] = await enqueue(p.id, 1);
      const first = await claim();
      expect(ids(first[0]?.writes ?? [])).toEqual([w?.id]);
      h.advance(LEASE - 1);
      expect(await claim()).toEqual([]);
      h.advance(1);
      const again = await claim();
      expect(again[0]?.writes).toEqual([
        { ...w, status: 'in_flight', leaseUntil: h.now + LEASE, updatedAt: h.now, requestId: w?.requestId },
      ]);
    });

    it('retryWrites puts writes back with backoff; the player’s later writes wait behind them', async () => {
      const p = await h.player();
      const [w1, w2] = await enqueue(p.id, 2);
      await claim({ maxWritesPerPlayer: 1 });
      await h.store.retryWrites([w1!.id], h.now + 5000, 'HTTP 503');
      const [retried] = await h.store.pendingWritesForPlayer(p.id);
      expect(retried).toMatchObject({ id: w1!.id, status: 'pending', attempts: 1, nextAttemptAt: h.now + 5000, leaseUntil: null, lastError: 'HTTP 503' });
      // w2 is due, but w1 comes first and is not due yet.
      expect(await claim()).toEqual([]);
      h.advance(5000);
      const claimed = await claim();
      expect(ids(claimed[0]?.writes ?? [])).toEqual([w1!.id, w2!.id]);
      expect(claimed[0]?.writes[0]?.attempts).toBe(1);
    });

    it('failWrites is permanent and visible; the player’s later writes go on', async () => {
      const p = await h.player();
      const [w1, w2] = await enqueue(p.id, 2);
      await claim({ maxWritesPerPlayer: 1 });
      h.advance(7);
      await h.store.failWrites([w1!.id], 'HTTP 404: achievement not found');
      const failed = await h.store.listFailedWrites(10);
      expect(failed).toEqual([
        { ...w1, status: 'failed', leaseUntil: null, lastError: 'HTTP 404: achievement not found', updatedAt: h.now },
      ]);
      expect(await h.store.outboxStats(h.now)).toEqual({ pending: 1, inFlight: 0, failed: 1, oldestPendingAgeMs: 7 });
      expect(ids((await claim())[0]?.writes ?? [])).toEqual([w2!.id]);
      // Failed is final: a late retry or completion from a stale sender does not revive it.
      await h.store.retryWrites([w1!.id], h.now, 'late');
      expect((await h.store.listFailedWrites(10))[0]?.lastError).toBe('HTTP 404: achievement not found');
    });

    it('listFailedWrites lists newest first, up to the limit', async () => {
      const p = await h.player();
      const ws = await enqueue(p.id, 3);
      await h.store.failWrites(ids(ws), 'bad');
      expect(ids(await h.store.listFailedWrites(2))).toEqual([ws[2]!.id, ws[1]!.id]);
    });

    it('completeWrites marks writes done with their results; done is final', async () => {
      const p = await h.player();
      const [w1, w2] = await enqueue(p.id, 2);
      await claim();
      h.advance(3);
      await h.store.completeWrites([w1!.id, w2!.id], [{ currentSteps: 1, newlyUnlocked: false }, null]);
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual([]);
      expect(await h.store.outboxStats(h.now)).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
      await h.store.retryWrites([w1!.id], h.now, 'stale');
      await h.store.failWrites([w2!.id], 'stale');
      await h.store.completeWrites([w1!.id], [{ overwritten: true }]);
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual([]);
      expect(await h.store.listFailedWrites(10)).toEqual([]);
      await expect(h.store.completeWrites([w1!.id], [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await h.store.findWrites([w2!.id, w1!.id, 424242])).toEqual([
        { ...w1, status: 'done', leaseUntil: null, result: { currentSteps: 1, newlyUnlocked: false }, updatedAt: h.now },
        { ...w2, status: 'done', leaseUntil: null, result: null, updatedAt: h.now },
      ]);
      expect(await h.store.findWrites([])).toEqual([]);
    });

    it('enqueue with claimLeaseMs leases the new writes in the same transaction when nothing else is open', async () => {
      const p = await h.player();
      const writes = [
        { achievementId: 'a', op: 'UNLOCK' as const },
        { achievementId: 'b', op: 'INCREMENT' as const, steps: 2 },
      ];
      const result = await h.store.enqueueAchievementWrites(p.id, writes, undefined, { claimLeaseMs: LEASE });
      if (!('writes' in result)) throw new Error('unexpected replay');
      expect(result.writes.map((w) => [w.status, w.leaseUntil])).toEqual([
        ['in_flight', h.now + LEASE],
        ['in_flight', h.now + LEASE],
      ]);
      expect(result.writes[1]!.requestId).toMatch(/^[1-9][0-9]*$/);
      // Leased: the worker does not take them until the lease expires.
      expect(await claim()).toEqual([]);
      h.now += LEASE;
      expect(ids((await claim())[0]?.writes ?? [])).toEqual(ids(result.writes));
    });

    it('enqueue with claimLeaseMs leaves the new writes pending behind an earlier open write (order first)', async () => {
      const p = await h.player();
      const [earlier] = await enqueue(p.id, 1);
      h.now += 1;
      const behind = await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'a', op: 'UNLOCK' }], undefined, { claimLeaseMs: LEASE });
      if (!('writes' in behind)) throw new Error('unexpected replay');
      expect(behind.writes.map((w) => [w.status, w.leaseUntil, w.nextAttemptAt])).toEqual([['pending', null, h.now]]);
      // In flight counts as open too.
      const leased = ids((await claim())[0]?.writes ?? []);
      expect(leased).toEqual([earlier!.id, behind.writes[0]!.id]);
      const alsoBehind = await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'b', op: 'UNLOCK' }], undefined, { claimLeaseMs: LEASE });
      expect('writes' in alsoBehind && alsoBehind.writes[0]!.status).toBe('pending');
      await h.store.completeWrites(leased);
      // With an idempotency key, a claim and a replay behave as without.
      const q = await h.player();
      const key = { key: 'claim-key', requestHash: 'h' };
      const first = await h.store.enqueueAchievementWrites(q.id, [{ achievementId: 'a', op: 'UNLOCK' }], key, { claimLeaseMs: LEASE });
      expect('writes' in first && first.writes[0]!.status).toBe('in_flight');
      const again = await h.store.enqueueAchievementWrites(q.id, [{ achievementId: 'a', op: 'UNLOCK' }], key, { claimLeaseMs: LEASE });
      expect(again).toEqual({ replay: expect.objectContaining({ key: 'claim-key', writeIds: 'writes' in first ? ids(first.writes) : [] }) as unknown });
    });

    // The send-at-once claim has two implementations on PostgreSQL: `pgs_enqueue_claim`
    // (migration 0003; enqueue without an idempotency key) and the transaction (with one), which
    // reads `mayClaimOnEnqueue`. Each case puts two players' earlier writes in the same state, sends
    // the same writes down each path, and compares the stored rows column by column.
    const enqueueClaimCases: Array<{ name: string; claims: boolean; before: (players: string[]) => Promise<void> }> = [
      { name: 'no earlier write', claims: true, before: async () => {} },
      {
        name: 'only done writes',
        claims: true,
        before: async (players) => {
          for (const p of players) await enqueue(p, 1);
          await h.store.completeWrites(ids((await claim()).flatMap((c) => c.writes)));
        },
      },
      {
        name: 'only failed writes',
        claims: true,
        before: async (players) => {
          for (const p of players) await h.store.failWrites(ids(await enqueue(p, 1)), 'HTTP 404');
        },
      },
      { name: 'a due pending write', claims: false, before: async (players) => void (await Promise.all(players.map((p) => enqueue(p, 1)))) },
      {
        name: 'a write deferred for a dead grant',
        claims: false,
        before: async (players) => {
          for (const p of players) {
            await enqueue(p, 1);
            await h.store.deferWritesForPlayer(p, h.now + 60_000, 'grant revoked');
          }
        },
      },
      {
        name: 'a live lease',
        claims: false,
        before: async (players) => {
          for (const p of players) await enqueue(p, 1);
          await claim();
        },
      },
      {
        name: 'an expired lease',
        claims: false,
        before: async (players) => {
          for (const p of players) await enqueue(p, 1);
          await claim();
          h.advance(LEASE);
        },
      },
    ];
    const sendAtOnce = [
      { achievementId: 'a', op: 'UNLOCK' as const },
      { achievementId: 'b', op: 'INCREMENT' as const, steps: 2, requestId: '4242' },
    ];
    /** A write without what differs by construction between the two players. */
    const comparable = ({ id: _id, playerId: _player, ...rest }: AchievementWrite) => rest;
    const enqueueBothWays = async (viaFunction: string, viaTransaction: string) => {
      const [byFunction, byTransaction] = await Promise.all([
        h.store.enqueueAchievementWrites(viaFunction, sendAtOnce, undefined, { claimLeaseMs: LEASE }),
        h.store.enqueueAchievementWrites(viaTransaction, sendAtOnce, { key: 'send-at-once', requestHash: 'h' }, { claimLeaseMs: LEASE }),
      ]);
      if (!('writes' in byFunction) || !('writes' in byTransaction)) throw new Error('unexpected replay');
      return [byFunction.writes, byTransaction.writes];
    };

    for (const { name, claims, before } of enqueueClaimCases) {
      it(`enqueue with claimLeaseMs decides alike with and without an idempotency key: ${name}`, async () => {
        const [a, b] = [await h.player(), await h.player()];
        await before([a.id, b.id]);
        const [byFunction, byTransaction] = await enqueueBothWays(a.id, b.id);
        expect(byFunction!.map(comparable)).toEqual(byTransaction!.map(comparable));
        expect(byFunction!.map((w) => [w.status, w.leaseUntil])).toEqual(
          sendAtOnce.map(() => (claims ? ['in_flight', h.now + LEASE] : ['pending', null])),
        );
        // (The earlier writes' requestIds are random; the new ones carry the same given ID.)
        const open = async (playerId: string) =>
          (await h.store.pendingWritesForPlayer(playerId)).map((w) => ({ ...comparable(w), requestId: w.requestId === null ? null : w.requestId === '4242' ? '4242' : 'random' }));
        expect(await open(a.id)).toEqual(await open(b.id));
      });
    }

    it('enqueue with claimLeaseMs decides alike with and without an idempotency key: a player a worker is claiming (row locked)', async (ctx) => {
      if (!h.target.url.startsWith('postgres')) ctx.skip(); // SQLite serialises writers; no row locks
      const [a, b] = [await h.player(), await h.player()];
      const pg = await import('pg');
      const worker = new pg.default.Client({ connectionString: h.target.url });
      await worker.connect();
      try {
        if (h.target.options.schema !== undefined) await worker.query(`set search_path to ${h.target.options.schema}`);
        await worker.query('begin');
        await worker.query('select id from players where id = any($1) for update', [[a.id, b.id]]);
        const both = enqueueBothWays(a.id, b.id);
        // Both paths skip the locked player (SKIP LOCKED) and then wait for the lock to store.
        await sleep(100);
        await worker.query('commit');
        const [byFunction, byTransaction] = await both;
        expect(byFunction!.map(comparable)).toEqual(byTransaction!.map(comparable));
        expect(byFunction!.map((w) => w.status)).toEqual(['pending', 'pending']);
      } finally {
        await worker.end();
      }
    });

    it('concurrent enqueues of one player with claimLeaseMs never lease two batches at once', async () => {
      const second = h.target.sharedDatabase ? await h.open() : h.store;
      const p = await h.player();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? h.store : second).enqueueAchievementWrites(p.id, [{ achievementId: 'a', op: 'INCREMENT', steps: 1 }], undefined, {
            claimLeaseMs: LEASE,
          }),
        ),
      );
      const leased = results.flatMap((r) => ('writes' in r ? r.writes : [])).filter((w) => w.status === 'in_flight');
      expect(leased.length).toBeLessThanOrEqual(1);
      expect((await h.store.pendingWritesForPlayer(p.id)).filter((w) => w.status === 'in_flight')).toHaveLength(leased.length);
    });

    it('pendingWritesForPlayer lists pending and in-flight writes in id order, nothing finished', async () => {
      const p = await h.player();
      const ws = await enqueue(p.id, 4);
      await claim({ maxWritesPerPlayer: 2 });
      await h.store.completeWrites([ws[0]!.id]);
      expect((await h.store.pendingWritesForPlayer(p.id)).map((w) => [w.id, w.status])).toEqual([
        [ws[1]!.id, 'in_flight'],
        [ws[2]!.id, 'pending'],
        [ws[3]!.id, 'pending'],
      ]);
    });

    it('outboxStats counts and ages the open writes', async () => {
      expect(await h.store.outboxStats(h.now)).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
      const p = await h.player();
      await enqueue(p.id, 2);
      h.advance(100);
      const q = await h.player();
      const [qw] = await enqueue(q.id, 1);
      await h.store.failWrites([qw!.id], 'x');
      await claim({ maxWritesPerPlayer: 1 });
      expect(await h.store.outboxStats(h.now + 900)).toEqual({ pending: 1, inFlight: 1, failed: 1, oldestPendingAgeMs: 1000 });
    });

    it('deferWritesForPlayer parks open writes; resumeWritesForPlayer makes them due now', async () => {
      const p = await h.player();
      const ws = await enqueue(p.id, 3);
      await claim({ maxWritesPerPlayer: 1 }); // one of them is in flight when the grant turns out dead
      const until = h.now + 86_400_000;
      expect(await h.store.deferWritesForPlayer(p.id, until, 'grant revoked')).toBe(3);
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual(
        ws.map((w) => ({ ...w, status: 'pending', nextAttemptAt: until, lastError: 'grant revoked', updatedAt: h.now })),
      );
      h.advance(60_000);
      expect(await claim()).toEqual([]);
      expect(await h.store.resumeWritesForPlayer(p.id)).toBe(3);
      expect(await h.store.resumeWritesForPlayer(p.id)).toBe(0);
      expect(ids((await claim())[0]?.writes ?? [])).toEqual(ids(ws));
    });

    it('holdWritesForReset leases the pending writes of those achievements, counts the ones in flight elsewhere', async () => {
      const p = await h.player();
      const [inFlight] = await enqueue(p.id, 1, 'a');
      await claim(); // sent by someone else right now
      const [a2] = await enqueue(p.id, 1, 'a');
      const [b] = await enqueue(p.id, 1, 'b');
      const leaseUntil = h.now + 5_000;
      const first = await h.store.holdWritesForReset(p.id, ['a'], { now: h.now, leaseUntil });
      expect(first).toEqual({ held: [{ ...a2!, status: 'in_flight', leaseUntil, updatedAt: h.now }], inFlightElsewhere: 1 });
      // Held writes are leased: no claimer takes any of the player's writes meanwhile.
      expect(await claim()).toEqual([]);
      await h.store.completeWrites([inFlight!.id]);
      // The writes this reset holds already are not "elsewhere".
      expect(await h.store.holdWritesForReset(p.id, ['a'], { now: h.now, leaseUntil, alreadyHeld: [a2!.id] })).toEqual({ held: [], inFlightElsewhere: 0 });
      expect((await h.store.holdWritesForReset(p.id, ['a'], { now: h.now, leaseUntil })).inFlightElsewhere).toBe(1);
      await h.store.cancelWrites([a2!.id], 'reset');
      expect(await h.store.findWrites([a2!.id])).toEqual([{ ...a2!, status: 'cancelled', lastError: 'reset', leaseUntil: null, updatedAt: h.now }]);
      // Cancelled is final, and not open.
      await h.store.completeWrites([a2!.id]);
      await h.store.retryWrites([a2!.id], h.now, 'late');
      expect((await h.store.findWrites([a2!.id]))[0]?.status).toBe('cancelled');
      expect(ids(await h.store.pendingWritesForPlayer(p.id))).toEqual([b!.id]);
      expect(await h.store.outboxStats(h.now)).toMatchObject({ pending: 1, inFlight: 0 });
    });

    it('holdWritesForReset of every achievement, then releaseWrites: back to pending, due now, attempts unchanged', async () => {
      const p = await h.player();
      const ws = await enqueue(p.id, 2, 'a');
      const [other] = await enqueue(p.id, 1, 'b');
      const { held, inFlightElsewhere } = await h.store.holdWritesForReset(p.id, undefined, { now: h.now, leaseUntil: h.now + 5_000 });
      expect([ids(held), inFlightElsewhere]).toEqual([[...ids(ws), other!.id], 0]);
      h.advance(1000);
      await h.store.releaseWrites(ids(held));
      expect(await h.store.pendingWritesForPlayer(p.id)).toEqual(
        [...ws, other!].map((w) => ({ ...w, status: 'pending', attempts: 0, nextAttemptAt: h.now, updatedAt: h.now })),
      );
      expect(ids((await claim())[0]?.writes ?? [])).toEqual([...ids(ws), other!.id]);
      expect(await h.store.holdWritesForReset(p.id, [], { now: h.now, leaseUntil: h.now + 5_000 })).toEqual({ held: [], inFlightElsewhere: 0 });
    });

    it('pruneOutbox deletes old finished writes and idempotency records, nothing open', async () => {
      const p = await h.player();
      const [done] = await enqueue(p.id, 1);
      await h.store.enqueueAchievementWrites(p.id, [{ achievementId: 'x', op: 'UNLOCK' }], { key: 'old', requestHash: 'h' });
      await claim();
      await h.store.completeWrites([done!.id]);
      h.advance(1000);
      const [open] = await enqueue(p.id, 1);
      expect(await h.store.pruneOutbox(h.now)).toEqual({ writes: 1, idempotencyRecords: 1 });
      expect(await h.store.getIdempotencyRecord(p.id, 'old')).toBeUndefined();
      expect(ids(await h.store.pendingWritesForPlayer(p.id))).toEqual([expect.any(Number), open!.id]);
    });

    it('concurrent claimers never claim a write twice and keep each player’s order', async () => {
      const second = h.target.sharedDatabase ? await h.open() : h.store;
      const players = await Promise.all(Array.from({ length: 12 }, () => h.player()));
      const expected = new Map<string, number[]>();
      for (const p of players) expected.set(p.id, ids(await enqueue(p.id, 6)));
      const total = players.length * 6;
      const seen: number[] = [];
      const order = new Map<string, number[]>();
      const worker = async (store: Store) => {
        let idle = 0;
        while (seen.length < total && idle < 500) {
          const batches = await claim({ maxPlayers: 3, maxWritesPerPlayer: 2 }, store);
          if (batches.length === 0) {
            idle++; // everything due is leased by the other workers right now
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
          idle = 0;
          for (const batch of batches) {
            const list = order.get(batch.playerId) ?? [];
            list.push(...ids(batch.writes));
            order.set(batch.playerId, list);
            seen.push(...ids(batch.writes));
          }
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          await store.completeWrites(batches.flatMap((b) => ids(b.writes)));
        }
      };
      await Promise.all([worker(h.store), worker(second), worker(h.store), worker(second)]);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      for (const [playerId, sent] of order) expect(sent).toEqual(expected.get(playerId));
    });
  });
}
