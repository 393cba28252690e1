import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, type OptionalScope } from '../../google/wire/scopes.js';
import { describeEachStore, type StoreKind } from '../test-support/each-store.js';
import { startHarness, signInNewPlayer, type Harness, type HarnessOptions } from '../test-support/harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

let store: StoreKind = 'sqlite';

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness({ store, ...options });
  harnesses.push(h);
  return h;
}

async function mint(h: Harness, playerId: string, options: { scopes?: OptionalScope[]; forceRefreshToken?: boolean; clientId?: string } = {}) {
  const { serverAuthCode } = await h.control.mintServerAuthCode({
    playerId,
    clientId: options.clientId ?? h.config.google.credentials!.clientId,
    scopes: options.scopes ?? ['openid', 'email', 'profile'],
    forceRefreshToken: options.forceRefreshToken ?? true,
  });
  return serverAuthCode;
}

function signIn(h: Harness, payload: Record<string, unknown>) {
  return h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload });
}

describeEachStore('auth', (kind) => {
  beforeAll(() => {
    store = kind;
  });

  describe('POST /v1/auth/play-games', () => {
    it('signs a new player in: profile, ID-token fields, session, scopes, offline access', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada', email: 'ada@example.com' });
      const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId), playerId: player.playerId });

      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.created).toBe(true);
      expect(body.offlineAccess).toBe(true);
      expect(body.player).toMatchObject({
        playerId: player.playerId,
        displayName: 'Ada',
        email: 'ada@example.com',
        emailVerified: true,
        googleSub: expect.any(String),
      });
      expect(body.player.googleSub).not.toBe(player.playerId);
      expect(body.grantedScopes).toEqual(expect.arrayContaining([SCOPES.gamesLite, SCOPES.driveAppData, SCOPES.openid, SCOPES.email, SCOPES.profile]));
      expect(body.session).toEqual({ accessToken: expect.any(String), refreshToken: expect.stringMatching(/^pgsr_/), expiresIn: 900 });

      // Stored: the player under their Play Games ID, and an active grant with a refresh token.
      const stored = await h.store.findPlayerByPlayerId(h.config.google.applicationId!, player.playerId);
      expect(stored?.displayName).toBe('Ada');
      const grant = await h.store.getGrant(stored!.id);
      expect(grant).toMatchObject({ status: 'active', clientId: h.config.google.credentials!.clientId });
      expect(grant?.refreshTokenCiphertext).toMatch(/^v1\.k1\./);
      expect(grant?.scopes).toContain(SCOPES.gamesLite);
    });

    it('signs a returning player in, keeping the refresh token Google does not send again', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      expect((await signIn(h, { serverAuthCode: await mint(h, player.playerId, { forceRefreshToken: true }) })).json().created).toBe(true);

      const again = await signIn(h, { serverAuthCode: await mint(h, player.playerId, { forceRefreshToken: false }) });
      expect(again.statusCode).toBe(200);
      expect(again.json().created).toBe(false);
      expect(again.json().offlineAccess).toBe(true);
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('works without openid: no ID token, no Google account fields, offline access only when asked', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Bo', email: 'bo@example.com' });
      const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId, { scopes: [], forceRefreshToken: false }) });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.player.googleSub).toBeUndefined();
      expect(body.player.email).toBeUndefined();
      expect(body.offlineAccess).toBe(false);
      expect(body.grantedScopes.sort()).toEqual([SCOPES.driveAppData, SCOPES.gamesLite].sort());
    });

    it('refuses a replayed code: 401 AUTH_CODE_INVALID telling the game to request a new one', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const code = await mint(h, player.playerId);
      expect((await signIn(h, { serverAuthCode: code })).statusCode).toBe(200);
      const replay = await signIn(h, { serverAuthCode: code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.code).toBe('AUTH_CODE_INVALID');
      expect(replay.json().error.message).toContain('request a new one');
      expect(replay.body).not.toContain(code);
    });

    it('refuses an expired code and a code issued for another client', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const code = await mint(h, player.playerId);
      await h.control.advanceClock(11 * 60);
      const expired = await signIn(h, { serverAuthCode: code });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('AUTH_CODE_INVALID');

      const other = (await h.control.applications())[1]!;
      const foreign = await signIn(h, { serverAuthCode: await mint(h, player.playerId, { clientId: other.webClientId }) });
      expect(foreign.statusCode).toBe(401);
      expect(foreign.json().error.code).toBe('AUTH_CODE_INVALID');
    });

    it('refuses a client that claims another player: 403 PLAYER_MISMATCH, nothing stored', async () => {
      const h = await harness();
      const ada = await h.control.createPlayer({ displayName: 'Ada' });
      const eve = await h.control.createPlayer({ displayName: 'Eve' });
      const res = await signIn(h, { serverAuthCode: await mint(h, ada.playerId), playerId: eve.playerId });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('PLAYER_MISMATCH');
      expect(await h.store.countPlayers()).toBe(0);
    });

    it('refuses a token of another game: 403 APPLICATION_MISMATCH', async () => {
      const emulatorHarness = await harness();
      const second = (await emulatorHarness.control.applications())[1]!;
      // This backend serves the second game but holds the demo game's client: its tokens are the demo game's.
      const h = await harness({ emulator: emulatorHarness.emulator, env: { PGS_APPLICATION_ID: second.applicationId } });
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('APPLICATION_MISMATCH');
    });

    it('answers 503 GOOGLE_UNAVAILABLE with Retry-After when Google fails; the spent code then needs a new one', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      await h.control.addFault({ path: '/games/v1/players', status: 503, times: 10 });
      const code = await mint(h, player.playerId);
      const down = await signIn(h, { serverAuthCode: code });
      expect(down.statusCode).toBe(503);
      expect(down.json().error.code).toBe('GOOGLE_UNAVAILABLE');
      expect(Number(down.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await h.control.clearFaults();
      // The exchange had succeeded, so this code is spent: the game asks for a new one.
      expect((await signIn(h, { serverAuthCode: code })).json().error.code).toBe('AUTH_CODE_INVALID');
      expect((await signIn(h, { serverAuthCode: await mint(h, player.playerId) })).statusCode).toBe(200);
    });

    // Regression: with the Games API not enabled in the game's Cloud project, Google answers 403
    // accessNotConfigured to every call. applications.verify's 403 became APPLICATION_MISMATCH
    // ("use this game's web client ID on the device", which cannot help), players.get's became
    // INTERNAL, whichever came first; neither told the operator.
    for (const path of ['/games/v1/applications', '/games/v1/players/me']) {
      it(`answers 500 GOOGLE_MISCONFIGURED when the Games API is not enabled (403 accessNotConfigured at ${path})`, async () => {
        const h = await harness();
        const player = await h.control.createPlayer({ displayName: 'Ada' });
        await h.control.addFault({ path, status: 403, reason: 'accessNotConfigured', times: 5 });
        const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
        expect(res.statusCode).toBe(500);
        expect(res.json().error.code).toBe('GOOGLE_MISCONFIGURED');
        expect(await h.store.countPlayers()).toBe(0);
      });
    }

    // Regression: Google's legacy 403 for a spent quota (dailyLimitExceeded, quotaExceeded) was read
    // as a refusal: applications.verify's became 403 APPLICATION_MISMATCH, players.get's 500 INTERNAL.
    for (const [path, reason] of [['/games/v1/applications', 'quotaExceeded'], ['/games/v1/players/me', 'dailyLimitExceeded']] as const) {
      it(`answers 503 GOOGLE_UNAVAILABLE with Retry-After to a quota 403 (${reason} at ${path})`, async () => {
        const h = await harness();
        const player = await h.control.createPlayer({ displayName: 'Ada' });
        await h.control.addFault({ path, status: 403, reason, times: 5 });
        const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe('GOOGLE_UNAVAILABLE');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      });
    }

    it('answers 503 when the token endpoint drops the connection or is slower than the timeout', async () => {
      const h = await harness({ env: { PGS_GOOGLE_TIMEOUT_MS: '300' } });
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      await h.control.addFault({ path: '/token', dropConnection: true, times: 1 });
      const dropped = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
      expect(dropped.statusCode).toBe(503);
      expect(dropped.json().error.code).toBe('GOOGLE_UNAVAILABLE');

      await h.control.addFault({ path: '/token', delayMs: 1_500, times: 1 });
      const started = Date.now();
      const slow = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
      expect(slow.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(1_400);
    });

    it('answers 500 GOOGLE_MISCONFIGURED, vague to the client, when the client secret is wrong', async () => {
      const h = await harness({
        configure: (config) => ({
          ...config,
          google: { ...config.google, credentials: { ...config.google.credentials!, clientSecret: 'not-the-secret' } },
        }),
      });
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('GOOGLE_MISCONFIGURED');
      expect(res.body).not.toContain('invalid_client');
      expect(res.body).not.toContain('not-the-secret');
    });

    it('refuses unknown fields and missing codes with INVALID_REQUEST', async () => {
      const h = await harness();
      const unknown = await signIn(h, { serverAuthCode: 'x', extra: true });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toEqual({ code: 'INVALID_REQUEST', message: expect.stringContaining('extra') });
      const missing = await signIn(h, {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.message).toContain('serverAuthCode');
    });

    // Regression: Google leaves empty string fields out of its JSON (proto3), and a players.get
    // answer without displayName failed the store's NOT NULL: 500 INTERNAL for a valid sign-in.
    it('signs in a player whose players.get answer has no displayName', async () => {
      const h = await harness({
        wrapFetch: (fetch) => async (url, init) => {
          const res = await fetch(url, init);
          if (new URL(url).pathname !== '/games/v1/players/me') return res;
          const { displayName: _dropped, ...rest } = JSON.parse(await res.text()) as Record<string, unknown>;
          return { status: res.status, headers: res.headers, text: async () => JSON.stringify(rest) };
        },
      });
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const res = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
      expect(res.statusCode).toBe(200);
      expect(res.json().player).toMatchObject({ playerId: player.playerId, displayName: '' });
    });

    it('two concurrent first sign-ins of one player both succeed, exactly one creates', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const [a, b] = await Promise.all([
        signIn(h, { serverAuthCode: await mint(h, player.playerId) }),
        signIn(h, { serverAuthCode: await mint(h, player.playerId) }),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect([a.json().created, b.json().created].sort()).toEqual([false, true]);
      expect(await h.store.countPlayers()).toBe(1);
    });

    it('moves a player to their next-generation ID instead of duplicating them', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const first = await signIn(h, { serverAuthCode: await mint(h, player.playerId) });
      const { playerId: newId } = await h.control.changePlayerId(player.playerId);
      expect(newId).not.toBe(player.playerId);

      // A client with the cached old ID is accepted: it is the same player.
      const second = await signIn(h, { serverAuthCode: await mint(h, newId), playerId: player.playerId });
      expect(second.statusCode).toBe(200);
      expect(second.json().created).toBe(false);
      expect(second.json().player.playerId).toBe(newId);
      expect(second.json().player.googleSub).toBe(first.json().player.googleSub);
      expect(await h.store.countPlayers()).toBe(1);
      const stored = await h.store.findPlayerByPlayerId(h.config.google.applicationId!, player.playerId);
      expect(stored?.playerId).toBe(newId);
    });

    // Regression: the code was scrubbed out of Google's own `invalid_grant`, so a short bogus code answered 500.
    it('answers 401 AUTH_CODE_INVALID to a one-character code', async () => {
      const h = await harness();
      const res = await signIn(h, { serverAuthCode: 'a' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'AUTH_CODE_INVALID', message: expect.stringContaining('request a new one') } });
    });

    // Regression: scrubbing a lone surrogate threw URIError, so this bad input answered 500.
    it('answers 401 AUTH_CODE_INVALID to a code that is not well-formed UTF-16', async () => {
      const h = await harness();
      const res = await signIn(h, { serverAuthCode: '\ud800' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'AUTH_CODE_INVALID', message: expect.stringContaining('request a new one') } });
    });

    it('rate limits sign-in per client address', async () => {
      const h = await harness({ env: { PGS_SIGN_IN_RATE_LIMIT: '3' } });
      for (let i = 0; i < 3; i++) expect((await signIn(h, { serverAuthCode: `bogus-${i}` })).statusCode).not.toBe(429);
      const limited = await signIn(h, { serverAuthCode: 'bogus-4' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    // Regression: one bucket served /v1/auth/*, so session refreshes and logouts used up the
    // sign-ins of the same address (README: "sign-in calls per minute per client address").
    it('counts session refreshes apart from sign-ins', async () => {
      const h = await harness({ env: { PGS_SIGN_IN_RATE_LIMIT: '2' } });
      const refresh = () => h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'pgsr_' + 'a'.repeat(43) } });
      expect([(await refresh()).statusCode, (await refresh()).statusCode, (await refresh()).statusCode]).toEqual([401, 401, 429]);
      const signedIn = await signIn(h, { serverAuthCode: 'bogus' });
      expect(signedIn.json().error.code).toBe('AUTH_CODE_INVALID');
    });
  });

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

    it('reuse of a rotated refresh token revokes the whole family', async () => {
      const h = await harness();
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

    it('two concurrent refreshes with one token: one rotates, the other is reuse, and the family dies', async () => {
      const h = await harness();
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
