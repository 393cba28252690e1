/**
 * The store's session check and grant read, cached for a moment (store-read-cache.ts): what this
 * process revokes or changes is seen on its very next request; what another instance changes,
 * within the TTL.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Grant, RotateResult, Store } from '../store/store.js';
import { createBackend } from './app.js';
import { describeEachStore } from './test-support/each-store.js';
import { harnessesFor, signInNewPlayer, type Harness } from './test-support/harness.js';
import { STORE_READ_CACHE_TTL_MS, withStoreReadCache } from './store-read-cache.js';

const grant = (status: Grant['status']): Grant => ({ status }) as Grant;

/** A store of which only the cached reads and the changes that forget them exist. */
function fakeStore() {
  const state = { active: true, grant: grant('active') as Grant | undefined };
  const store = {
    dialect: 'sqlite',
    isSessionFamilyActive: vi.fn(async () => state.active),
    getGrant: vi.fn(async () => state.grant),
    revokeSessionFamily: vi.fn(async () => {
      state.active = false;
      return true;
    }),
    rotateRefreshToken: vi.fn(async (): Promise<RotateResult> => ({ outcome: 'reused', familyId: 'f1' })),
    revokeAllSessions: vi.fn(async () => 1),
    pruneSessions: vi.fn(async () => ({ refreshTokens: 0, families: 0 })),
    updateGrantStatus: vi.fn(async () => {
      state.grant = grant('revoked');
      return state.grant;
    }),
    saveGrant: vi.fn(async () => state.grant!),
    withGrantRefreshLock: vi.fn(async () => 'token'),
    deletePlayer: vi.fn(async () => true),
    deleteAccount: vi.fn(async () => true),
    findPlayer: vi.fn(async function (this: unknown) {
      return this;
    }),
  };
  return { state, raw: store, store: store as unknown as Store };
}

describe('withStoreReadCache', () => {
  it('answers an open family from memory for the TTL, then asks the store again', async () => {
    let now = 1_000;
    const { raw, store } = fakeStore();
    const cached = withStoreReadCache(store, { now: () => now });
    expect(await cached.isSessionFamilyActive('f1')).toBe(true);
    now += STORE_READ_CACHE_TTL_MS - 1;
    expect(await cached.isSessionFamilyActive('f1')).toBe(true);
    expect(raw.isSessionFamilyActive).toHaveBeenCalledTimes(1);
    now += 1;
    expect(await cached.isSessionFamilyActive('f1')).toBe(true);
    expect(raw.isSessionFamilyActive).toHaveBeenCalledTimes(2);
  });

  it('never caches a refusal: a revoked or unknown family is asked of the store every time', async () => {
    const { state, raw, store } = fakeStore();
    state.active = false;
    const cached = withStoreReadCache(store, { now: () => 0 });
    expect(await cached.isSessionFamilyActive('f1')).toBe(false);
    expect(await cached.isSessionFamilyActive('f1')).toBe(false);
    expect(raw.isSessionFamilyActive).toHaveBeenCalledTimes(2);
  });

  it('refuses a family at once after this process revoked it, and after a reuse revoked it', async () => {
    const { state, raw, store } = fakeStore();
    const cached = withStoreReadCache(store, { now: () => 0 });
    expect(await cached.isSessionFamilyActive('f1')).toBe(true);
    expect(await cached.revokeSessionFamily('f1', 'logout')).toBe(true);
    expect(await cached.isSessionFamilyActive('f1')).toBe(false);

    state.active = true;
    expect(await cached.isSessionFamilyActive('f1')).toBe(true);
    expect(await cached.rotateRefreshToken('a', 'b', 1, 0)).toEqual({ outcome: 'reused', familyId: 'f1' });
    state.active = false;
    expect(await cached.isSessionFamilyActive('f1')).toBe(false);
    expect(raw.isSessionFamilyActive).toHaveBeenCalledTimes(4);
  });

  it('forgets every family on the changes that do not name one: revoke all, prune, delete, a failed rotation', async () => {
    const { raw, store } = fakeStore();
    const cached = withStoreReadCache(store, { now: () => 0 });
    raw.rotateRefreshToken.mockRejectedValueOnce(new Error('connection lost after commit?'));
    const changes = [
      () => cached.revokeAllSessions('p1'),
      () => cached.pruneSessions(0),
      () => cached.deletePlayer('p1'),
      () => cached.deleteAccount('a1'),
      () => cached.rotateRefreshToken('a', 'b', 1, 0).catch(() => undefined),
    ];
    expect(await cached.isSessionFamilyActive('f9')).toBe(true);
    for (const [i, change] of changes.entries()) {
      expect(await cached.isSessionFamilyActive('f9')).toBe(true);
      expect(raw.isSessionFamilyActive).toHaveBeenCalledTimes(i + 1);
      await change();
      // Forgotten: asked of the store again.
      expect(await cached.isSessionFamilyActive('f9')).toBe(true);
      expect(raw.isSessionFamilyActive).toHaveBeenCalledTimes(i + 2);
    }
  });

  it('keeps no answer read while a revocation finished: it may predate the revocation', async () => {
    const { state, raw, store } = fakeStore();
    let answer!: (active: boolean) => void;
    raw.isSessionFamilyActive.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const cached = withStoreReadCache(store, { now: () => 0 });
    const reading = cached.isSessionFamilyActive('f1');
    await cached.revokeSessionFamily('f1', 'logout');
    answer(true); // read before the revocation committed
    expect(await reading).toBe(true);
    expect(state.active).toBe(false);
    expect(await cached.isSessionFamilyActive('f1')).toBe(false);
  });

  it('caches the grant until this process changes it, also when the change fails', async () => {
    const { state, raw, store } = fakeStore();
    const cached = withStoreReadCache(store, { now: () => 0 });
    expect(await cached.getGrant('p1')).toMatchObject({ status: 'active' });
    expect(await cached.getGrant('p1')).toMatchObject({ status: 'active' });
    expect(raw.getGrant).toHaveBeenCalledTimes(1);
    await cached.updateGrantStatus('p1', 'revoked');
    expect(await cached.getGrant('p1')).toMatchObject({ status: 'revoked' });

    raw.withGrantRefreshLock.mockImplementationOnce(async () => {
      state.grant = grant('needs_consent');
      throw new Error('Google refused the refresh');
    });
    await expect(cached.withGrantRefreshLock('p1', async () => 'x')).rejects.toThrow('Google refused');
    expect(await cached.getGrant('p1')).toMatchObject({ status: 'needs_consent' });

    state.grant = grant('active');
    await cached.saveGrant('p1', {} as never);
    expect(await cached.getGrant('p1')).toMatchObject({ status: 'active' });
    state.grant = undefined;
    await cached.deletePlayer('p1');
    expect(await cached.getGrant('p1')).toBeUndefined();
    expect(raw.getGrant).toHaveBeenCalledTimes(5);
  });

  it('passes every other call to the store itself; a TTL of 0 is the store unchanged', async () => {
    const { store } = fakeStore();
    const cached = withStoreReadCache(store, { now: () => 0 });
    expect(await cached.findPlayer('p1')).toBe(store);
    expect(cached.dialect).toBe('sqlite');
    expect(withStoreReadCache(store, { ttlMs: 0 })).toBe(store);
  });
});

describeEachStore('the cached session check and grant read', (kind) => {
  const harness = harnessesFor(kind);
  const me = (h: Harness, token: string) => h.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  const achievements = (h: Harness, token: string) => h.app.inject({ method: 'GET', url: '/v1/me/achievements', headers: { authorization: `Bearer ${token}` } });
  const internalId = async (h: Harness, playerId: string) => (await h.store.findPlayerByPlayerId(h.config.google.applicationId!, playerId))!.id;

  it('a session checked a moment ago is refused on the next request after its logout', async () => {
    const h = await harness();
    const { accessToken } = await signInNewPlayer(h);
    expect((await me(h, accessToken)).statusCode).toBe(200);
    const logout = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { authorization: `Bearer ${accessToken}` } });
    expect(logout.statusCode).toBe(204);
    const after = await me(h, accessToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('SESSION_INVALID');
  });

  it('a session checked a moment ago is refused on the next request after a refresh token of its family was reused', async () => {
    const h = await harness({ env: { PGS_REFRESH_REUSE_GRACE_SECONDS: '0' } });
    const { accessToken, refreshToken } = await signInNewPlayer(h);
    const rotated = (await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })).json().session;
    for (const token of [accessToken, rotated.accessToken]) expect((await me(h, token)).statusCode).toBe(200);
    const reuse = await h.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
    expect(reuse.json().error.code).toBe('REFRESH_TOKEN_REUSED');
    for (const token of [accessToken, rotated.accessToken]) {
      const after = await me(h, token);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('SESSION_INVALID');
    }
  });

  it('a session checked a moment ago is refused on the next request after the player deleted their data', async () => {
    const h = await harness();
    const { accessToken } = await signInNewPlayer(h);
    const second = await signInNewPlayer(h);
    expect((await me(h, accessToken)).statusCode).toBe(200);
    expect((await me(h, second.accessToken)).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'DELETE', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(204);
    expect((await me(h, accessToken)).json().error.code).toBe('SESSION_INVALID');
    // Another player's session is untouched (asked of the store again, and still open).
    expect((await me(h, second.accessToken)).statusCode).toBe(200);
  });

  it('a session checked a moment ago is refused on the next request after an operator revoked the player', async () => {
    const key = 'test-server-api-key-0123456789abcdef';
    const h = await harness({ env: { PGS_SERVER_API_KEY: key } });
    const { accessToken, playerId } = await signInNewPlayer(h);
    expect((await achievements(h, accessToken)).statusCode).toBe(200);
    const revoke = await h.app.inject({ method: 'POST', url: `/v1/admin/players/${await internalId(h, playerId)}/revoke`, headers: { authorization: `Bearer ${key}` } });
    expect(revoke.json()).toMatchObject({ revokedSessions: 1, googleRevoked: true });
    const after = await achievements(h, accessToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('SESSION_INVALID');
  });

  it('another instance’s logout is seen here within the TTL', async () => {
    const h = await harness();
    const other = await createBackend({ config: h.config, store: h.store, now: h.clock.now });
    try {
      const { accessToken } = await signInNewPlayer(h);
      expect((await me(h, accessToken)).statusCode).toBe(200);
      const logout = await other.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { authorization: `Bearer ${accessToken}` } });
      expect(logout.statusCode).toBe(204);
      expect((await other.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(401);
      // This instance checked the family less than a TTL ago: it still answers, at most that long.
      expect((await me(h, accessToken)).statusCode).toBe(200);
      h.clock.offsetMs += STORE_READ_CACHE_TTL_MS;
      const after = await me(h, accessToken);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('SESSION_INVALID');
    } finally {
      await other.close();
    }
  });

  it('a grant this process marked revoked is never served from the cache, nor its decrypted token', async () => {
    const h = await harness();
    const { accessToken, playerId } = await signInNewPlayer(h);
    expect((await achievements(h, accessToken)).statusCode).toBe(200);
    const id = await internalId(h, playerId);
    // As an operator's revoke does when Google cannot be reached: the grant is marked, the
    // Google token itself still works.
    await h.backend.services.store.updateGrantStatus(id, 'revoked', 'revoked by an operator');
    await h.control.clearRequests();
    const after = await achievements(h, accessToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('REAUTH_REQUIRED');
    expect(await h.control.requests({})).toEqual([]);
  });
});
