import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, signInNewPlayer, type Harness } from '../test-support/harness.js';
import { legacyAccessToken } from './test-support/legacy-access-token.js';

/**
 * The token the backend would have issued before accounts for the same session as `accessToken`
 * (same player and session family, no `acc` claim), issued at `issuedAt`.
 */
function legacyTokenLike(h: Harness, accessToken: string, issuedAt: number): Promise<string> {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string; sid: string };
  return legacyAccessToken(h.config.sessions.signingSecret, claims.sub, claims.sid, issuedAt, h.config.sessions.accessTokenTtlSeconds);
}

describeEachStore('sessions', (kind) => {
  const harness = harnessesFor(kind);

  describe('sessions', () => {
    it('refresh rotates the refresh token; the new session works', async () => {
      const h = await harness();
      const { refreshToken } = await signInNewPlayer(h);
      const res = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
      expect(res.statusCode).toBe(200);
      const { session } = res.json();
      expect(session.refreshToken).not.toBe(refreshToken);
      const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${session.accessToken}` } });
      expect(me.statusCode).toBe(200);
    });

    it('an access token issued before accounts keeps working until it expires, and its session refreshes into one naming the account', async () => {
      const h = await harness();
      const { accessToken, refreshToken, playerId } = await signInNewPlayer(h);
      const accountId = (await h.store.findPlayerByPlayerId(h.config.google.applicationId!, playerId))!.accountId;
      const legacy = await legacyTokenLike(h, accessToken, h.clock.now());
      expect(legacy).not.toBe(accessToken);

      const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${legacy}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ playerId, accountId });
      // The session it opens names the account all the same, looked up for the token.
      const fresh = await h.backend.services.sessions.authenticate(accessToken);
      expect(await h.backend.services.sessions.authenticate(legacy)).toEqual(fresh);
      expect(fresh.accountId).toBe(accountId);

      const refreshed = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
      const claims = JSON.parse(Buffer.from(refreshed.json().session.accessToken.split('.')[1], 'base64url').toString('utf8'));
      expect(claims.acc).toBe(accountId);

      h.clock.offsetMs += h.config.sessions.accessTokenTtlSeconds * 1000;
      const expired = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${legacy}` } });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('SESSION_EXPIRED');
    });

    it('an access token issued before accounts, of a player deleted since, is refused', async () => {
      const h = await harness();
      const { accessToken } = await signInNewPlayer(h);
      const legacy = await legacyTokenLike(h, accessToken, h.clock.now());
      expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(204);
      const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${legacy}` } });
      expect(me.statusCode).toBe(401);
      expect(me.json().error.code).toBe('SESSION_INVALID');
    });

    it('reuse of a rotated refresh token revokes the whole family (the reuse grace off; reuse-grace.test.ts has it on)', async () => {
      const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '0' } });
      const { refreshToken, accessToken } = await signInNewPlayer(h);
      const rotated = (await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })).json().session;

      const reuse = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
      expect(reuse.statusCode).toBe(401);
      expect(reuse.json().error.code).toBe('REFRESH_TOKEN_REUSED');

      // Everything of that sign-in is dead: the newest refresh token and both access tokens.
      const next = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: rotated.refreshToken } });
      expect(next.json().error.code).toBe('REFRESH_TOKEN_INVALID');
      for (const token of [accessToken, rotated.accessToken]) {
        const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
        expect(me.statusCode).toBe(401);
        expect(me.json().error.code).toBe('SESSION_INVALID');
      }
    });

    it('with the reuse grace off, two concurrent refreshes with one token: one rotates, the other is reuse, and the family dies', async () => {
      const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '0' } });
      const { refreshToken } = await signInNewPlayer(h);
      const refresh = (token: string) => h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: token } });
      const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
      const winner = answers.find((a) => a.statusCode === 200)!.json().session;
      const loser = answers.find((a) => a.statusCode === 401)!;
      expect(loser.json().error.code).toBe('REFRESH_TOKEN_REUSED');
      // The copy cannot be told from the original: whoever won is cut off too.
      expect((await refresh(winner.refreshToken)).json().error.code).toBe('REFRESH_TOKEN_INVALID');
      const me = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${winner.accessToken}` } });
      expect([me.statusCode, me.json().error.code]).toEqual([401, 'SESSION_INVALID']);
    });

    it('a refresh token expires after PGS_REFRESH_TOKEN_TTL_SECONDS; each rotation starts the time again', async () => {
      const h = await harness({ env: { PGS_REFRESH_TOKEN_TTL_SECONDS: '3600' } });
      const { refreshToken } = await signInNewPlayer(h);
      const refresh = (token: string) => h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: token } });
      h.clock.offsetMs += 50 * 60_000;
      const rotated = await refresh(refreshToken);
      expect(rotated.statusCode).toBe(200);
      h.clock.offsetMs += 50 * 60_000;
      const next = await refresh(rotated.json().session.refreshToken);
      expect(next.statusCode).toBe(200);
      h.clock.offsetMs += 61 * 60_000;
      const expired = await refresh(next.json().session.refreshToken);
      expect([expired.statusCode, expired.json().error.code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);
    });

    it('logout ends the session at once', async () => {
      const h = await harness();
      const { accessToken, refreshToken } = await signInNewPlayer(h);
      const auth = { authorization: `Bearer ${accessToken}` };
      const out = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: auth });
      expect(out.statusCode).toBe(204);
      expect(out.body).toBe('');
      expect((await h.app.inject({ method: 'GET', url: '/v1/me', headers: auth })).json().error.code).toBe('SESSION_INVALID');
      expect((await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })).json().error.code).toBe(
        'REFRESH_TOKEN_INVALID',
      );
    });

    it('refuses missing, tampered and expired access tokens with distinct codes', async () => {
      const h = await harness();
      const { accessToken } = await signInNewPlayer(h);
      const missing = await h.app.inject({ method: 'GET', url: '/v1/me' });
      expect([missing.statusCode, missing.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);

      const [header, payload, signature] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${signature}`;
      const tampered = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${forged}` } });
      expect([tampered.statusCode, tampered.json().error.code]).toEqual([401, 'SESSION_INVALID']);

      h.clock.offsetMs += 16 * 60_000;
      const expired = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect([expired.statusCode, expired.json().error.code]).toEqual([401, 'SESSION_EXPIRED']);
    });

    // Regression: the answers that carry session tokens had no Cache-Control, so a proxy or the
    // client's HTTP cache could keep them (RFC 6749 §5.1: token answers are "no-store").
    it('answers sign-in and refresh with Cache-Control: no-store', async () => {
      const h = await harness();
      const { refreshToken, response } = await signInNewPlayer(h);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
      const res = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
    });

    // Regression: 401 answers carried no WWW-Authenticate (RFC 9110 §15.5.2 requires a challenge;
    // Android's HttpURLConnection fails such an answer with "No authentication challenges found"
    // before the game can read the error code).
    it('every 401 carries a Bearer challenge; an invalid or expired session token says invalid_token', async () => {
      const h = await harness();
      const { accessToken } = await signInNewPlayer(h);
      const missing = await h.app.inject({ method: 'GET', url: '/v1/me' });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="play-games-server"');
      h.clock.offsetMs += 16 * 60_000;
      const expired = await h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect(expired.json().error.code).toBe('SESSION_EXPIRED');
      expect(expired.headers['www-authenticate']).toBe('Bearer realm="play-games-server", error="invalid_token"');
      const badCode = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode: 'bogus' } });
      expect(badCode.statusCode).toBe(401);
      expect(badCode.headers['www-authenticate']).toBe('Bearer realm="play-games-server"');
      const ok = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(ok.headers['www-authenticate']).toBeUndefined();
    });

    it('refuses a malformed or unknown refresh token', async () => {
      const h = await harness();
      for (const refreshToken of ['garbage', `pgsr_${'A'.repeat(43)}`]) {
        const res = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
        expect([res.statusCode, res.json().error.code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);
      }
    });
  });
});
