/**
 * Leaderboard reads over HTTP, on both stores, each test on a fresh emulator: the list of boards,
 * ranked pages in both sort orders, FRIENDS, a window around the player, paging, the player's own
 * scores, the daily board restarting after the emulator's clock passes Google's boundary, and the
 * shared cache of a top page (one Google call per TTL for every player).
 */
import { afterEach, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { LeaderboardHarness, type LeaderboardHarnessOptions, type ScorePlayer } from '../test-support/leaderboard-harness.js';

interface Page {
  items: { playerId: string; displayName: string; rank: number; score: number; formattedScore: string; scoreTag?: string; pending?: true }[];
  me: { rank: number | null; score: number } | null;
  nextPageToken?: string;
}

describeEachStore('leaderboard reads', (store) => {
  const open: LeaderboardHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  const start = async (options: LeaderboardHarnessOptions = {}) => {
    const h = await LeaderboardHarness.start({ store, ...options });
    open.push(h);
    return h;
  };
  const page = async (h: LeaderboardHarness, p: ScorePlayer, id: string, query = ''): Promise<Page> => {
    const res = await h.get(p, `/v1/leaderboards/${id}/scores${query}`);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<Page>();
  };
  /** Players with these scores on a board, signed in and submitted in order. */
  const players = async (h: LeaderboardHarness, id: string, scores: number[]): Promise<ScorePlayer[]> => {
    const list: ScorePlayer[] = [];
    for (const [i, score] of scores.entries()) {
      const p = await h.signIn({ displayName: `P${i}` });
      expect((await h.submit(p, id, { score })).statusCode).toBe(200);
      list.push(p);
    }
    return list;
  };

  it('GET /v1/leaderboards lists the published boards with their order', async () => {
    const h = await start();
    const p = await h.signIn();
    const res = await h.get(p, '/v1/leaderboards');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { id: string; name: string; order: string }[] }>().items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: h.boards.high.id, name: h.boards.high.name, order: 'LARGER_IS_BETTER' }),
        expect.objectContaining({ id: h.boards.fastest.id, order: 'SMALLER_IS_BETTER' }),
      ]),
    );
    expect(items.map((b) => b.id)).not.toContain(h.boards.draft.id);
    expect((await h.backend.app.inject({ method: 'GET', url: '/v1/leaderboards' })).statusCode).toBe(401);
  });

  it('ranks a LARGER_IS_BETTER board best first, with Google’s formatted scores; me is the reader’s standing', async () => {
    const h = await start();
    const [a, b, c] = await players(h, h.boards.high.id, [300, 1200, 700]);
    const body = await page(h, a!, h.boards.high.id);
    expect(body.items.map((e) => [e.playerId, e.rank, e.score])).toEqual([
      [b!.playerId, 1, 1200],
      [c!.playerId, 2, 700],
      [a!.playerId, 3, 300],
    ]);
    expect(body.items[0]!.formattedScore).toMatch(/1,?200/);
    expect(body.me).toEqual({ rank: 3, score: 300 });
    expect(body.nextPageToken).toBeUndefined();
  });

  it('ranks a SMALLER_IS_BETTER board lowest first; a player with no score has me: null', async () => {
    const h = await start();
    const [a, b] = await players(h, h.boards.fastest.id, [70_000, 65_000]);
    const reader = await h.signIn();
    const body = await page(h, reader, h.boards.fastest.id);
    expect(body.items.map((e) => [e.playerId, e.rank])).toEqual([
      [b!.playerId, 1],
      [a!.playerId, 2],
    ]);
    expect(body.me).toBeNull();
  });

  it('pages with limit and pageToken; around=me is a window with the player in it', async () => {
    const h = await start({ env: { PGS_LEADERBOARD_CACHE_TTL_SECONDS: '0' } });
    const ps = await players(h, h.boards.high.id, [10, 20, 30, 40, 50]);
    const first = await page(h, ps[0]!, h.boards.high.id, '?limit=2');
    expect(first.items.map((e) => e.score)).toEqual([50, 40]);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await page(h, ps[0]!, h.boards.high.id, `?limit=2&pageToken=${encodeURIComponent(first.nextPageToken!)}`);
    expect(second.items.map((e) => e.rank)).toEqual([3, 4]);
    const around = await page(h, ps[0]!, h.boards.high.id, '?around=me&limit=3');
    expect(around.items.map((e) => e.playerId)).toContain(ps[0]!.playerId);
    expect(around.me).toEqual({ rank: 5, score: 10 });
  });

  it('collection=FRIENDS lists the player and their friends only', async () => {
    const h = await start();
    const [a, b, stranger] = await players(h, h.boards.high.id, [100, 200, 300]);
    await h.control.addFriend(a!.playerId, b!.playerId);
    const body = await page(h, a!, h.boards.high.id, '?collection=FRIENDS');
    expect(body.items.map((e) => e.playerId)).toEqual([b!.playerId, a!.playerId]);
    expect(body.items.map((e) => e.playerId)).not.toContain(stranger!.playerId);
    expect(body.me).toEqual({ rank: 2, score: 100 });
  });

  it('GET /v1/me/leaderboards/{id}/scores lists the player’s best per span with its public rank', async () => {
    const h = await start();
    const [, me] = await players(h, h.boards.high.id, [900, 400]);
    await h.submit(me!, h.boards.high.id, { score: 350, scoreTag: 'worse' });
    const res = await h.get(me!, `/v1/me/leaderboards/${h.boards.high.id}/scores`);
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 200,
      body: {
        items: ['ALL_TIME', 'WEEKLY', 'DAILY'].map((timeSpan) => ({ timeSpan, score: 400, rank: 2, formattedScore: expect.stringContaining('400') as unknown })),
      },
    });
  });

  it('the daily board restarts after clock:advance past 07:00 UTC; all-time keeps the score', async () => {
    const h = await start({ env: { PGS_LEADERBOARD_CACHE_TTL_SECONDS: '0' } });
    const [p] = await players(h, h.boards.high.id, [800]);
    expect((await page(h, p!, h.boards.high.id, '?timeSpan=DAILY')).items).toHaveLength(1);
    await h.control.advanceClock(24 * 3600);
    expect(await page(h, p!, h.boards.high.id, '?timeSpan=DAILY')).toEqual({ items: [], me: null });
    expect((await page(h, p!, h.boards.high.id, '?timeSpan=ALL_TIME')).items.map((e) => e.score)).toEqual([800]);
  });

  it('a warm top page costs no Google call for any player within the TTL, and one call after it', async () => {
    const h = await start({ env: { PGS_LEADERBOARD_CACHE_TTL_SECONDS: '30' } });
    const ps = await players(h, h.boards.high.id, [5, 6, 7]);
    await page(h, ps[0]!, h.boards.high.id); // cold: fills the page cache
    for (const p of ps) await page(h, p, h.boards.high.id); // every reader warms their own standing
    h.googleCalls.length = 0;
    for (let i = 0; i < 5; i++) for (const p of ps) await page(h, p, h.boards.high.id);
    expect(h.googleCalls).toEqual([]);
    h.base.clock.offsetMs += 31_000;
    for (const p of ps) await page(h, p, h.boards.high.id);
    expect(h.googleCalls.filter((c) => c === 'scores.list')).toEqual(['scores.list']);
  });

  it('a player’s own new score shows on the cached page at once, before the TTL', async () => {
    const h = await start({ env: { PGS_LEADERBOARD_CACHE_TTL_SECONDS: '300' } });
    const [a, b] = await players(h, h.boards.high.id, [100, 200]);
    expect((await page(h, a!, h.boards.high.id)).items.map((e) => e.playerId)).toEqual([b!.playerId, a!.playerId]);
    expect((await h.submit(a!, h.boards.high.id, { score: 250 })).statusCode).toBe(200);
    const after = await page(h, a!, h.boards.high.id);
    expect(after.items.map((e) => [e.playerId, e.rank, e.score])).toEqual([
      [a!.playerId, 1, 250],
      [b!.playerId, 2, 200],
    ]);
    expect(after.me).toEqual({ rank: 1, score: 250, pending: true });
  });

  it('refuses a bad query (400) and an unknown board (404)', async () => {
    const h = await start();
    const p = await h.signIn();
    for (const query of ['?timeSpan=ALL', '?collection=SOCIAL', '?limit=0', '?limit=31', '?around=you', '?sort=asc']) {
      const res = await h.get(p, `/v1/leaderboards/${h.boards.high.id}/scores${query}`);
      expect({ query, status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ query, status: 400, code: 'INVALID_REQUEST' });
    }
    for (const url of ['/v1/leaderboards/CgkINoSuchBoard/scores', '/v1/me/leaderboards/CgkINoSuchBoard/scores']) {
      const res = await h.get(p, url);
      expect({ status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ status: 404, code: 'LEADERBOARD_NOT_FOUND' });
    }
  });
});
