/**
 * google-auth-library's `getToken` against the emulator's `POST /token` (authorization_code):
 * what a game server does with a Play Games server auth code (docs/google/oauth.md,
 * 'Token endpoint grants' and 'Server auth code flow').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/google/wire/scopes.js';
import { expectOAuthError, oauthClient, startEmulator } from './harness.js';
import type { Emulator } from './harness.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const demo = () => emulator.apps[0]!;
const second = () => emulator.apps[1]!;

describe('getToken with a server auth code', () => {
  it('grants games_lite and drive.appdata only, with no refresh or ID token, by default', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode, grantedScopes } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    expect(new Set(grantedScopes)).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData]));

    const before = Date.now();
    const { tokens, res } = await oauthClient(emulator, demo()).getToken(serverAuthCode);

    expect(res?.status).toBe(200);
    expect(typeof tokens.access_token).toBe('string');
    expect(tokens.access_token!.length).toBeGreaterThan(10);
    expect(tokens.token_type).toBe('Bearer');
    expect(new Set(tokens.scope!.split(' '))).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData]));
    // The client turns expires_in into expiry_date = now + expires_in × 1000: this pins 3599.
    expect(tokens.expiry_date).toBeGreaterThanOrEqual(before + 3599_000);
    expect(tokens.expiry_date).toBeLessThanOrEqual(Date.now() + 3599_000);
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();

    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toEqual([
      expect.objectContaining({ clientId: demo().webClientId, active: true, hasRefreshToken: false }),
    ]);
    expect(new Set(truth.grants[0]!.scopes)).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData]));
  });

  it('adds a refresh token with forceRefreshToken and an ID token with openid, and reports every granted scope', async () => {
    const player = await emulator.control.createPlayer({ email: 'full.grant@example.com' });
    const { serverAuthCode, grantedScopes } = await emulator.control.mintServerAuthCode({
      playerId: player.playerId,
      clientId: demo().webClientId,
      scopes: ['openid', 'email', 'profile'],
      forceRefreshToken: true,
    });
    const all = [SCOPES.gamesLite, SCOPES.driveAppData, SCOPES.email, SCOPES.profile, SCOPES.openid];
    expect(new Set(grantedScopes)).toEqual(new Set(all));

    const { tokens } = await oauthClient(emulator, demo()).getToken(serverAuthCode);

    expect(typeof tokens.refresh_token).toBe('string');
    expect(tokens.id_token!.split('.')).toHaveLength(3);
    expect(new Set(tokens.scope!.split(' '))).toEqual(new Set(all));
    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toEqual([expect.objectContaining({ clientId: demo().webClientId, active: true, hasRefreshToken: true })]);
    expect(new Set(truth.grants[0]!.scopes)).toEqual(new Set(all));
  });

  it('gives no ID token when email and profile are granted without openid', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId, scopes: ['email', 'profile'] });
    const { tokens } = await oauthClient(emulator, demo()).getToken(serverAuthCode);
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.refresh_token).toBeUndefined();
    expect(new Set(tokens.scope!.split(' '))).toEqual(new Set([SCOPES.gamesLite, SCOPES.driveAppData, SCOPES.email, SCOPES.profile]));
  });

  it('authenticates the client by HTTP Basic as well as in the body', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    const { tokens } = await oauthClient(emulator, demo(), { basicAuth: true }).getToken(serverAuthCode);
    expect(typeof tokens.access_token).toBe('string');
  });

  it('exchanges a code of the second demo application with that application’s client', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: second().webClientId });
    const { tokens } = await oauthClient(emulator, second()).getToken(serverAuthCode);
    expect(typeof tokens.access_token).toBe('string');
  });
});

describe('getToken errors (RFC 6749 §5.2, as Google answers them)', () => {
  it('refuses a code used twice with 400 invalid_grant, and never echoes the code', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    const client = oauthClient(emulator, demo());
    await client.getToken(serverAuthCode);

    const error = await expectOAuthError(client.getToken(serverAuthCode), 400, 'invalid_grant');
    expect(JSON.stringify(error.response?.data)).not.toContain(serverAuthCode);
  });

  it('accepts a code within its ten minutes and refuses it after, on the emulator clock', async () => {
    const player = await emulator.control.createPlayer();
    const fresh = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    const stale = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    await emulator.control.advanceClock(9 * 60);
    const { tokens } = await oauthClient(emulator, demo()).getToken(fresh.serverAuthCode);
    expect(typeof tokens.access_token).toBe('string');

    await emulator.control.advanceClock(2 * 60);
    await expectOAuthError(oauthClient(emulator, demo()).getToken(stale.serverAuthCode), 400, 'invalid_grant');
  });

  it('refuses a code issued for another client with 400 invalid_grant, and the code still serves its own client', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    await expectOAuthError(oauthClient(emulator, second()).getToken(serverAuthCode), 400, 'invalid_grant');
    // Google does not document whether a refused attempt burns the code; the emulator keeps it
    // (src/emulator/README.md, "Decisions").
    const { tokens } = await oauthClient(emulator, demo()).getToken(serverAuthCode);
    expect(typeof tokens.access_token).toBe('string');
  });

  it('refuses an unknown code with 400 invalid_grant', async () => {
    await expectOAuthError(oauthClient(emulator, demo()).getToken('4/0AbCdEf-not-a-real-code'), 400, 'invalid_grant');
  });

  it('refuses a wrong client secret with 401 invalid_client, in the body and by Basic', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    await expectOAuthError(oauthClient(emulator, demo(), { clientSecret: 'wrong-secret' }).getToken(serverAuthCode), 401, 'invalid_client');
    await expectOAuthError(
      oauthClient(emulator, demo(), { clientSecret: 'wrong-secret', basicAuth: true }).getToken(serverAuthCode),
      401,
      'invalid_client',
    );
  });

  it('refuses an unknown client ID with 401 invalid_client', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    await expectOAuthError(
      oauthClient(emulator, demo(), { clientId: '999999999999-unknown.apps.googleusercontent.com' }).getToken(serverAuthCode),
      401,
      'invalid_client',
    );
  });

  it('refuses a non-empty redirect_uri with 400 redirect_uri_mismatch', async () => {
    const player = await emulator.control.createPlayer();
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: demo().webClientId });
    await expectOAuthError(
      oauthClient(emulator, demo()).getToken({ code: serverAuthCode, redirect_uri: 'postmessage' }),
      400,
      'redirect_uri_mismatch',
    );
    const { tokens } = await oauthClient(emulator, demo()).getToken(serverAuthCode);
    expect(typeof tokens.access_token).toBe('string');
  });

  it('refuses a request without a code with 400 invalid_request', async () => {
    // The client drops undefined values, so no `code` field reaches the wire.
    await expectOAuthError(oauthClient(emulator, demo()).getToken({ code: undefined as unknown as string }), 400, 'invalid_request');
  });
});
