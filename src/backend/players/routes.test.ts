import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID_SHAPE } from '../../store/account-repository.js';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, signInNewPlayer } from '../test-support/harness.js';

describeEachStore('me', (kind) => {
  const harness = harnessesFor(kind);

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

    it('carries the account of the player: our own ID, the one the store links the player to', async () => {
      const h = await harness();
      const { accessToken, playerId } = await signInNewPlayer(h);
      const me = (await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })).json();
      expect(me.accountId).toMatch(ACCOUNT_ID_SHAPE);
      const stored = await h.store.findPlayerByPlayerId(h.config.google.applicationId!, playerId);
      expect(me.accountId).toBe(stored!.accountId);
      expect(me.accountId).not.toContain(playerId);
      expect(await h.store.listAccountIdentities(me.accountId)).toEqual([
        { accountId: me.accountId, provider: 'play-games', subject: stored!.id, linkedAt: expect.any(Number) },
      ]);
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
      // The player was the account's last identity: the account goes with them.
      expect(await h.store.countAccounts()).toBe(0);
      const after = await h.app.inject({ method: 'GET', url: '/v1/me', headers: auth });
      expect(after.statusCode).toBe(401);
    });

    // Regression: only the stored refresh token was revoked. The access token of a later sign-in
    // (one without forceRefreshToken, or after the player had removed the game's access, when the
    // stored refresh token was already dead) belongs to a grant of its own, which stayed active.
    it('revokes every grant the backend holds a token of, not only the one with the refresh token', async () => {
      const h = await harness();
      const { playerId } = await signInNewPlayer(h);
      const again = async () => {
        const { serverAuthCode } = await h.control.mintServerAuthCode({
          playerId,
          clientId: h.config.google.credentials!.clientId,
          forceRefreshToken: false,
        });
        const res = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
        expect(res.statusCode).toBe(200);
        return res.json().session.accessToken as string;
      };
      await again();
      await h.control.revokeGrants(playerId);
      const accessToken = await again();
      expect((await h.control.player(playerId)).grants.filter((g) => g.active)).toHaveLength(1);

      const res = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.statusCode).toBe(204);
      expect((await h.control.player(playerId)).grants.filter((g) => g.active)).toEqual([]);
      expect(await h.store.countPlayers()).toBe(0);
    });

    it('a normal second sign-in without forceRefreshToken: DELETE leaves no grant active at Google', async () => {
      const h = await harness();
      const { playerId } = await signInNewPlayer(h);
      const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId, clientId: h.config.google.credentials!.clientId, forceRefreshToken: false });
      const signedIn = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
      const auth = { authorization: `Bearer ${signedIn.json().session.accessToken}` };
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).statusCode).toBe(204);
      expect((await h.control.player(playerId)).grants.filter((g) => g.active)).toEqual([]);
    });

    // Google keeps one authorization per account and client: every sign-in of the player with
    // this game server is the same grant, so the one revocation ends them all.
    it('two sign-ins are one grant at Google, with their scopes together; DELETE ends it', async () => {
      const h = await harness();
      const { playerId } = await signInNewPlayer(h);
      const clientId = h.config.google.credentials!.clientId;
      const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId, clientId, scopes: ['email'], forceRefreshToken: false });
      const signedIn = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
      expect(signedIn.statusCode).toBe(200);
      const before = (await h.control.player(playerId)).grants;
      expect(before).toEqual([expect.objectContaining({ clientId, active: true })]);
      expect(before[0]!.scopes).toContain('https://www.googleapis.com/auth/userinfo.email');
      const auth = { authorization: `Bearer ${signedIn.json().session.accessToken}` };
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).statusCode).toBe(204);
      expect((await h.control.player(playerId)).grants).toEqual([expect.objectContaining({ clientId, active: false })]);
    });

    it('after deletion the refresh token is refused, and signing in again creates the player anew', async () => {
      const h = await harness();
      const { accessToken, refreshToken, playerId } = await signInNewPlayer(h);
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(204);
      const refresh = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
      expect([refresh.statusCode, refresh.json().error.code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);

      const { serverAuthCode } = await h.control.mintServerAuthCode({ playerId, clientId: h.config.google.credentials!.clientId, forceRefreshToken: true });
      const again = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ created: true, offlineAccess: true, player: { playerId } });
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('deletes nothing and answers 503 when Google cannot be reached, so a retry can finish', async () => {
      const h = await harness();
      const { accessToken } = await signInNewPlayer(h);
      await h.control.addFault({ path: '/revoke', status: 503, times: 10 });
      const auth = { authorization: `Bearer ${accessToken}` };
      const res = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('GOOGLE_UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await h.store.countPlayers()).toBe(1);

      await h.control.clearFaults();
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: auth })).statusCode).toBe(204);
      expect(await h.store.countPlayers()).toBe(0);
    });

    it('finishes when Google revoked but its answer was lost (the retry finds the token dead)', async () => {
      const h = await harness();
      const { accessToken, playerId } = await signInNewPlayer(h);
      await h.control.addFault({ path: '/revoke', dropConnection: true, after: true, times: 1 });
      const res = await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.statusCode).toBe(204);
      expect((await h.control.player(playerId)).grants.filter((g) => g.active)).toEqual([]);
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
