/**
 * The game server's routes (`/v1/players/{playerId}/achievements…`, server API key), tester resets,
 * and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AchievementHarness, SERVER_API_KEY } from '../test-support/achievement-harness.js';
import { describeEachStore } from '../test-support/each-store.js';

const KEY = { authorization: `Bearer ${SERVER_API_KEY}` };

describeEachStore('game server routes and resets', (database) => {
  let h: AchievementHarness;
  beforeAll(async () => {
    h = await AchievementHarness.start({ database });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('/v1/players/{playerId}/achievements', () => {
    it('reads and writes for a player by their Play Games ID', async () => {
      const p = await h.signIn();
      const base = `/v1/players/${encodeURIComponent(p.playerId)}/achievements`;
      const unlock = await h.backend.app.inject({ method: 'POST', url: `${base}/${h.demo.standard.id}/unlock`, headers: KEY });
      expect({ status: unlock.statusCode, body: unlock.json() }).toEqual({ status: 200, body: { state: 'UNLOCKED', newlyUnlocked: true } });
      const inc = await h.backend.app.inject({ method: 'POST', url: `${base}/${h.demo.incremental.id}/increment`, headers: KEY, payload: { steps: 2 } });
      expect(inc.json()).toEqual({ currentSteps: 2, newlyUnlocked: false });
      const batch = await h.backend.app.inject({
        method: 'POST',
        url: `${base}:batch`,
        headers: KEY,
        payload: { updates: [{ achievementId: h.demo.hidden.id, type: 'REVEAL' }] },
      });
      expect(batch.json()).toEqual({ results: [{ achievementId: h.demo.hidden.id, type: 'REVEAL', state: 'REVEALED' }] });
      const read = await h.backend.app.inject({ method: 'GET', url: base, headers: KEY });
      const items = new Map((read.json().items as Array<{ id: string; state: string }>).map((i) => [i.id, i.state]));
      expect([items.get(h.demo.standard.id), items.get(h.demo.hidden.id)]).toEqual(['UNLOCKED', 'REVEALED']);
      expect((await h.truth(p.playerId, h.demo.incremental.id))?.currentSteps).toBe(2);
    });

    it('refuses without the server API key, or with a session token instead', async () => {
      const p = await h.signIn();
      const url = `/v1/players/${p.playerId}/achievements/${h.demo.standard.id}/unlock`;
      for (const headers of [{}, p.headers, { authorization: 'Bearer wrong-key-wrong-key-wrong-key' }]) {
        const res = await h.backend.app.inject({ method: 'POST', url, headers });
        expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 401, body: { error: { code: 'SERVER_API_KEY_INVALID', message: expect.any(String) } } });
      }
      expect((await h.truth(p.playerId, h.demo.standard.id))?.achievementState).toBe('REVEALED');
    });

    it('answers 404 PLAYER_NOT_FOUND for a player who never signed in here', async () => {
      const res = await h.backend.app.inject({ method: 'GET', url: '/v1/players/g-nobody/achievements', headers: KEY });
      expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 404, code: 'PLAYER_NOT_FOUND' });
    });
  });

  describe('tester resets', () => {
    it('a tester resets one achievement and all of them through the Management API', async () => {
      const t = await h.signIn({ tester: true });
      await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/unlock`, headers: t.headers });
      await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.incremental.id}/increment`, headers: t.headers, payload: { steps: 2 } });
      const one = await h.backend.app.inject({ method: 'POST', url: `/v1/me/achievements/${h.demo.standard.id}/reset`, headers: t.headers });
      expect({ status: one.statusCode, body: one.json() }).toEqual({
        status: 200,
        body: { achievementId: h.demo.standard.id, state: 'REVEALED', updateOccurred: true },
      });
      expect((await h.truth(t.playerId, h.demo.standard.id))?.achievementState).toBe('REVEALED');
      const all = await h.backend.app.inject({ method: 'POST', url: '/v1/me/achievements:reset', headers: t.headers });
      expect(all.statusCode).toBe(200);
      expect(all.json().results).toEqual(expect.arrayContaining([{ achievementId: h.demo.incremental.id, state: 'REVEALED', updateOccurred: true }]));
      expect((await h.truth(t.playerId, h.demo.incremental.id))?.currentSteps ?? 0).toBe(0);
      // The next read shows the reset at once: player state is never cached.
      const read = await h.backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: t.headers });
      expect((read.json().items as Array<{ id: string; currentSteps?: number }>).find((i) => i.id === h.demo.incremental.id)?.currentSteps).toBe(0);
    });

    it('resetting an unknown achievement answers 404 ACHIEVEMENT_NOT_FOUND', async () => {
      const t = await h.signIn({ tester: true });
      const res = await h.backend.app.inject({ method: 'POST', url: '/v1/me/achievements/CgkI-no-such/reset', headers: t.headers });
      expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 404, code: 'ACHIEVEMENT_NOT_FOUND' });
    });

    // A tester whose reset Google refuses for the operator's setup must not hear NOT_A_TESTER:
    // a Management API not enabled, or a token without the full games scope the Management API
    // documents (Play Games v2 codes grant games_lite).
    it.each([
      { reason: 'accessNotConfigured', status: 500, code: 'GOOGLE_MISCONFIGURED' },
      { reason: 'insufficientPermissions', status: 403, code: 'GRANT_SCOPE_INSUFFICIENT' },
    ])('a reset Google refuses with 403 $reason is $status $code for a tester, not NOT_A_TESTER', async ({ reason, status, code }) => {
      const t = await h.signIn({ tester: true });
      await h.control.addFault({ path: '/games/v1management/', status: 403, reason, times: 10 });
      try {
        for (const url of [`/v1/me/achievements/${h.demo.standard.id}/reset`, '/v1/me/achievements:reset']) {
          const res = await h.backend.app.inject({ method: 'POST', url, headers: t.headers });
          expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status, code });
        }
      } finally {
        await h.control.clearFaults();
      }
    });

    it('a player who is not a tester gets 403 NOT_A_TESTER', async () => {
      const p = await h.signIn();
      for (const url of [`/v1/me/achievements/${h.demo.standard.id}/reset`, '/v1/me/achievements:reset']) {
        const res = await h.backend.app.inject({ method: 'POST', url, headers: p.headers });
        expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 403, body: { error: { code: 'NOT_A_TESTER', message: expect.any(String) } } });
      }
    });
  });

  it('documents every achievement route in /openapi.json', async () => {
    const doc = (await h.backend.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(doc.paths as Record<string, unknown>);
    for (const path of [
      '/v1/me/achievements',
      '/v1/me/achievements/{achievementId}/unlock',
      '/v1/me/achievements/{achievementId}/increment',
      '/v1/me/achievements/{achievementId}/reveal',
      '/v1/me/achievements/{achievementId}/set-steps-at-least',
      '/v1/me/achievements:batch',
      '/v1/me/achievements/{achievementId}/reset',
      '/v1/me/achievements:reset',
      '/v1/players/{playerId}/achievements',
      '/v1/players/{playerId}/achievements/{achievementId}/unlock',
      '/v1/players/{playerId}/achievements:batch',
      '/v1/admin/achievements/outbox',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.paths['/v1/me/achievements/{achievementId}/increment'].post.tags).toEqual(['achievements']);
    expect(doc.paths['/v1/me/achievements/{achievementId}/increment'].post.responses).toHaveProperty('202');
  });
});
