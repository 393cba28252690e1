import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createLogger } from '../logger.js';
import { createMetrics, type BackendMetrics } from '../metrics.js';
import { definition, FakeAchievementGames, unavailable } from '../test-support/fake-achievement-games.js';
import { FakeVault } from '../test-support/fake-vault.js';
import { OutboxWorker } from './outbox-worker.js';
import { WriteSender } from './write-sender.js';

let now = 1_700_000_000_000;
let store: Store;
let games: FakeAchievementGames;
let vault: FakeVault;
let metrics: BackendMetrics;
let worker: OutboxWorker;

beforeEach(async () => {
  now = 1_700_000_000_000;
  store = await openStore('sqlite::memory:', { clock: () => now });
  games = new FakeAchievementGames([definition('std'), definition('inc', { type: 'INCREMENTAL', totalSteps: 1000 })]);
  vault = new FakeVault(games);
  metrics = createMetrics();
  const logger = createLogger('silent');
  const sender = new WriteSender({ store, games, vault, metrics, logger, now: () => now, googleTimeoutMs: 1_000, random: () => 0 });
  worker = new OutboxWorker({ store, sender, metrics, logger, now: () => now }, { pollIntervalMs: 10_000, maxPlayers: 3, maxWritesPerPlayer: 20 });
});

afterEach(async () => {
  await worker.stop();
  await store.close();
});

async function newPlayer(n: number): Promise<string> {
  const id = (await store.upsertPlayerOnSignIn({ applicationId: '123456789012', playerId: `g-${n}`, displayName: `P${n}` })).player.id;
  vault.grant(id);
  return id;
}

async function metric(name: string): Promise<string> {
  return metrics.registry.getSingleMetricAsString(name);
}

describe('OutboxWorker', () => {
  it('runOnce sends each player’s due writes as one updateMultiple, in order, and updates the gauges', async () => {
    const a = await newPlayer(1);
    const b = await newPlayer(2);
    for (let i = 0; i < 5; i++) await store.enqueueAchievementWrites(a, [{ achievementId: 'inc', op: 'INCREMENT', steps: i + 1 }]);
    await store.enqueueAchievementWrites(b, [{ achievementId: 'std', op: 'UNLOCK' }]);

    expect(await worker.runOnce()).toBe(6);
    expect(games.count('updateMultiple')).toBe(1);
    expect(games.count('unlock')).toBe(1);
    const batch = games.calls.find((c) => c.operation === 'updateMultiple')!;
    expect(batch.updates!.map((u) => u.incrementPayload?.steps)).toEqual([1, 2, 3, 4, 5]);
    expect(games.truth(a, 'inc').steps).toBe(15);
    expect(games.truth(b, 'std').state).toBe('UNLOCKED');
    expect(await metric('pgs_achievement_writes_pending')).toContain('pgs_achievement_writes_pending 0');
    expect(await worker.runOnce()).toBe(0);
  });

  it('retries transient failures after their backoff, and reports pending writes and their age meanwhile', async () => {
    const a = await newPlayer(1);
    await store.enqueueAchievementWrites(a, [{ achievementId: 'std', op: 'UNLOCK' }]);
    games.failNext('unlock', () => unavailable(2_000));
    now += 1_000;
    expect(await worker.runOnce()).toBe(0);
    expect(await metric('pgs_achievement_writes_pending')).toContain('pgs_achievement_writes_pending 1');
    expect(await metric('pgs_achievement_writes_oldest_pending_age_seconds')).toContain('pgs_achievement_writes_oldest_pending_age_seconds 1');
    now += 1_999;
    expect(await worker.runOnce()).toBe(0);
    expect(games.count('unlock')).toBe(1);
    now += 1;
    expect(await worker.runOnce()).toBe(1);
    expect(games.truth(a, 'std').state).toBe('UNLOCKED');
  });

  it('counts failed writes in the failed gauge', async () => {
    const a = await newPlayer(1);
    await store.enqueueAchievementWrites(a, [{ achievementId: 'nope', op: 'UNLOCK' }]);
    expect(await worker.runOnce()).toBe(1);
    expect(await metric('pgs_achievement_writes_failed')).toContain('pgs_achievement_writes_failed 1');
  });

  it('the running loop drains more players than one pass claims, and wake() starts a pass at once', async () => {
    const players = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(newPlayer));
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const p of players) await store.enqueueAchievementWrites(p, [{ achievementId: 'std', op: 'UNLOCK' }]);
    worker.wake();
    const deadline = Date.now() + 5_000;
    while (games.count('unlock') < players.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    // 7 players, 3 per pass: three passes ran back to back though the poll interval is 10 s.
    expect(games.count('unlock')).toBe(7);
    await worker.stop();
    for (const p of players) expect(games.truth(p, 'std').state).toBe('UNLOCKED');
  });

  it('prunes done writes and old idempotency records past the retention, at start and then now and then', async () => {
    const a = await newPlayer(1);
    await store.enqueueAchievementWrites(a, [{ achievementId: 'std', op: 'UNLOCK' }], { key: 'k1', requestHash: 'h' });
    expect(await worker.runOnce()).toBe(1);
    const [done] = await store.findWrites([1]);
    expect(done?.status).toBe('done');
    const pruning = new OutboxWorker(
      { store, sender: new WriteSender({ store, games, vault, metrics, logger: createLogger('silent'), now: () => now, googleTimeoutMs: 1_000 }), metrics, logger: createLogger('silent'), now: () => now },
      { pollIntervalMs: 10, pruneIntervalMs: 60_000, retentionMs: 1_000 },
    );
    now += 999;
    pruning.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.findWrites([1])).toHaveLength(1);
    now += 60_000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pruning.stop();
    expect(await store.findWrites([1])).toEqual([]);
    expect(await store.getIdempotencyRecord(a, 'k1')).toBeUndefined();
  });

  it('reclaims writes whose lease expired (a crashed sender) and sends them', async () => {
    const a = await newPlayer(1);
    await store.enqueueAchievementWrites(a, [{ achievementId: 'inc', op: 'INCREMENT', steps: 2 }]);
    // A sender claims them and dies.
    expect(await store.claimDueWrites({ now, leaseMs: 20_000, maxPlayers: 10, maxWritesPerPlayer: 10 })).toHaveLength(1);
    expect(await worker.runOnce()).toBe(0);
    now += 20_000;
    expect(await worker.runOnce()).toBe(1);
    expect(games.truth(a, 'inc').steps).toBe(2);
  });
});
