import { afterEach, describe, expect, it, vi } from 'vitest';
import { testPostgres } from '../../store/test-support/postgres-test-schema.js';
import { ApiError } from '../errors.js';
import { apiErrorForGoogle } from '../google-failures.js';
import { TokenCipher } from './token-cipher.js';
import { TokenVault } from './token-vault.js';
import { startEmulator, startHarness, signInNewPlayer, type Harness, type HarnessOptions } from '../test-support/harness.js';

const REFRESH = 'oauth.token.refresh_token';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(() => h.close());
  return h;
}

async function internalId(h: Harness, playerId: string): Promise<string> {
  const player = await h.store.findPlayerByPlayerId(h.config.google.applicationId!, playerId);
  if (!player) throw new Error('player not stored');
  return player.id;
}

/** Moves both clocks: the emulator's (token expiry) and the backend's (refresh decision). */
async function advance(h: Harness, seconds: number) {
  await h.control.advanceClock(seconds);
  h.clock.offsetMs += seconds * 1000;
}

async function reauthCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    // What a request would answer for the vault's failure.
    const answer = apiErrorForGoogle(error);
    if (answer instanceof ApiError) return answer.code;
    throw error;
  }
  return 'resolved';
}

describe('TokenVault', () => {
  it('hands out the stored token while it is fresh, without calling Google', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    await h.control.clearRequests();
    const token = await h.backend.services.vault.getAccessToken(await internalId(h, playerId));
    expect(token).toEqual(expect.any(String));
    expect(await h.backend.services.google.games.getPlayer(token)).toMatchObject({ playerId });
    expect(await h.control.requests({ operation: REFRESH })).toEqual([]);
  });

  it('refreshes shortly before expiry, once for many concurrent callers, and the new token works', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    const id = await internalId(h, playerId);
    const before = await h.backend.services.vault.getAccessToken(id);
    await advance(h, 58 * 60);
    await h.control.clearRequests();

    const tokens = await Promise.all(Array.from({ length: 10 }, () => h.backend.services.vault.getAccessToken(id)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before);
    expect(await h.control.requests({ operation: REFRESH })).toHaveLength(1);
    expect(await h.backend.services.google.games.getPlayer(tokens[0]!)).toMatchObject({ playerId });
    const grant = await h.store.getGrant(id);
    expect(grant?.lastRefreshAt).toEqual(expect.any(Number));
    expect(grant?.refreshTokenCiphertext).not.toBeNull();
  });

  it('marks the grant revoked and answers REAUTH_REQUIRED when the player removed access', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    const id = await internalId(h, playerId);
    await h.control.revokeGrants(playerId);
    expect(await reauthCode(h.backend.services.vault.getAccessToken(id, { forceRefresh: true }))).toBe('REAUTH_REQUIRED');
    expect((await h.store.getGrant(id))?.status).toBe('revoked');
    // Dead for good: no further refresh attempts until the player signs in again.
    await h.control.clearRequests();
    expect(await reauthCode(h.backend.services.vault.getAccessToken(id))).toBe('REAUTH_REQUIRED');
    expect(await h.control.requests({ operation: REFRESH })).toEqual([]);
  });

  // Regression: the store kept the refresh token Google had refused, so signing in again without
  // forceRefreshToken answered offlineAccess: true, and the game was told no new one was needed.
  it('after a revoked grant, a sign-in without forceRefreshToken answers offlineAccess: false', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    const id = await internalId(h, playerId);
    await h.control.revokeGrants(playerId);
    expect(await reauthCode(h.backend.services.vault.getAccessToken(id, { forceRefresh: true }))).toBe('REAUTH_REQUIRED');
    const { serverAuthCode } = await h.control.mintServerAuthCode({
      playerId,
      clientId: h.config.google.credentials!.clientId,
      forceRefreshToken: false,
    });
    const again = await h.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode } });
    expect(again.statusCode).toBe(200);
    expect(again.json().offlineAccess).toBe(false);
    expect(await h.store.getGrant(id)).toMatchObject({ status: 'active', refreshTokenCiphertext: null });
  });

  it('answers REAUTH_REQUIRED (needs consent) when the token expired and Google gave no refresh token', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h, { forceRefreshToken: false });
    const id = await internalId(h, playerId);
    await advance(h, 3600);
    expect(await reauthCode(h.backend.services.vault.getAccessToken(id))).toBe('REAUTH_REQUIRED');
    expect((await h.store.getGrant(id))?.status).toBe('needs_consent');
  });

  // Regression: the refresh margin (5 minutes) applied to grants that cannot be refreshed, so the
  // last 5 minutes of a token from a sign-in without forceRefreshToken were thrown away: the grant
  // was marked needs_consent and writes answered 202 pending while Google still took the token.
  it('without a refresh token, hands out the access token until it really expires', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h, { forceRefreshToken: false });
    const id = await internalId(h, playerId);
    await advance(h, 57 * 60);
    const token = await h.backend.services.vault.getAccessToken(id);
    expect(await h.backend.services.google.games.getPlayer(token)).toMatchObject({ playerId });
    expect((await h.store.getGrant(id))?.status).toBe('active');
  });

  // Regression: a refresh ahead of expiry that met Google down answered GOOGLE_UNAVAILABLE although
  // the stored token had minutes left.
  it('when refreshing ahead of expiry fails for a while, hands out the token that is still valid', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    const id = await internalId(h, playerId);
    await advance(h, 57 * 60);
    await h.control.addFault({ path: '/token', status: 503, times: 100 });
    const token = await h.backend.services.vault.getAccessToken(id);
    expect(await h.backend.services.google.games.getPlayer(token)).toMatchObject({ playerId });
    expect((await h.store.getGrant(id))?.status).toBe('active');
    // Once Google refused that token, it is not handed out again.
    expect(await reauthCode(h.backend.services.vault.getAccessToken(id, { forceRefresh: true }))).toBe('GOOGLE_UNAVAILABLE');
  });

  it('answers GOOGLE_UNAVAILABLE and keeps the grant when the refresh fails for a while', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    const id = await internalId(h, playerId);
    await advance(h, 3600);
    await h.control.addFault({ path: '/token', status: 503, times: 100 });
    expect(await reauthCode(h.backend.services.vault.getAccessToken(id))).toBe('GOOGLE_UNAVAILABLE');
    expect((await h.store.getGrant(id))?.status).toBe('active');
    await h.control.clearFaults();
    expect(await h.backend.services.vault.getAccessToken(id)).toEqual(expect.any(String));
  });
});

const postgres = testPostgres();
describe('TokenVault: the decrypted access token', () => {
  it('is opened once per ciphertext; a refreshed token is opened anew, and a revoked grant hands out none', async () => {
    const h = await harness();
    const { playerId } = await signInNewPlayer(h);
    const id = await internalId(h, playerId);
    const cipher = new TokenCipher(h.config.tokenEncryption);
    const decrypt = vi.spyOn(cipher, 'decrypt');
    const vault = new TokenVault({ store: h.store, oauth: h.backend.services.google.oauth, cipher, clientId: h.config.google.credentials!.clientId, now: h.clock.now });
    const first = await vault.getAccessToken(id);
    expect(await vault.getAccessToken(id)).toBe(first);
    expect(decrypt.mock.calls.filter(([, , purpose]) => purpose === 'google-access')).toHaveLength(1);

    await advance(h, 58 * 60);
    const refreshed = await vault.getAccessToken(id);
    expect(refreshed).not.toBe(first);
    // The refresh hands out Google's answer; the new ciphertext is opened at its first read, once.
    expect(await vault.getAccessToken(id)).toBe(refreshed);
    expect(await vault.getAccessToken(id)).toBe(refreshed);
    expect(await h.backend.services.google.games.getPlayer(refreshed)).toMatchObject({ playerId });
    expect(decrypt.mock.calls.filter(([, , purpose]) => purpose === 'google-access')).toHaveLength(2);

    // What the grant allows is read from the grant every time: the opened token is not handed out.
    await h.store.updateGrantStatus(id, 'revoked', 'revoked by an operator');
    expect(await reauthCode(vault.getAccessToken(id))).toBe('REAUTH_REQUIRED');
  });
});

const onPostgres = postgres ? describe : describe.skip;

onPostgres(`TokenVault on PostgreSQL${postgres ? '' : ' (skipped: TEST_DATABASE_URL not set)'}`, () => {
  it('two backend instances refreshing one expired grant at once make a single refresh call', async () => {
    const emulator = await startEmulator();
    cleanups.push(() => emulator.close());
    cleanups.push(() => postgres!.drop());
    const first = await harness({ emulator, databaseUrl: postgres!.url, schema: postgres!.schema });
    const second = await harness({ emulator, databaseUrl: postgres!.url, schema: postgres!.schema });

    const { playerId } = await signInNewPlayer(first);
    const id = await internalId(first, playerId);
    await emulator.control.advanceClock(3600);
    first.clock.offsetMs += 3600_000;
    second.clock.offsetMs += 3600_000;
    await emulator.control.clearRequests();

    const tokens = await Promise.all([
      ...Array.from({ length: 5 }, () => first.backend.services.vault.getAccessToken(id)),
      ...Array.from({ length: 5 }, () => second.backend.services.vault.getAccessToken(id)),
    ]);
    expect(new Set(tokens).size).toBe(1);
    expect(await emulator.control.requests({ operation: REFRESH })).toHaveLength(1);
  });
});
