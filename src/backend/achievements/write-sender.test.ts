import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoogleApiError } from '../../google/errors.js';
import { openStore } from '../../store/open-store.js';
import type { AchievementWrite, AchievementWriteInput, Store } from '../../store/store.js';
import { GrantUnusableError } from '../vault/grant-unusable-error.js';
import { createLogger } from '../logger.js';
import { createMetrics, type BackendMetrics } from '../metrics.js';
import { definition, FakeAchievementGames, unavailable } from '../test-support/fake-achievement-games.js';
import { FakeVault } from '../test-support/fake-vault.js';
import { DEFER_MS, WriteSender } from './write-sender.js';

let now = 1_700_000_000_000;
let store: Store;
let games: FakeAchievementGames;
let vault: FakeVault;
let metrics: BackendMetrics;
let sender: WriteSender;
let player: string;

beforeEach(async () => {
  now = 1_700_000_000_000;
  store = await openStore('sqlite::memory:', { clock: () => now });
  games = new FakeAchievementGames([
    definition('std'),
    definition('std2'),
    definition('inc', { type: 'INCREMENTAL', totalSteps: 10 }),
    definition('hidden', { initialState: 'HIDDEN' }),
    definition('draft'),
  ]);
  games.drafts.add('draft');
  vault = new FakeVault(games);
  metrics = createMetrics();
  sender = new WriteSender({
    store,
    games,
    vault,
    metrics,
    logger: createLogger('silent'),
    now: () => now,
    googleTimeoutMs: 1_000,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    random: () => 0.5,
  });
  player = (await store.upsertPlayerOnSignIn({ applicationId: '123456789012', playerId: 'g-1', displayName: 'One' })).player.id;
  vault.grant(player);
});

afterEach(async () => {
  await store.close();
});

async function claimed(writes: AchievementWriteInput[]): Promise<AchievementWrite[]> {
  // Stored and leased at once, as the send-at-once path does.
  const result = await store.enqueueAchievementWrites(player, writes, undefined, { claimLeaseMs: 30_000 });
  if (!('writes' in result)) throw new Error('unexpected replay');
  return result.writes;
}

async function stored(): Promise<AchievementWrite[]> {
  // Every write of the player, open or not, through the failed list and the open list.
  const open = await store.pendingWritesForPlayer(player);
  const failed = await store.listFailedWrites(100);
  return [...open, ...failed].sort((a, b) => a.id - b.id);
}

const OPTIONS = { deadlineMs: 1_000, via: 'worker' as const };

describe('WriteSender.settle', () => {
  it('sends one write with its own method and records Google’s answer', async () => {
    const writes = await claimed([{ achievementId: 'inc', op: 'INCREMENT', steps: 3 }]);
    const s = await sender.settle(player, writes, OPTIONS);
    expect([...s.done.values()]).toEqual([{ achievementId: 'inc', op: 'INCREMENT', currentSteps: 3, newlyUnlocked: false }]);
    expect(s.pending).toEqual([]);
    expect(games.calls.map((c) => [c.operation, c.requestId])).toEqual([['increment', writes[0]!.requestId]]);
    expect(await store.pendingWritesForPlayer(player)).toEqual([]);
    expect(games.truth(player, 'inc')).toEqual({ state: 'REVEALED', steps: 3 });
  });

  it('sends several writes as ONE updateMultiple, in order, each increment with its stored requestId', async () => {
    const writes = await claimed([
      { achievementId: 'inc', op: 'SET_STEPS_AT_LEAST', steps: 4 },
      { achievementId: 'inc', op: 'INCREMENT', steps: 2 },
      { achievementId: 'inc', op: 'INCREMENT', steps: 9 },
      { achievementId: 'hidden', op: 'REVEAL' },
    ]);
    const s = await sender.settle(player, writes, OPTIONS);
    expect(games.count('updateMultiple')).toBe(1);
    const sent = games.calls[0]!.updates!;
    expect(sent.map((u) => u.updateType)).toEqual(['SET_STEPS_AT_LEAST', 'INCREMENT', 'INCREMENT', 'REVEAL']);
    expect(sent[1]!.incrementPayload).toEqual({ steps: 2, requestId: writes[1]!.requestId });
    expect(sent[2]!.incrementPayload).toEqual({ steps: 9, requestId: writes[2]!.requestId });
    expect(writes.map((w) => s.done.get(w.id)?.currentSteps)).toEqual([4, 6, 10, undefined]);
    expect(s.done.get(writes[2]!.id)?.newlyUnlocked).toBe(true);
    expect(games.truth(player, 'inc')).toEqual({ state: 'UNLOCKED', steps: 10 });
    expect(games.truth(player, 'hidden').state).toBe('REVEALED');
    const batchSizes = (await metrics.registry.getSingleMetricAsString('pgs_achievement_write_batch_size')).split('\n');
    expect(batchSizes).toContain('pgs_achievement_write_batch_size_count 1');
    expect(batchSizes).toContain('pgs_achievement_write_batch_size_sum 4');
  });

  it('leaves writes pending with a jittered backoff after a transient failure, honouring Retry-After', async () => {
    const writes = await claimed([{ achievementId: 'std', op: 'UNLOCK' }]);
    games.failNext('unlock', () => unavailable());
    const s = await sender.settle(player, writes, OPTIONS);
    expect(s.pending).toEqual([writes[0]!.id]);
    expect(s.pendingReason).toContain('HTTP 503');
    let [w] = await stored();
    // attempts 0 → ceiling 1 s, random 0.5 → 500 ms.
    expect(w).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: now + 500, leaseUntil: null });
    expect(w!.lastError).toContain('HTTP 503');

    const again = await store.claimDueWrites({ now: now + 500, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
    games.failNext('unlock', () => unavailable(7_000));
    await sender.settle(player, again[0]!.writes, OPTIONS);
    [w] = await stored();
    // attempts 1 → ceiling 2 s → 1 s jittered, but Google asked for 7 s.
    expect(w).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: now + 7_000 });
    expect(games.truth(player, 'std').state).toBe('REVEALED');
  });

  it('parks the writes until the player signs in again when the grant is dead', async () => {
    const writes = await claimed([{ achievementId: 'std', op: 'UNLOCK' }, { achievementId: 'std2', op: 'UNLOCK' }]);
    vault.failNext(player, () => new GrantUnusableError('revoked', 'Google grant is revoked'));
    const s = await sender.settle(player, writes, OPTIONS);
    expect(s.pending).toEqual(writes.map((w) => w.id));
    expect(games.calls).toEqual([]);
    const rows = await stored();
    expect(rows.map((r) => [r.status, r.nextAttemptAt])).toEqual([
      ['pending', now + DEFER_MS],
      ['pending', now + DEFER_MS],
    ]);
    expect(await store.resumeWritesForPlayer(player)).toBe(2);
  });

  it('after a 401, refreshes the token once and sends again', async () => {
    const writes = await claimed([{ achievementId: 'std', op: 'UNLOCK' }]);
    vault.expire(player);
    const s = await sender.settle(player, writes, OPTIONS);
    expect(s.done.get(writes[0]!.id)).toEqual({ achievementId: 'std', op: 'UNLOCK', state: 'UNLOCKED', newlyUnlocked: true });
    expect(vault.calls.map((c) => c.forceRefresh)).toEqual([false, true]);
    expect(games.count('unlock')).toBe(2);
  });

  it('a second 401 after the refresh parks the writes as a dead grant', async () => {
    const writes = await claimed([{ achievementId: 'std', op: 'UNLOCK' }]);
    const refused = () => new GoogleApiError({ operation: 'unlock', status: 401, reason: 'authError', message: 'HTTP 401' });
    games.failNext('unlock', refused, { times: 2 });
    const s = await sender.settle(player, writes, OPTIONS);
    expect(s.pending).toEqual([writes[0]!.id]);
    expect((await stored())[0]).toMatchObject({ status: 'pending', nextAttemptAt: now + DEFER_MS });
  });

  it('fails a single write Google refuses for good, and records why', async () => {
    const writes = await claimed([{ achievementId: 'draft', op: 'UNLOCK' }]);
    const s = await sender.settle(player, writes, OPTIONS);
    expect(s.failed.get(writes[0]!.id)).toMatchObject({ status: 404 });
    const [w] = await stored();
    expect(w).toMatchObject({ status: 'failed' });
    expect(w!.lastError).toContain('not found');
  });

  it('isolates the bad write of a batch Google refuses as a whole, failing only it', async () => {
    const writes = await claimed([
      { achievementId: 'std', op: 'UNLOCK' },
      { achievementId: 'draft', op: 'UNLOCK' },
      { achievementId: 'inc', op: 'INCREMENT', steps: 2 },
    ]);
    const s = await sender.settle(player, writes, OPTIONS);
    expect(games.calls.map((c) => c.operation)).toEqual(['updateMultiple', 'unlock', 'unlock', 'increment']);
    expect([...s.done.keys()]).toEqual([writes[0]!.id, writes[2]!.id]);
    expect([...s.failed.keys()]).toEqual([writes[1]!.id]);
    expect(games.truth(player, 'std').state).toBe('UNLOCKED');
    expect(games.truth(player, 'inc').steps).toBe(2);
    expect((await stored()).map((w) => w.status)).toEqual(['failed']);
  });

  it('isolating, a transient failure leaves that write and the ones after it pending, in order', async () => {
    const writes = await claimed([
      { achievementId: 'draft', op: 'UNLOCK' },
      { achievementId: 'std', op: 'UNLOCK' },
      { achievementId: 'std2', op: 'UNLOCK' },
    ]);
    // updateMultiple refused (draft), then: draft → 404, std → 503.
    games.failNext('unlock', () => new GoogleApiError({ operation: 'unlock', status: 404, reason: 'notFound', message: 'not found' }));
    games.failNext('unlock', () => unavailable());
    const s = await sender.settle(player, writes, OPTIONS);
    expect([...s.failed.keys()]).toEqual([writes[0]!.id]);
    expect(s.pending).toEqual([writes[1]!.id, writes[2]!.id]);
    expect((await stored()).map((w) => [w.achievementId, w.status])).toEqual([
      ['draft', 'failed'],
      ['std', 'pending'],
      ['std2', 'pending'],
    ]);
  });

  it('an answer lost after Google applied an increment is resent with the same requestId and counted once', async () => {
    const writes = await claimed([{ achievementId: 'inc', op: 'INCREMENT', steps: 3 }]);
    games.failNext('increment', () => unavailable(), { after: true });
    await sender.settle(player, writes, OPTIONS);
    expect(games.truth(player, 'inc').steps).toBe(3);
    now += 60_000;
    const again = await store.claimDueWrites({ now, leaseMs: 30_000, maxPlayers: 10, maxWritesPerPlayer: 10 });
    const s = await sender.settle(player, again[0]!.writes, OPTIONS);
    expect(s.done.size).toBe(1);
    expect(games.truth(player, 'inc').steps).toBe(3);
    expect(games.calls.map((c) => c.requestId)).toEqual([writes[0]!.requestId, writes[0]!.requestId]);
  });

  it('a call that outlives the deadline leaves the write pending', async () => {
    const writes = await claimed([{ achievementId: 'std', op: 'UNLOCK' }]);
    games.delayMs = 200;
    const s = await sender.settle(player, writes, { deadlineMs: 50, via: 'request' });
    expect(s.pending).toEqual([writes[0]!.id]);
    expect(games.calls[0]!.options).toMatchObject({ deadlineMs: expect.any(Number), timeoutMs: expect.any(Number) });
    expect(games.calls[0]!.options!.timeoutMs).toBeLessThanOrEqual(50);
  });
});
