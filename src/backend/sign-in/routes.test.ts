import { describe, expect, it } from 'vitest';
import { SCOPES, type OptionalScope } from '../../google/wire/scopes.js';
import { ACCOUNT_ID_SHAPE } from '../../store/account-repository.js';
import { describeEachStore } from '../test-support/each-store.js';
import { harnessesFor, type Harness } from '../test-support/harness.js';

async function mint(h: Harness, playerId: string, options: { scopes?: OptionalScope[]; forceRefreshToken?: boolean; clientId?: string } = {}) {
  const { serverAuthCode } = await h.control.mintServerAuthCode({
    playerId,
    clientId: options.clientId ?? h.config.google.credentials!.clientId,
    scopes: options.scopes ?? ['openid', 'email', 'profile'],
    forceRefreshToken: options.forceRefreshToken ?? true,
  });
  return serverAuthCode;
}

/** The claims of a session access token (a JWT; its signature is the session service's to check). */
function accessTokenClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function signIn(h: Harness, payload: Record<string, unknown>) {
  return h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload });
}

describeEachStore('sign-in', (kind) => {
  const harness = harnessesFor(kind);

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

    it('a first sign-in creates the account, which the answer and the access token name; a returning player keeps it', async () => {
      const h = await harness();
      const player = await h.control.createPlayer({ displayName: 'Ada' });
      const first = (await signIn(h, { serverAuthCode: await mint(h, player.playerId) })).json();
      expect(first.player.accountId).toMatch(ACCOUNT_ID_SHAPE);
      const stored = await h.store.findPlayerByPlayerId(h.config.google.applicationId!, player.playerId);
      expect(await h.store.findAccount(first.player.accountId)).toEqual({ id: first.player.accountId, createdAt: stored!.createdAt });
      expect(accessTokenClaims(first.session.accessToken)).toMatchObject({ sub: stored!.id, acc: first.player.accountId });

      const again = (await signIn(h, { serverAuthCode: await mint(h, player.playerId, { forceRefreshToken: false }) })).json();
      expect(again.created).toBe(false);
      expect(again.player.accountId).toBe(first.player.accountId);
      expect(accessTokenClaims(again.session.accessToken)).toMatchObject({ acc: first.player.accountId });
      expect(await h.store.countAccounts()).toBe(1);

      // Another player gets an account of their own.
      const other = await h.control.createPlayer({ displayName: 'Bo' });
      const second = (await signIn(h, { serverAuthCode: await mint(h, other.playerId) })).json();
      expect(second.player.accountId).toMatch(ACCOUNT_ID_SHAPE);
      expect(second.player.accountId).not.toBe(first.player.accountId);
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
      expect(second.json().player.accountId).toBe(first.json().player.accountId);
      expect(await h.store.countPlayers()).toBe(1);
      expect(await h.store.countAccounts()).toBe(1);
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
});
