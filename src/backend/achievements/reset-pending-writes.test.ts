/**
 * A tester's reset is not undone by a write recorded before it. Regression: a write parked in the
 * outbox (Google failing when it was made) went out after the reset and set the achievement
 * again, so the tester saw their reset silently undone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AchievementHarness, type SignedInPlayer } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

describeEachStore('resets and pending writes', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database, module: { backoff: { baseMs: 20, maxMs: 50 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (player: SignedInPlayer, path: string, payload?: Record<string, unknown>) =>
    h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements${path}`, headers: player.headers, ...(payload ? { payload } : {}) });

  /** Writes that Google refuses for now: they answer 202 and wait in the outbox. */
  async function parkedWrites(player: SignedInPlayer, writes: () => Promise<void>): Promise<void> {
    await h.control.addFault({ path: '/games/v1/achievements/', status: 503, times: 1000 });
    try {
      await writes();
    } finally {
      await h.control.clearFaults();
    }
    expect((await h.store.pendingWritesForPlayer(player.ref)).length).toBeGreaterThan(0);
  }

  const statuses = async (player: SignedInPlayer) => {
    const ids = Array.from({ length: 3000 }, (_, i) => i + 1);
    return (await h.store.findWrites(ids)).filter((w) => w.playerId === player.ref).map((w) => [w.achievementId, w.status]);
  };

  it('a reset cancels the pending writes of that achievement, and only those', async () => {
    const tester = await h.signIn({ tester: true });
    await parkedWrites(tester, async () => {
      expect((await post(tester, `/${h.demo.standard.id}/unlock`)).statusCode).toBe(202);
      expect((await post(tester, `/${h.demo.incremental.id}/increment`, { steps: 2 })).statusCode).toBe(202);
    });
    const reset = await post(tester, `/${h.demo.standard.id}/reset`);
    expect({ status: reset.statusCode, body: reset.json() }).toEqual({
      status: 200,
      body: { achievementId: h.demo.standard.id, state: 'REVEALED', updateOccurred: false },
    });
    await h.drain();
    // The reset stands; the other achievement's write still reached Google.
    expect((await h.truth(tester.playerId, h.demo.standard.id))?.achievementState).toBe('REVEALED');
    expect((await h.truth(tester.playerId, h.demo.incremental.id))?.currentSteps).toBe(2);
    expect(await statuses(tester)).toEqual([
      [h.demo.standard.id, 'cancelled'],
      [h.demo.incremental.id, 'done'],
    ]);
    // The read no longer shows the cancelled write as pending.
    const items = (await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: tester.headers })).json().items as { id: string; state: string; pending?: boolean }[];
    expect(items.find((i) => i.id === h.demo.standard.id)).toMatchObject({ state: 'REVEALED' });
    expect(items.find((i) => i.id === h.demo.standard.id)?.pending).toBeUndefined();
  });

  it('a reset of everything cancels every pending write of the player', async () => {
    const tester = await h.signIn({ tester: true });
    await parkedWrites(tester, async () => {
      await post(tester, `/${h.demo.standard.id}/unlock`);
      await post(tester, `/${h.demo.incremental.id}/increment`, { steps: 3 });
    });
    const reset = await post(tester, ':reset');
    expect(reset.statusCode).toBe(200);
    await h.drain();
    expect((await h.truth(tester.playerId, h.demo.standard.id))?.achievementState).toBe('REVEALED');
    expect((await h.truth(tester.playerId, h.demo.incremental.id))?.currentSteps ?? 0).toBe(0);
    expect((await statuses(tester)).map(([, status]) => status)).toEqual(['cancelled', 'cancelled']);
  });

  it('a reset Google refuses (not a tester) leaves the pending writes as they were: they still go out', async () => {
    const player = await h.signIn();
    await parkedWrites(player, async () => {
      await post(player, `/${h.demo.standard.id}/unlock`);
    });
    const reset = await post(player, `/${h.demo.standard.id}/reset`);
    expect({ status: reset.statusCode, code: reset.json().error.code }).toEqual({ status: 403, code: 'NOT_A_TESTER' });
    await h.drain();
    expect((await h.truth(player.playerId, h.demo.standard.id))?.achievementState).toBe('UNLOCKED');
    expect(await statuses(player)).toEqual([[h.demo.standard.id, 'done']]);
  });

  it('the game server route cancels alike', async () => {
    const tester = await h.signIn({ tester: true });
    await parkedWrites(tester, async () => {
      await post(tester, `/${h.demo.standard2.id}/unlock`);
    });
    const reset = await h.backend.app.inject({
      method: 'POST',
      url: `/v1/players/${tester.playerId}/achievements/${h.demo.standard2.id}/reset`,
      headers: { authorization: 'Bearer test-server-api-key-0123456789abcdef' },
    });
    expect(reset.statusCode).toBe(200);
    await h.drain();
    expect((await h.truth(tester.playerId, h.demo.standard2.id))?.achievementState).toBe('REVEALED');
  });
});
