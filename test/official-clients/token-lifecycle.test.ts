/**
 * The life of an access token through google-auth-library: tokeninfo, expiry on the emulator's
 * clock, refresh, and revocation (docs/google/oauth.md, 'Token endpoint grants', 'Revoke' and
 * 'Tokeninfo'), seen from the Games API as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/google/wire/scopes.js';
import { expectGoogleError, expectOAuthError, gamesClient, oauthClient, signIn, startEmulator } from './harness.js';
import type { Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const demo = () => emulator.apps[0]!;
/** Past the 3599-second lifetime of an access token. */
const PAST_EXPIRY = 3600;

describe('getTokenInfo', () => {
  it('describes an offline token with Google’s string-typed fields', async () => {
    const player = await emulator.control.createPlayer({ email: 'info@example.com' });
    const { auth, tokens } = await signIn(emulator, player, { scopes: ['openid', 'email'], forceRefreshToken: true });
    const before = Date.now();

    const info = await auth.getTokenInfo(tokens.access_token!);

    expect(info.aud).toBe(demo().webClientId);
    expect(typeof info.azp).toBe('string');
    expect(info.access_type).toBe('offline');
    expect(new Set(info.scopes)).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData, SCOPES.email, SCOPES.openid]));
    expect(info.email).toBe('info@example.com');
    // Google sends every tokeninfo value as a string (docs/google/oauth.md, 'Tokeninfo'); the
    // client passes them through.
    const wire = info as unknown as Record<string, unknown>;
    expect(wire.email_verified).toBe('true');
    expect(typeof wire.exp).toBe('string');
    expect(info.expiry_date).toBeGreaterThan(before + 3500_000);
    expect(info.expiry_date).toBeLessThanOrEqual(Date.now() + 3600_000);
    // sub is the Google account ID, the same one the ID token carries.
    const claims = (await auth.verifyIdToken({ idToken: tokens.id_token!, audience: demo().webClientId })).getPayload()!;
    expect(info.sub).toBe(claims.sub);
  });

  it('says online, and carries no email, for a default grant', async () => {
    const player = await emulator.control.createPlayer({ email: 'quiet@example.com' });
    const { auth, tokens } = await signIn(emulator, player);
    const info = await auth.getTokenInfo(tokens.access_token!);
    expect(info.access_type).toBe('online');
    expect(info.email).toBeUndefined();
    expect(new Set(info.scopes)).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData]));
  });

  it('counts expires_in down on the emulator clock', async () => {
    const { auth, tokens } = await signIn(emulator, await emulator.control.createPlayer());
    await emulator.control.advanceClock(1000);
    const info = await auth.getTokenInfo(tokens.access_token!);
    const remaining = (info.expiry_date - Date.now()) / 1000;
    expect(remaining).toBeGreaterThan(3599 - 1000 - 30);
    expect(remaining).toBeLessThanOrEqual(3599 - 1000 + 1);
  });

  it('refuses an unknown token with 400 invalid_token', async () => {
    await expectOAuthError(oauthClient(emulator, demo()).getTokenInfo('ya29.not-a-token'), 400, 'invalid_token');
  });

  it('refuses a revoked token and an expired one with 400 invalid_token', async () => {
    const revoked = await signIn(emulator, await emulator.control.createPlayer());
    await revoked.auth.revokeToken(revoked.tokens.access_token!);
    await expectOAuthError(revoked.auth.getTokenInfo(revoked.tokens.access_token!), 400, 'invalid_token');

    const expired = await signIn(emulator, await emulator.control.createPlayer());
    await emulator.control.advanceClock(PAST_EXPIRY);
    await expectOAuthError(expired.auth.getTokenInfo(expired.tokens.access_token!), 400, 'invalid_token');
  });
});

describe('expiry and refresh', () => {
  it('answers 401 authError for an expired token, and a refreshed token works', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games, tokens } = await signIn(emulator, player, { forceRefreshToken: true });
    expect((await games.players.get({ playerId: 'me' })).data.playerId).toBe(player.playerId);

    await emulator.control.advanceClock(PAST_EXPIRY);
    // The client's own expiry_date is on the wall clock, so it still presents the old token.
    await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');

    const { credentials } = await auth.refreshAccessToken();
    expect(credentials.access_token).not.toBe(tokens.access_token);
    expect(credentials.refresh_token).toBe(tokens.refresh_token);
    expect(credentials.token_type).toBe('Bearer');
    expect(new Set(credentials.scope!.split(' '))).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData]));
    expect(credentials.expiry_date).toBeGreaterThan(Date.now() + 3500_000);

    expect((await games.players.get({ playerId: 'me' })).data.playerId).toBe(player.playerId);
    // The old token stays dead.
    const stale = oauthClient(emulator, demo());
    stale.setCredentials({ access_token: tokens.access_token! });
    await expectGoogleError(gamesClient(emulator, stale).players.get({ playerId: 'me' }), 401, 'authError');
  });

  it('answers a fresh, verifiable ID token on refresh when openid was granted', async () => {
    const player = await emulator.control.createPlayer({ email: 'refresh.id@example.com' });
    const { auth, tokens } = await signIn(emulator, player, { scopes: ['openid', 'email'], forceRefreshToken: true });
    const { credentials } = await auth.refreshAccessToken();
    expect(typeof credentials.id_token).toBe('string');
    const claims = (await auth.verifyIdToken({ idToken: credentials.id_token!, audience: demo().webClientId })).getPayload()!;
    const first = (await auth.verifyIdToken({ idToken: tokens.id_token!, audience: demo().webClientId })).getPayload()!;
    expect(claims).toEqual(expect.objectContaining({ sub: first.sub, email: 'refresh.id@example.com', aud: demo().webClientId }));
  });

  it('refreshes transparently on a 401 when the client is told to (forceRefreshOnFailure)', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games, tokens } = await signIn(emulator, player, { forceRefreshToken: true, forceRefreshOnFailure: true });
    await emulator.control.advanceClock(PAST_EXPIRY);

    const { data } = await games.players.get({ playerId: 'me' });

    expect(data.playerId).toBe(player.playerId);
    expect(auth.credentials.access_token).not.toBe(tokens.access_token);
  });

  it('refreshes in getAccessToken once the client sees its token expiring', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games, tokens } = await signIn(emulator, player, { forceRefreshToken: true });
    await emulator.control.advanceClock(PAST_EXPIRY);
    auth.setCredentials({ ...auth.credentials, expiry_date: Date.now() - 1000 });

    const { token } = await auth.getAccessToken();

    expect(token).not.toBe(tokens.access_token);
    expect((await games.players.get({ playerId: 'me' })).data.playerId).toBe(player.playerId);
  });

  it('leaves a player without a refresh token at 401 once the token expires', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games } = await signIn(emulator, player);
    await emulator.control.advanceClock(PAST_EXPIRY);
    await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
    await expect(auth.refreshAccessToken()).rejects.toThrow(/No refresh token/);
    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants[0]).toEqual(expect.objectContaining({ hasRefreshToken: false }));
  });

  it('refuses an unknown refresh token with 400 invalid_grant', async () => {
    const client = oauthClient(emulator, demo());
    client.setCredentials({ refresh_token: '1//not-a-refresh-token' });
    await expectOAuthError(client.refreshAccessToken(), 400, 'invalid_grant');
  });

  // Google answers a refresh token presented by a client it was not issued to with
  // 401 {"error": "unauthorized_client", "error_description": "Unauthorized"}
  // (docs/google/oauth.md, 'Token endpoint errors').
  it('refuses a refresh token presented by another client with 401 unauthorized_client', async () => {
    const player = await emulator.control.createPlayer();
    const { tokens } = await signIn(emulator, player, { forceRefreshToken: true });
    const other = oauthClient(emulator, emulator.apps[1]!);
    other.setCredentials({ refresh_token: tokens.refresh_token! });
    await expectOAuthError(other.refreshAccessToken(), 401, 'unauthorized_client');
  });

  it('refuses a refresh with a wrong client secret with 401 invalid_client', async () => {
    const player = await emulator.control.createPlayer();
    const { tokens } = await signIn(emulator, player, { forceRefreshToken: true });
    const client = oauthClient(emulator, demo(), { clientSecret: 'wrong-secret' });
    client.setCredentials({ refresh_token: tokens.refresh_token! });
    await expectOAuthError(client.refreshAccessToken(), 401, 'invalid_client');
  });
});

describe('revokeToken', () => {
  it('kills a revoked access token: 200, then 401 authError, and the grant shows inactive', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games, tokens } = await signIn(emulator, player);

    const res = await auth.revokeToken(tokens.access_token!);

    expect(res.status).toBe(200);
    await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toEqual([expect.objectContaining({ clientId: demo().webClientId, active: false })]);
  });

  it('revoking a refresh token kills the access tokens issued from it, and refresh gets invalid_grant', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games, tokens } = await signIn(emulator, player, { forceRefreshToken: true });
    const { credentials } = await auth.refreshAccessToken();

    expect((await auth.revokeToken(tokens.refresh_token!)).status).toBe(200);

    await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
    const first = oauthClient(emulator, demo());
    first.setCredentials({ access_token: tokens.access_token! });
    await expectGoogleError(gamesClient(emulator, first).players.get({ playerId: 'me' }), 401, 'authError');
    expect(auth.credentials.access_token).toBe(credentials.access_token);
    await expectOAuthError(auth.refreshAccessToken(), 400, 'invalid_grant');
    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toEqual([expect.objectContaining({ active: false, hasRefreshToken: true })]);
  });

  // One authorization per account and client (docs/google/oauth.md): two sign-ins are one grant.
  it('two sign-ins with one client are one grant: scopes add up, and one revocation ends both', async () => {
    const player = await emulator.control.createPlayer();
    const earlier = await signIn(emulator, player, { forceRefreshToken: true, scopes: ['email'] });
    const later = await signIn(emulator, player, { forceRefreshToken: true, scopes: ['openid'] });
    expect(later.tokens.scope?.split(' ')).toEqual(expect.arrayContaining([SCOPES.email, SCOPES.openid]));
    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toEqual([expect.objectContaining({ clientId: demo().webClientId, active: true, hasRefreshToken: true })]);
    expect(new Set(truth.grants[0]!.scopes)).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData, SCOPES.email, SCOPES.openid]));

    expect((await later.auth.revokeToken(later.tokens.access_token!)).status).toBe(200);
    await expectGoogleError(earlier.games.players.get({ playerId: 'me' }), 401, 'authError');
    await expectOAuthError(earlier.auth.refreshAccessToken(), 400, 'invalid_grant');
    expect((await emulator.control.player(player.playerId)).grants).toEqual([expect.objectContaining({ active: false })]);
  });

  it('revoking an access token also revokes its refresh token (Google’s documented behaviour)', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, tokens } = await signIn(emulator, player, { forceRefreshToken: true });
    expect((await auth.revokeToken(tokens.access_token!)).status).toBe(200);
    await expectOAuthError(auth.refreshAccessToken(), 400, 'invalid_grant');
  });

  it('answers 400 invalid_token for a token that is unknown or already revoked', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, tokens } = await signIn(emulator, player);
    await auth.revokeToken(tokens.access_token!);
    await expectOAuthError(auth.revokeToken(tokens.access_token!), 400, 'invalid_token');
    await expectOAuthError(auth.revokeToken('ya29.never-issued'), 400, 'invalid_token');
  });

  it('kills every token of a player whose grants the control API revoked', async () => {
    const player = await emulator.control.createPlayer();
    const { auth, games } = await signIn(emulator, player, { forceRefreshToken: true });
    await emulator.control.revokeGrants(player.playerId);

    await expectGoogleError(games.players.get({ playerId: 'me' }), 401, 'authError');
    await expectOAuthError(auth.refreshAccessToken(), 400, 'invalid_grant');
    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants.every((g) => !g.active)).toBe(true);
  });
});
