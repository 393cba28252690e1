/**
 * `GET /v1/me/achievements` end to end against the emulator: the contract's shape, hidden
 * achievements, the definitions cache (a warm read is one Google call), pending writes overlaid,
 * and the error paths.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AchievementHarness } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

describeEachStore('GET /v1/me/achievements', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  const list = async (headers: Record<string, string>, query = '') => h.backend.app.inject({ method: 'GET', url: `/v1/me/achievements${query}`, headers });

  it('lists every published achievement merged with the player’s state, in the contract’s shape', async () => {
    const player = await h.signIn();
    const res = await list(player.headers);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.id)).toEqual(h.demo.published.map((a) => a.id));
    const byId = new Map(items.map((i) => [i.id, i]));
    const std = h.demo.standard;
    expect(byId.get(std.id)).toEqual({
      id: std.id,
      name: std.name,
      description: std.description,
      type: 'STANDARD',
      state: 'REVEALED',
      revealedIconUrl: expect.any(String),
      unlockedIconUrl: expect.any(String),
      experiencePoints: expect.any(Number),
    });
    const inc = h.demo.incremental;
    expect(byId.get(inc.id)).toMatchObject({ type: 'INCREMENTAL', state: 'REVEALED', currentSteps: 0, totalSteps: inc.totalSteps });
    // A HIDDEN achievement shows as hidden: no name, no description.
    const hidden = byId.get(h.demo.hidden.id)!;
    expect(hidden).toMatchObject({ id: h.demo.hidden.id, state: 'HIDDEN', type: 'STANDARD' });
    expect(hidden).not.toHaveProperty('name');
    expect(hidden).not.toHaveProperty('description');
  });

  it('shows the player’s progress after writes, with epoch-ms timestamps', async () => {
    const player = await h.signIn();
    const before = Date.now();
    expect((await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/unlock`, headers: player.headers })).statusCode).toBe(200);
    const inc = await h.backend.app.inject({
      method: 'POST',
      url: `/v1/me/achievements/${h.demo.incremental.id}/increment`,
      headers: player.headers,
      payload: { steps: 2 },
    });
    expect(inc.statusCode).toBe(200);
    const items = new Map((((await list(player.headers)).json().items) as Array<Record<string, unknown>>).map((i) => [i.id, i]));
    expect(items.get(h.demo.standard.id)).toMatchObject({ state: 'UNLOCKED' });
    expect(items.get(h.demo.incremental.id)).toMatchObject({ state: 'REVEALED', currentSteps: 2 });
    const stamp = items.get(h.demo.standard.id)!.lastUpdatedTimestamp as number;
    expect(typeof stamp).toBe('number');
    expect(stamp).toBeGreaterThan(before - 60_000);
  });

  it('costs one Google call when warm: achievements.list only, the definitions come from the cache', async () => {
    const player = await h.signIn();
    await list(player.headers);
    await h.control.clearRequests();
    const res = await list(player.headers);
    expect(res.statusCode).toBe(200);
    const calls = (await h.control.requests()).filter((r) => r.path.startsWith('/games/'));
    expect(calls.map((r) => r.operation)).toEqual(['games.achievements.list']);
  });

  it('overlays the player’s pending writes while Google has not confirmed them', async () => {
    const player = await h.signIn();
    await list(player.headers);
    await h.control.addFault({ path: '/games/v1/achievements/', status: 503, times: 20 });
    try {
      const write = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.hidden.id}/unlock`, headers: player.headers });
      expect({ status: write.statusCode, body: write.json() }).toEqual({ status: 202, body: { pending: true } });
      const items = new Map((((await list(player.headers)).json().items) as Array<Record<string, unknown>>).map((i) => [i.id, i]));
      expect(items.get(h.demo.hidden.id)).toMatchObject({ state: 'UNLOCKED', pending: true, name: h.demo.hidden.name });
      expect((await h.truth(player.playerId, h.demo.hidden.id))?.achievementState).not.toBe('UNLOCKED');
    } finally {
      await h.control.clearFaults();
    }
    await h.drain();
    expect((await h.truth(player.playerId, h.demo.hidden.id))?.achievementState).toBe('UNLOCKED');
  });

  it('shows drafts to testers only, whoever filled the definitions cache', async () => {
    const tester = await h.signIn({ tester: true });
    const player = await h.signIn();
    const ids = async (p: typeof player) => ((await list(p.headers)).json().items as Array<{ id: string }>).map((i) => i.id);
    const drafts = h.demo.all.filter((a) => !a.published).map((a) => a.id);
    expect(await ids(tester)).toEqual(expect.arrayContaining(drafts));
    expect(await ids(player)).toEqual(h.demo.published.map((a) => a.id));
    expect(await ids(tester)).toEqual(h.demo.all.map((a) => a.id));
  });

  it('answers 401 UNAUTHENTICATED without a session', async () => {
    const res = await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
  });

  it('answers 400 INVALID_REQUEST for a malformed language or an unknown query parameter', async () => {
    const player = await h.signIn();
    for (const query of ['?language=%3Cscript%3E', '?lang=fr']) {
      const res = await list(player.headers, query);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_REQUEST');
    }
  });

  it('answers 503 GOOGLE_UNAVAILABLE with Retry-After when Google fails the read', async () => {
    const player = await h.signIn();
    await h.control.addFault({ path: `/games/v1/players/`, status: 503, times: 10 });
    try {
      const res = await list(player.headers);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: { code: 'GOOGLE_UNAVAILABLE', message: expect.any(String) } });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await h.control.clearFaults();
    }
  });

  it.each([
    ['403 dailyLimitExceeded', { status: 403, reason: 'dailyLimitExceeded' }],
    ['409 aborted', { status: 409, reason: 'aborted' }],
  ])('answers 503 GOOGLE_UNAVAILABLE when Google says %s (retry later), not 500 GOOGLE_MISCONFIGURED', async (_name, fault) => {
    const player = await h.signIn();
    await h.control.addFault({ path: `/games/v1/players/`, times: 10, ...fault });
    try {
      const res = await list(player.headers);
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 503, body: { error: { code: 'GOOGLE_UNAVAILABLE', message: expect.any(String) } } });
    } finally {
      await h.control.clearFaults();
    }
  });

  it('answers 401 REAUTH_REQUIRED once the player removed the game’s access', async () => {
    const player = await h.signIn();
    await h.control.revokeGrants(player.playerId);
    const res = await list(player.headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('REAUTH_REQUIRED');
  });
});

describeEachStore('GET /v1/me/achievements with hidden details revealed', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database, env: { PGS_REVEAL_HIDDEN_DETAILS: 'true' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows name and description of HIDDEN achievements when the operator says so', async () => {
    const player = await h.signIn();
    const res = await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: player.headers });
    const hidden = (res.json().items as Array<Record<string, unknown>>).find((i) => i.id === h.demo.hidden.id);
    expect(hidden).toMatchObject({ state: 'HIDDEN', name: h.demo.hidden.name, description: h.demo.hidden.description });
  });
});
