import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore, type StoreKind } from '../test-support/each-store.js';
import { startHarness, signInNewPlayer, type Harness } from '../test-support/harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

let store: StoreKind = 'sqlite';

async function harness(): Promise<Harness> {
  const h = await startHarness({ store });
  harnesses.push(h);
  return h;
}

describeEachStore('me', (kind) => {
  beforeAll(() => {
    store = kind;
  });

  describe('GET /v1/me', () => {
    it('returns the signed-in player with the ID-token fields they granted', async () => {
      const h = await harness();
      const { accessToken, playerId } = await signInNewPlayer(h, { displayName: 'Ada' });
      const res = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        playerId,
        displayName: 'Ada',
        googleSub: expect.any(String),
        emailVerified: true,
        createdAt: expect.any(Number),
        lastSignInAt: expect.any(Number),
      });
      // Nothing about the server side of the grant leaks to the client.
      expect(Object.keys(res.json())).not.toContain('id');
      expect(res.body).not.toMatch(/ya29|refresh/i);
    });
  });

  describe('DELETE /v1/me', () => {
    it('revokes the grant at Google, deletes the player, and ends the session', async () => {
      const h = await harness();
      const { accessToken, playerId } = await signInNewPlayer(h);
      expect((await h.control.player(playerId)).grants.some((g) => g.active)).toBe(true);

      const auth = { authorization: `Bearer ${accessToken}` };
      const res = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth });
      expect(res.statusCode).toBe(204);

      const truth = await h.control.player(playerId);
      expect(truth.grants.length).toBeGreaterThan(0);
      expect(truth.grants.every((g) => !g.active)).toBe(true);
      expect(await h.store.countPlayers()).toBe(0);
      const after = await h.app.inject({ method: 'GET', url: '/v1/me', headers: auth });
      expect(after.statusCode).toBe(401);
    });

    it('deletes nothing and answers 503 when Google cannot be reached, so a retry can finish', async () => {
      const h = await harness();
      const { accessToken } = await signInNewPlayer(h);
      await h.control.addFault({ path: '/revoke', status: 503, times: 10 });
      const auth = { authorization: `Bearer ${accessToken}` };
      const res = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('GOOGLE_UNAVAILABLE');
      expect(await h.store.countPlayers()).toBe(1);

      await h.control.clearFaults();
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).statusCode).toBe(204);
      expect(await h.store.countPlayers()).toBe(0);
    });

    it('still deletes when the player had already removed the game\'s access at Google', async () => {
      const h = await harness();
      const { accessToken, playerId } = await signInNewPlayer(h);
      await h.control.revokeGrants(playerId);
      const res = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.statusCode).toBe(204);
      expect(await h.store.countPlayers()).toBe(0);
    });
  });
});
