/**
 * OAuthClient against the emulator over a real socket: the happy paths, and every error mapping
 * with real emulator answers and injected faults.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleOAuthError, GoogleUnavailableError } from './errors.js';
import type { CallInfo } from './http.js';
import { OAuthClient, type OAuthClientOptions } from './oauth-client.js';
import { SCOPES } from './wire/scopes.js';
import type { ControlApplication } from '../emulator/index.js';
import { startEmulator, type RunningEmulator } from './test-support/emulator.js';

let emulator: RunningEmulator;
let game: ControlApplication;
let otherGame: ControlApplication;

beforeAll(async () => {
  emulator = await startEmulator();
  [game, otherGame] = emulator.apps as [ControlApplication, ControlApplication];
});
afterAll(() => emulator.close());
afterEach(() => emulator.control.clearFaults());

function client(options: Partial<OAuthClientOptions> = {}) {
  const calls: CallInfo[] = [];
  const sleeps: number[] = [];
  const oauth = new OAuthClient({
    clientId: game.webClientId,
    clientSecret: game.webClientSecret,
    endpoints: emulator.endpoints,
    onCall: (info) => calls.push(info),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { oauth, calls, sleeps };
}

async function mint(options: { scopes?: Array<'email' | 'profile' | 'openid'>; forceRefreshToken?: boolean } = {}) {
  const player = await emulator.control.createPlayer({ displayName: 'Client Test' });
  const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: game.webClientId, ...options });
  return { player, code: serverAuthCode };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectSecretFree(error: unknown, ...secrets: string[]): void {
  for (const text of [String(error), JSON.stringify(error)]) {
    for (const secret of [...secrets, game.webClientSecret]) expect(text).not.toContain(secret);
  }
}

describe('exchangeCode against the emulator', () => {
  it('exchanges a code with an empty redirect_uri, with refresh and ID tokens when asked for', async () => {
    const { code } = await mint({ scopes: ['openid', 'email', 'profile'], forceRefreshToken: true });
    const { oauth, calls } = client();
    const before = Date.now();

    const tokens = await oauth.exchangeCode(code);

    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.id_token?.split('.')).toHaveLength(3);
    expect(tokens.scopes).toEqual(expect.arrayContaining([SCOPES.gamesLite, SCOPES.driveAppData, SCOPES.openid, SCOPES.email, SCOPES.profile]));
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + tokens.expires_in * 1000);
    expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + tokens.expires_in * 1000);
    expect(calls).toEqual([{ operation: 'oauth.token.exchange', status: 200, durationMs: expect.any(Number), attempt: 1 }]);
  });

  it('gets no refresh token or ID token when the player granted only the defaults', async () => {
    const { code } = await mint();
    const tokens = await client().oauth.exchangeCode(code);
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.scopes.sort()).toEqual([SCOPES.driveAppData, SCOPES.gamesLite].sort());
  });

  it('maps a replayed code to invalid_grant, with no code or secret in the error', async () => {
    const { code } = await mint();
    const { oauth } = client();
    await oauth.exchangeCode(code);

    const error = await rejection(oauth.exchangeCode(code));

    expect(error).toBeInstanceOf(GoogleOAuthError);
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_OAUTH', error: 'invalid_grant', status: 400, operation: 'oauth.token.exchange' });
    expectSecretFree(error, code);
  });

  it('maps a code issued for another game’s client to invalid_grant', async () => {
    const player = await emulator.control.createPlayer({ displayName: 'Client Test' });
    const { serverAuthCode } = await emulator.control.mintServerAuthCode({ playerId: player.playerId, clientId: otherGame.webClientId });
    const error = await rejection(client().oauth.exchangeCode(serverAuthCode));
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400 });
  });

  it('maps a wrong client secret to invalid_client', async () => {
    const { code } = await mint();
    const error = await rejection(client({ clientSecret: 'GOCSPX-wrong-secret' }).oauth.exchangeCode(code));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_OAUTH', error: 'invalid_client', status: 401 });
    expectSecretFree(error, code, 'GOCSPX-wrong-secret');
  });

  it('maps a redirect_uri other than empty to redirect_uri_mismatch', async () => {
    const { code } = await mint();
    const error = await rejection(client().oauth.exchangeCode(code, { redirectUri: 'postmessage' }));
    expect(error).toMatchObject({ error: 'redirect_uri_mismatch', status: 400 });
  });

  it('does not retry a 503: one attempt, and the code is still good afterwards', async () => {
    const { code } = await mint();
    await emulator.control.addFault({ path: '/token', status: 503, times: 1 });
    const { oauth, calls } = client();

    const error = await rejection(oauth.exchangeCode(code));

    expect(error).toBeInstanceOf(GoogleUnavailableError);
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 1 });
    expect(calls.map((c) => c.status)).toEqual([503]);
    expectSecretFree(error, code);
    await expect(oauth.exchangeCode(code)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('shows why: when the answer is lost after the code was used, a second try can only fail', async () => {
    const { code } = await mint();
    await emulator.control.addFault({ path: '/token', status: 503, after: true, times: 1 });
    const { oauth, calls } = client();

    expect(await rejection(oauth.exchangeCode(code))).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', status: 503, attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(await rejection(oauth.exchangeCode(code))).toMatchObject({ code: 'ERR_GOOGLE_OAUTH', error: 'invalid_grant' });
  });

  it('maps a dropped connection to a network GoogleUnavailableError', async () => {
    const { code } = await mint();
    await emulator.control.addFault({ path: '/token', dropConnection: true, times: 1 });
    const { oauth, calls } = client();

    const error = await rejection(oauth.exchangeCode(code));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'network', attempts: 1 });
    expect(calls.map((c) => c.status)).toEqual(['network']);
    expectSecretFree(error, code);
  });

  it('times out a slow token endpoint', async () => {
    const { code } = await mint();
    await emulator.control.addFault({ path: '/token', delayMs: 1_000, times: 1 });
    const started = performance.now();

    const error = await rejection(client({ timeoutMs: 100 }).oauth.exchangeCode(code));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'timeout', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(900);
  });
});

describe('refresh and revoke against the emulator', () => {
  async function offlineGrant() {
    const { player, code } = await mint({ forceRefreshToken: true });
    const tokens = await client().oauth.exchangeCode(code);
    if (!tokens.refresh_token) throw new Error('the emulator issued no refresh token');
    return { player, tokens, refreshToken: tokens.refresh_token };
  }

  it('refreshes an access token', async () => {
    const { tokens, refreshToken } = await offlineGrant();
    const refreshed = await client().oauth.refresh(refreshToken);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
  });

  it('retries a refresh through a 503 and a dropped connection', async () => {
    const { refreshToken } = await offlineGrant();
    await emulator.control.addFault({ path: '/token', status: 503, times: 1 });
    await emulator.control.addFault({ path: '/token', dropConnection: true, times: 1 });
    const { oauth, calls } = client();

    await expect(oauth.refresh(refreshToken)).resolves.toMatchObject({ token_type: 'Bearer' });

    expect(calls.map((c) => [c.status, c.attempt])).toEqual([
      [503, 1],
      ['network', 2],
      [200, 3],
    ]);
  });

  it('honours the emulator’s Retry-After on 429', async () => {
    const { refreshToken } = await offlineGrant();
    await emulator.control.addFault({ path: '/token', status: 429, retryAfterSeconds: 2, times: 1 });
    const { oauth, sleeps, calls } = client();

    await oauth.refresh(refreshToken);

    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2_000);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('reports Google still failing after every attempt as unavailable', async () => {
    const { refreshToken } = await offlineGrant();
    await emulator.control.addFault({ path: '/token', status: 500 });
    const error = await rejection(client().oauth.refresh(refreshToken));
    expect(error).toMatchObject({ code: 'ERR_GOOGLE_UNAVAILABLE', kind: 'http', status: 500, attempts: 3 });
    expectSecretFree(error, refreshToken);
  });

  it('maps a refresh after the player revoked access to invalid_grant', async () => {
    const { player, refreshToken } = await offlineGrant();
    await emulator.control.revokeGrants(player.playerId);

    const error = await rejection(client().oauth.refresh(refreshToken));

    expect(error).toMatchObject({ code: 'ERR_GOOGLE_OAUTH', error: 'invalid_grant', status: 400, operation: 'oauth.token.refresh' });
    expectSecretFree(error, refreshToken);
  });

  it('revokes a grant: Google’s ground truth shows it inactive, and a second revoke reports it dead', async () => {
    const { player, refreshToken } = await offlineGrant();
    const { oauth } = client();

    expect(await oauth.revoke(refreshToken)).toEqual({ revoked: true });

    const truth = await emulator.control.player(player.playerId);
    expect(truth.grants).toEqual([expect.objectContaining({ clientId: game.webClientId, active: false })]);
    expect(await oauth.revoke(refreshToken)).toEqual({ revoked: false });
    expect(await rejection(oauth.refresh(refreshToken))).toMatchObject({ error: 'invalid_grant' });
  });

  it('revoking the access token revokes the whole grant', async () => {
    const { tokens, refreshToken } = await offlineGrant();
    const { oauth } = client();
    expect(await oauth.revoke(tokens.access_token)).toEqual({ revoked: true });
    expect(await rejection(oauth.refresh(refreshToken))).toMatchObject({ error: 'invalid_grant' });
  });

  it('retries a revoke whose answer was lost, and still reports success or an already dead token', async () => {
    const { player, refreshToken } = await offlineGrant();
    await emulator.control.addFault({ path: '/revoke', status: 503, after: true, times: 1 });
    const { oauth, calls } = client();

    // The first attempt revoked the grant but lost its answer; the retry finds the token dead.
    expect(await oauth.revoke(refreshToken)).toEqual({ revoked: false });
    expect(calls.map((c) => c.status)).toEqual([503, 400]);
    expect((await emulator.control.player(player.playerId)).grants[0]?.active).toBe(false);
  });
});
