/**
 * The write routes end to end against the emulator: each operation's answer (docs/API.md), the
 * batch, validation before anything is stored, the client-write policy, Idempotency-Key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AchievementHarness, type SignedInPlayer } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

describeEachStore('achievement writes', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = (player: SignedInPlayer, path: string, payload?: unknown, headers: Record<string, string> = {}) =>
    h.backend.app.inject({
      method: 'POST',
      url: `/v1/me/achievements${path}`,
      headers: { ...player.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  /** Every write ever stored for the player (the outbox keeps done writes until pruned). */
  const storedWrites = async (player: SignedInPlayer) => {
    const ids = Array.from({ length: 5000 }, (_, i) => i + 1);
    return (await h.store.findWrites(ids)).filter((w) => w.playerId === player.ref);
  };

  describe('single writes', () => {
    it('unlock answers 200 { state, newlyUnlocked } and reaches Google once', async () => {
      const p = await h.signIn();
      const first = await post(p, `/${h.demo.standard.id}/unlock`);
      expect({ status: first.statusCode, body: first.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
      const again = await post(p, `/${h.demo.standard.id}/unlock`);
      expect({ status: again.statusCode, body: again.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: false } });
      expect((await h.truth(p.playerId, h.demo.standard.id))?.achievementState).toBe('UNLOCKED');
      const writes = await storedWrites(p);
      expect(writes.map((w) => [w.op, w.status])).toEqual([
        ['UNLOCK', 'done'],
        ['UNLOCK', 'done'],
      ]);
      expect(writes[0]!.result).toMatchObject({ newlyUnlocked: true });
    });

    it('increment answers 200 { currentSteps, newlyUnlocked }, with a stored requestId, and unlocks at the total', async () => {
      const p = await h.signIn();
      const total = h.demo.incremental.totalSteps!;
      const first = await post(p, `/${h.demo.incremental.id}/increment`, { steps: 2 });
      expect({ status: first.statusCode, body: first.json() }).toEqual({ status: 200, body: { currentSteps: 2, newlyUnlocked: false } });
      const last = await post(p, `/${h.demo.incremental.id}/increment`, { steps: total });
      expect({ status: last.statusCode, body: last.json() }).toEqual({ status: 200, body: { currentSteps: total, newlyUnlocked: true } });
      expect(await h.truth(p.playerId, h.demo.incremental.id)).toMatchObject({ achievementState: 'UNLOCKED', currentSteps: total });
      const writes = await storedWrites(p);
      expect(writes.every((w) => /^[1-9]\d*$/.test(w.requestId ?? ''))).toBe(true);
      expect(new Set(writes.map((w) => w.requestId)).size).toBe(2);
    });

    it('set-steps-at-least answers 200 and never lowers the steps', async () => {
      const p = await h.signIn();
      const up = await post(p, `/${h.demo.incremental.id}/set-steps-at-least`, { steps: 3 });
      expect({ status: up.statusCode, body: up.json() }).toEqual({ status: 200, body: { currentSteps: 3, newlyUnlocked: false } });
      const down = await post(p, `/${h.demo.incremental.id}/set-steps-at-least`, { steps: 1 });
      expect({ status: down.statusCode, body: down.json() }).toEqual({ status: 200, body: { currentSteps: 3, newlyUnlocked: false } });
    });

    it('reveal answers 200 { state }', async () => {
      const p = await h.signIn();
      const res = await post(p, `/${h.demo.hidden.id}/reveal`);
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { state: 'REVEALED' } });
      expect((await h.truth(p.playerId, h.demo.hidden.id))?.achievementState).toBe('REVEALED');
    });

    it('accepts no body, an empty one or {} on unlock, and refuses unknown body fields', async () => {
      const p = await h.signIn();
      const empty = await h.backend.app.inject({
        method: 'POST',
        url: `/v1/me/achievements/${h.demo.standard2.id}/unlock`,
        headers: { ...p.headers, 'content-type': 'application/json' },
        payload: '',
      });
      expect(empty.statusCode).toBe(200);
      expect((await post(p, `/${h.demo.standard2.id}/unlock`, {})).statusCode).toBe(200);
      const junk = await post(p, `/${h.demo.standard2.id}/unlock`, { force: true });
      expect({ status: junk.statusCode, code: junk.json().error.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
      const extra = await post(p, `/${h.demo.incremental.id}/increment`, { steps: 1, stepz: 2 });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('stepz') });
    });
  });

  describe('validation before anything is stored', () => {
    it.each([
      ['an unknown achievement', (): string => `/CgkI-no-such-achievement/unlock`, undefined, 404, 'ACHIEVEMENT_NOT_FOUND'],
      ['increment on a STANDARD achievement', (): string => `/${h.demo.standard.id}/increment`, { steps: 1 }, 400, 'ACHIEVEMENT_NOT_INCREMENTAL'],
      ['set-steps on a STANDARD achievement', (): string => `/${h.demo.standard.id}/set-steps-at-least`, { steps: 1 }, 400, 'ACHIEVEMENT_NOT_INCREMENTAL'],
      ['zero steps', (): string => `/${h.demo.incremental.id}/increment`, { steps: 0 }, 400, 'INVALID_STEPS'],
      ['negative steps', (): string => `/${h.demo.incremental.id}/increment`, { steps: -2 }, 400, 'INVALID_STEPS'],
      ['fractional steps', (): string => `/${h.demo.incremental.id}/set-steps-at-least`, { steps: 1.5 }, 400, 'INVALID_STEPS'],
      ['steps beyond int32', (): string => `/${h.demo.incremental.id}/increment`, { steps: 2 ** 31 }, 400, 'INVALID_STEPS'],
      ['steps as a string', (): string => `/${h.demo.incremental.id}/increment`, { steps: '5' }, 400, 'INVALID_REQUEST'],
      ['no steps', (): string => `/${h.demo.incremental.id}/increment`, {}, 400, 'INVALID_REQUEST'],
    ] as const)('%s → %i %s, nothing stored, nothing sent', async (_name, path, body, status, code) => {
      const p = await h.signIn();
      await h.control.clearRequests();
      const res = await post(p, path(), body);
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status, body: { error: { code, message: expect.any(String) } } });
      expect(await storedWrites(p)).toEqual([]);
      expect((await h.control.requests()).filter((r) => r.method === 'POST' && r.path.startsWith('/games/'))).toEqual([]);
    });
  });

  describe('POST /v1/me/achievements:batch', () => {
    it('applies every update and answers each result in order', async () => {
      const p = await h.signIn();
      const res = await post(p, ':batch', {
        updates: [
          { achievementId: h.demo.standard.id, type: 'UNLOCK' },
          { achievementId: h.demo.incremental.id, type: 'INCREMENT', steps: 2 },
          { achievementId: h.demo.incremental.id, type: 'SET_STEPS_AT_LEAST', steps: 4 },
          { achievementId: h.demo.hidden.id, type: 'REVEAL' },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        results: [
          { achievementId: h.demo.standard.id, type: 'UNLOCK', state: 'UNLOCKED', newlyUnlocked: true },
          { achievementId: h.demo.incremental.id, type: 'INCREMENT', currentSteps: 2, newlyUnlocked: false },
          { achievementId: h.demo.incremental.id, type: 'SET_STEPS_AT_LEAST', currentSteps: 4, newlyUnlocked: false },
          { achievementId: h.demo.hidden.id, type: 'REVEAL', state: 'REVEALED' },
        ],
      });
      expect(await h.truth(p.playerId, h.demo.incremental.id)).toMatchObject({ currentSteps: 4 });
    });

    it('refuses the whole batch when one update is invalid, naming it, and stores none of it', async () => {
      const p = await h.signIn();
      const res = await post(p, ':batch', {
        updates: [
          { achievementId: h.demo.standard.id, type: 'UNLOCK' },
          { achievementId: h.demo.incremental.id, type: 'INCREMENT', steps: 0 },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({ code: 'INVALID_STEPS', message: expect.stringMatching(/^updates\[1\]: /) });
      const unknown = await post(p, ':batch', { updates: [{ achievementId: 'nope', type: 'UNLOCK' }] });
      expect({ status: unknown.statusCode, code: unknown.json().error.code }).toEqual({ status: 404, code: 'ACHIEVEMENT_NOT_FOUND' });
      expect(await storedWrites(p)).toEqual([]);
      expect((await h.truth(p.playerId, h.demo.standard.id))?.achievementState).toBe('REVEALED');
    });

    it('takes 1 to 50 updates', async () => {
      const p = await h.signIn();
      const none = await post(p, ':batch', { updates: [] });
      const many = await post(p, ':batch', { updates: Array.from({ length: 51 }, () => ({ achievementId: h.demo.standard.id, type: 'UNLOCK' })) });
      const badType = await post(p, ':batch', { updates: [{ achievementId: h.demo.standard.id, type: 'UNLOCK_ALL' }] });
      for (const res of [none, many, badType]) expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
      const fifty = await post(p, ':batch', { updates: Array.from({ length: 50 }, () => ({ achievementId: h.demo.big.id, type: 'INCREMENT', steps: 1 })) });
      expect(fifty.statusCode).toBe(200);
      expect(fifty.json().results.at(-1)).toEqual({ achievementId: h.demo.big.id, type: 'INCREMENT', currentSteps: 50, newlyUnlocked: false });
    });
  });

  describe('Idempotency-Key', () => {
    it('repeating a request with the same key returns the first answer and writes nothing twice', async () => {
      const p = await h.signIn();
      const key = { 'idempotency-key': `inc-${p.playerId}-1` };
      const first = await post(p, `/${h.demo.big.id}/increment`, { steps: 5 }, key);
      const second = await post(p, `/${h.demo.big.id}/increment`, { steps: 5 }, key);
      expect({ status: first.statusCode, body: first.json() }).toEqual({ status: 200, body: { currentSteps: 5, newlyUnlocked: false } });
      expect({ status: second.statusCode, body: second.json(), replayed: second.headers['idempotent-replayed'] }).toEqual({
        status: 200,
        body: { currentSteps: 5, newlyUnlocked: false },
        replayed: 'true',
      });
      expect(await h.truth(p.playerId, h.demo.big.id)).toMatchObject({ currentSteps: 5 });
      expect(await storedWrites(p)).toHaveLength(1);
    });

    it('the same key on a different request answers 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const p = await h.signIn();
      const key = { 'idempotency-key': 'same-key' };
      expect((await post(p, `/${h.demo.big.id}/increment`, { steps: 1 }, key)).statusCode).toBe(200);
      const other = await post(p, `/${h.demo.big.id}/increment`, { steps: 2 }, key);
      expect({ status: other.statusCode, body: other.json() }).toEqual({ status: 422, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) } } });
      // Keys are per player: another player may use the same one.
      const q = await h.signIn();
      expect((await post(q, `/${h.demo.big.id}/increment`, { steps: 2 }, key)).statusCode).toBe(200);
    });

    it('replays 202 pending while the first request’s writes are still pending', async () => {
      const p = await h.signIn();
      await h.control.addFault({ path: `/games/v1/achievements/${h.demo.standard2.id}/`, status: 503, times: 50 });
      try {
        const key = { 'idempotency-key': 'pending-key' };
        const first = await post(p, `/${h.demo.standard2.id}/unlock`, undefined, key);
        const second = await post(p, `/${h.demo.standard2.id}/unlock`, undefined, key);
        expect([first.statusCode, first.json(), second.statusCode, second.json()]).toEqual([202, { pending: true }, 202, { pending: true }]);
        expect(await storedWrites(p)).toHaveLength(1);
      } finally {
        await h.control.clearFaults();
      }
      await h.drain();
      expect((await h.truth(p.playerId, h.demo.standard2.id))?.achievementState).toBe('UNLOCKED');
    });

    it('refuses a key that is not 1–255 visible ASCII characters', async () => {
      const p = await h.signIn();
      for (const bad of ['has space', 'x'.repeat(256), 'é']) {
        const res = await post(p, `/${h.demo.standard.id}/unlock`, undefined, { 'idempotency-key': bad });
        expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
      }
    });
  });
});

describeEachStore('client write policy', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database, env: { PGS_CLIENT_WRITES: 'none' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses game clients with 403 CLIENT_WRITES_FORBIDDEN while the game server may write', async () => {
    const p = await h.signIn();
    const client = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/unlock`, headers: p.headers });
    expect({ status: client.statusCode, code: client.json().error.code }).toEqual({ status: 403, code: 'CLIENT_WRITES_FORBIDDEN' });
    const batch = await h.backend.app.inject({
      method: 'POST',
      url: '/v1/me/achievements:batch',
      headers: p.headers,
      payload: { updates: [{ achievementId: h.demo.standard.id, type: 'UNLOCK' }] },
    });
    expect(batch.statusCode).toBe(403);
    // Reads stay open to clients.
    expect((await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: p.headers })).statusCode).toBe(200);
    const server = await h.backend.app.inject({
      method: 'POST',
      url: `/v1/players/${p.playerId}/achievements/${h.demo.standard.id}/unlock`,
      headers: { authorization: `Bearer ${'test-server-api-key-0123456789abcdef'}` },
    });
    expect({ status: server.statusCode, body: server.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
  });
});

describeEachStore('client write policy with a list', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database, env: { PGS_CLIENT_WRITES: 'CgkIlNDIwqcbEAIQAQ' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets game clients write only the listed achievements', async () => {
    const p = await h.signIn();
    const listed = h.demo.all.find((a) => a.id === 'CgkIlNDIwqcbEAIQAQ') ?? h.demo.standard;
    const other = h.demo.all.find((a) => a.id !== listed.id && a.published && a.achievementType === 'STANDARD')!;
    const ok = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${listed.id}/unlock`, headers: p.headers });
    const refused = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${other.id}/unlock`, headers: p.headers });
    expect([ok.statusCode, refused.statusCode, refused.json().error.code]).toEqual([200, 403, 'CLIENT_WRITES_FORBIDDEN']);
  });
});

describeEachStore('achievement writes with the definitions cache cold', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('validation needs the definitions: Google down answers 503 GOOGLE_UNAVAILABLE and stores nothing; then it works', async () => {
    const p = await h.signIn();
    await h.control.addFault({ path: '/games/v1/achievements', method: 'GET', status: 503, times: 20 });
    const res = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/unlock`, headers: p.headers });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 503, body: { error: { code: 'GOOGLE_UNAVAILABLE', message: expect.any(String) } } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await h.store.pendingWritesForPlayer(p.ref)).toEqual([]);
    await h.control.clearFaults();
    const again = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/unlock`, headers: p.headers });
    expect(again.json()).toEqual({ state: 'UNLOCKED', newlyUnlocked: true });
  });
});

describeEachStore('achievement writes the cached definitions lack', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  // Regression: validation trusted the shared definitions cache, so once a non-tester had filled
  // it (without drafts), a tester's write to a draft answered 404 ACHIEVEMENT_NOT_FOUND and never
  // reached Google, which accepts it: tester accounts see drafts (docs/google/games-api.md).
  it('a tester writes a draft after a non-tester filled the cache: the definitions are fetched again with the tester’s token', async () => {
    const player = await h.signIn();
    const filled = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/unlock`, headers: player.headers });
    expect(filled.statusCode).toBe(200);
    const tester = await h.signIn({ tester: true });
    const res = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.draft.id}/unlock`, headers: tester.headers });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
    expect((await h.truth(tester.playerId, h.demo.draft.id))?.achievementState).toBe('UNLOCKED');
  });

  it('an ID nobody has is still 404 ACHIEVEMENT_NOT_FOUND, with nothing stored', async () => {
    const player = await h.signIn();
    const res = await h.backend.app.inject({ method: 'POST', url: '/v1/me/achievements/no-such-achievement/unlock', headers: player.headers });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 404,
      body: { error: { code: 'ACHIEVEMENT_NOT_FOUND', message: 'no achievement with ID no-such-achievement exists in this game.' } },
    });
    expect(await h.store.pendingWritesForPlayer(player.ref)).toEqual([]);
  });
});
