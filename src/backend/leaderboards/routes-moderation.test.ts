/**
 * Operators hiding a cheater over HTTP, on both stores: the server-key route calls Google's
 * players.hide with the grant of a Play Console account of the game, the cheater leaves the
 * public page at once (the cached copy is dropped) while still seeing their own score, and
 * unhide brings them back; without a moderator, or with one who is not a developer, it is refused.
 */
import { afterEach, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { LEADERBOARD_SERVER_KEY, LeaderboardHarness, type LeaderboardHarnessOptions } from '../test-support/leaderboard-harness.js';

describeEachStore('hiding players from leaderboards', (store) => {
  const open: LeaderboardHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  const start = async (options: LeaderboardHarnessOptions = {}) => {
    const h = await LeaderboardHarness.start({ store, ...options });
    open.push(h);
    return h;
  };
  const moderate = (h: LeaderboardHarness, verb: 'hide' | 'unhide', playerId: string, payload: Record<string, unknown> = {}, key = LEADERBOARD_SERVER_KEY) =>
    h.backend.app.inject({
      method: 'POST',
      url: `/v1/admin/players/${playerId}/leaderboards:${verb}`,
      headers: { authorization: `Bearer ${key}` },
      payload,
    });
  const topIds = async (h: LeaderboardHarness, p: { headers: Record<string, string> }) =>
    (await h.get(p as never, `/v1/leaderboards/${h.boards.high.id}/scores`)).json<{ items: { playerId: string }[] }>().items.map((e) => e.playerId);

  it('hides a cheater with a developer’s grant: they leave the page at once, still see their own score; unhide brings them back', async () => {
    const h = await start({ env: { PGS_LEADERBOARD_CACHE_TTL_SECONDS: '300' } });
    const developer = await h.signIn({ developer: true, displayName: 'Studio' });
    const honest = await h.signIn();
    const cheater = await h.signIn();
    await h.submit(honest, h.boards.high.id, { score: 100 });
    await h.submit(cheater, h.boards.high.id, { score: 9_999_999 });
    expect(await topIds(h, honest)).toEqual([cheater.playerId, honest.playerId]);

    const hide = await moderate(h, 'hide', cheater.playerId, { moderatorPlayerId: developer.playerId });
    expect({ status: hide.statusCode, body: hide.json() }).toEqual({ status: 200, body: { playerId: cheater.playerId, hidden: true } });
    expect((await h.control.player(cheater.playerId)).hiddenInApplications).toEqual([h.app.applicationId]);
    expect(await topIds(h, honest)).toEqual([honest.playerId]);
    const own = await h.get(cheater, `/v1/me/leaderboards/${h.boards.high.id}/scores`);
    expect(own.json<{ items: { score: number }[] }>().items[0]).toMatchObject({ score: 9_999_999 });

    const unhide = await moderate(h, 'unhide', cheater.playerId, { moderatorPlayerId: developer.playerId });
    expect({ status: unhide.statusCode, body: unhide.json() }).toEqual({ status: 200, body: { playerId: cheater.playerId, hidden: false } });
    expect(await topIds(h, honest)).toEqual([cheater.playerId, honest.playerId]);
  });

  it('PGS_LEADERBOARD_MODERATOR names the moderator once; a player the server never saw is passed to Google as given', async () => {
    const emulatorFirst = await start();
    const developer = await emulatorFirst.signIn({ developer: true });
    const stranger = await emulatorFirst.control.createPlayer({ displayName: 'Never signed in here' });
    const h = await start({ emulator: emulatorFirst.base.emulator, env: { PGS_LEADERBOARD_MODERATOR: developer.playerId } });
    await h.signInAgain(developer.playerId);
    const res = await moderate(h, 'hide', stranger.playerId);
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { playerId: stranger.playerId, hidden: true } });
    expect((await h.control.player(stranger.playerId)).hiddenInApplications).toEqual([h.app.applicationId]);
  });

  it('refuses without a moderator (400 MODERATOR_REQUIRED), with one who never signed in here, with a non-developer (403 NOT_A_DEVELOPER), and without the key (401)', async () => {
    const h = await start();
    const regular = await h.signIn();
    const cheater = await h.signIn();
    const code = (res: { statusCode: number; json: () => unknown }) => [res.statusCode, (res.json() as { error: { code: string } }).error.code];
    expect(code(await moderate(h, 'hide', cheater.playerId))).toEqual([400, 'MODERATOR_REQUIRED']);
    expect(code(await moderate(h, 'hide', cheater.playerId, { moderatorPlayerId: 'g-unknown' }))).toEqual([400, 'MODERATOR_REQUIRED']);
    expect(code(await moderate(h, 'hide', cheater.playerId, { moderatorPlayerId: regular.playerId }))).toEqual([403, 'NOT_A_DEVELOPER']);
    expect(code(await moderate(h, 'hide', cheater.playerId, {}, 'wrong-key-wrong-key-wrong-key'))).toEqual([401, 'SERVER_API_KEY_INVALID']);
    expect((await h.control.player(cheater.playerId)).hiddenInApplications).toEqual([]);
  });
});
