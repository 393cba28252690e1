/**
 * Drafts through the shared definitions cache: a write is checked against what Google shows the
 * writing player, not against whatever the cache holds. Regression: once a tester's read had put
 * a draft in the shared cache, a non-tester's write to it was accepted and stored; Google then
 * answered 404, and the write sat in the operators' failed list.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AchievementHarness, SERVER_API_KEY, type SignedInPlayer } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

describeEachStore('drafts through the shared definitions cache', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  const read = (player: SignedInPlayer) => h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: player.headers });
  const unlock = (player: SignedInPlayer, achievementId: string) =>
    h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${achievementId}/unlock`, headers: player.headers });
  const googleCalls = async () => (await h.control.requests()).filter((r) => r.path.startsWith('/games/')).map((r) => r.operation);
  const failedWritesOf = async (player: SignedInPlayer) => {
    const res = await h.backend.app.inject({ method: 'GET', url: '/v1/admin/achievements/outbox', headers: { authorization: `Bearer ${SERVER_API_KEY}` } });
    return (res.json().failedWrites as { playerId: string }[]).filter((w) => w.playerId === player.playerId);
  };
  const notFound = { status: 404, body: { error: { code: 'ACHIEVEMENT_NOT_FOUND', message: expect.stringContaining('no achievement with ID') } } };

  it('a non-tester who never read: refused 404 like an unknown achievement, nothing stored, nothing sent', async () => {
    const tester = await h.signIn({ tester: true });
    expect((await read(tester)).statusCode).toBe(200); // the shared cache now holds the drafts
    const player = await h.signIn();
    await h.control.clearRequests();
    const res = await unlock(player, h.demo.draft.id);
    expect({ status: res.statusCode, body: res.json() }).toEqual(notFound);
    expect(await h.store.pendingWritesForPlayer(player.ref)).toEqual([]);
    expect(await failedWritesOf(player)).toEqual([]);
    // One look at what Google shows this player, and no write reached Google.
    expect(await googleCalls()).toEqual(['games.achievements.list']);
  });

  it('a non-tester who read their achievements: refused without any Google call', async () => {
    const tester = await h.signIn({ tester: true });
    await read(tester);
    const player = await h.signIn();
    await read(player);
    await h.control.clearRequests();
    const res = await unlock(player, h.demo.draft.id);
    expect({ status: res.statusCode, body: res.json() }).toEqual(notFound);
    expect(await googleCalls()).toEqual([]);
  });

  it('the same through the game server route and a batch: refused before anything is stored', async () => {
    const tester = await h.signIn({ tester: true });
    await read(tester);
    const player = await h.signIn();
    const batch = await h.backend.app.inject({
      method: 'POST',
      url: `/v1/players/${player.playerId}/achievements:batch`,
      headers: { authorization: `Bearer ${SERVER_API_KEY}` },
      payload: { updates: [{ achievementId: h.demo.standard.id, type: 'UNLOCK' }, { achievementId: h.demo.draft.id, type: 'UNLOCK' }] },
    });
    expect({ status: batch.statusCode, body: batch.json() }).toEqual({
      status: 404,
      body: { error: { code: 'ACHIEVEMENT_NOT_FOUND', message: `updates[1]: no achievement with ID ${h.demo.draft.id} exists in this game.` } },
    });
    expect(await h.store.pendingWritesForPlayer(player.ref)).toEqual([]);
    expect((await h.truth(player.playerId, h.demo.standard.id))?.achievementState).toBe('REVEALED');
  });

  it('the tester who filled the cache, and another tester, still write the draft', async () => {
    const tester = await h.signIn({ tester: true });
    await read(tester);
    const res = await unlock(tester, h.demo.draft.id);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
    const other = await h.signIn({ tester: true });
    const again = await unlock(other, h.demo.draft.id);
    expect({ status: again.statusCode, body: again.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
    expect((await h.truth(other.playerId, h.demo.draft.id))?.achievementState).toBe('UNLOCKED');
  });

  it('a non-tester still writes published achievements when a tester filled the cache', async () => {
    const tester = await h.signIn({ tester: true });
    await read(tester);
    const player = await h.signIn();
    const res = await unlock(player, h.demo.standard.id);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
    // What Google showed them is remembered: the next write costs only the write.
    await h.control.clearRequests();
    expect((await unlock(player, h.demo.standard2.id)).statusCode).toBe(200);
    expect(await googleCalls()).toEqual(['games.achievements.unlock']);
  });

  it('when Google cannot say what the player sees, the write is recorded as before (durability first)', async () => {
    const tester = await h.signIn({ tester: true });
    await read(tester);
    const player = await h.signIn();
    await h.control.addFault({ path: '/games/v1/players/me/achievements', status: 503, times: 10 });
    try {
      const res = await unlock(player, h.demo.standard.id);
      expect(res.statusCode).toBe(200);
    } finally {
      await h.control.clearFaults();
    }
    expect((await h.truth(player.playerId, h.demo.standard.id))?.achievementState).toBe('UNLOCKED');
  });
});
