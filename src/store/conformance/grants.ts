/** Conformance: Google grants and the one-refresher-per-player lock. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../store-errors.js';
import type { Grant } from '../store.js';
import { sleep, type Harness } from './harness.js';

export function describeGrants(h: Harness): void {
  describe('grants', () => {
    it('saves and reads back a grant exactly', async () => {
      const p = await h.player();
      const saved = await h.store.saveGrant(p.id, h.grantInput({ scopes: ['s1', 's2'], lastRefreshAt: h.now - 5 }));
      const expected: Grant = {
        playerId: p.id,
        clientId: 'client-1.apps.googleusercontent.com',
        scopes: ['s1', 's2'],
        accessTokenCiphertext: 'ct:access:1',
        accessTokenExpiresAt: h.now + 3_600_000,
        refreshTokenCiphertext: 'ct:refresh:1',
        keyId: 'k1',
        refreshTokenKeyId: 'k1',
        status: 'active',
        lastRefreshAt: h.now - 5,
        lastError: null,
        createdAt: h.now,
        updatedAt: h.now,
      };
      expect(saved).toEqual(expected);
      expect(await h.store.getGrant(p.id)).toEqual(expected);
    });

    it('keeps the earlier refresh token, and its key ID, when a new grant has none', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput({ refreshTokenCiphertext: 'ct:refresh:old', keyId: 'k1' }));
      const at = h.advance(1000);
      const kept = await h.store.saveGrant(
        p.id,
        h.grantInput({ accessTokenCiphertext: 'ct:access:2', refreshTokenCiphertext: null, keyId: 'k2', scopes: ['s3'] }),
      );
      expect(kept).toMatchObject({
        accessTokenCiphertext: 'ct:access:2',
        keyId: 'k2',
        refreshTokenCiphertext: 'ct:refresh:old',
        refreshTokenKeyId: 'k1',
        scopes: ['s3'],
        createdAt: at - 1000,
        updatedAt: at,
      });
      const replaced = await h.store.saveGrant(p.id, h.grantInput({ refreshTokenCiphertext: 'ct:refresh:new', keyId: 'k3' }));
      expect(replaced).toMatchObject({ refreshTokenCiphertext: 'ct:refresh:new', refreshTokenKeyId: 'k3', keyId: 'k3' });
    });

    // Regression: a sign-in without forceRefreshToken kept the refresh token Google had already
    // refused, so the backend answered offlineAccess: true and told the game no new one was needed.
    it('does not keep a refresh token of a revoked grant', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput({ refreshTokenCiphertext: 'ct:refresh:dead', keyId: 'k1' }));
      await h.store.updateGrantStatus(p.id, 'revoked', 'invalid_grant');
      const fresh = await h.store.saveGrant(p.id, h.grantInput({ refreshTokenCiphertext: null, keyId: 'k2' }));
      expect(fresh).toMatchObject({ status: 'active', refreshTokenCiphertext: null, refreshTokenKeyId: null, keyId: 'k2' });
    });

    it('a first grant without a refresh token stores none', async () => {
      const p = await h.player();
      expect(await h.store.saveGrant(p.id, h.grantInput({ refreshTokenCiphertext: null }))).toMatchObject({
        refreshTokenCiphertext: null,
        refreshTokenKeyId: null,
      });
    });

    it('updateGrantStatus records status and error; a new grant is active again with no error', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput());
      const at = h.advance(10);
      expect(await h.store.updateGrantStatus(p.id, 'revoked', 'invalid_grant')).toMatchObject({
        status: 'revoked',
        lastError: 'invalid_grant',
        updatedAt: at,
      });
      expect(await h.store.updateGrantStatus(p.id, 'needs_consent')).toMatchObject({ status: 'needs_consent', lastError: null });
      expect(await h.store.saveGrant(p.id, h.grantInput())).toMatchObject({ status: 'active', lastError: null });
      expect(await h.store.updateGrantStatus('00000000-0000-4000-8000-000000000000', 'revoked')).toBeUndefined();
      expect(await h.store.getGrant('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    });

    it('refuses a grant for an unknown player with PLAYER_NOT_FOUND', async () => {
      const attempt = h.store.saveGrant('00000000-0000-4000-8000-000000000000', h.grantInput());
      await expect(attempt).rejects.toBeInstanceOf(StoreError);
      await expect(attempt).rejects.toMatchObject({ code: 'PLAYER_NOT_FOUND' });
    });

    it('withGrantRefreshLock lets fn re-read and save the grant, and returns what fn returns', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput());
      const result = await h.store.withGrantRefreshLock(p.id, async (tx) => {
        const grant = await tx.getGrant();
        expect(grant?.accessTokenCiphertext).toBe('ct:access:1');
        await tx.saveGrant(h.grantInput({ accessTokenCiphertext: 'ct:access:refreshed', refreshTokenCiphertext: null, lastRefreshAt: h.now }));
        return 'done';
      });
      expect(result).toBe('done');
      expect(await h.store.getGrant(p.id)).toMatchObject({
        accessTokenCiphertext: 'ct:access:refreshed',
        refreshTokenCiphertext: 'ct:refresh:1',
        lastRefreshAt: h.now,
      });
    });

    it('two concurrent lockers of one player run one after the other, with no lost update', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput({ accessTokenCiphertext: 'v0' }));
      const events: string[] = [];
      const refresh = (name: string) =>
        h.store.withGrantRefreshLock(p.id, async (tx) => {
          events.push(`${name}:start`);
          const grant = await tx.getGrant();
          await sleep(50); // the slow Google call
          const version = Number(grant?.accessTokenCiphertext.slice(1));
          await tx.saveGrant(h.grantInput({ accessTokenCiphertext: `v${version + 1}`, refreshTokenCiphertext: null }));
          events.push(`${name}:end`);
        });
      await Promise.all([refresh('a'), refresh('b')]);
      expect([events[0]?.slice(2), events[1]?.slice(2), events[2]?.slice(2), events[3]?.slice(2)]).toEqual(['start', 'end', 'start', 'end']);
      expect(events[0]?.[0]).toBe(events[1]?.[0]);
      expect((await h.store.getGrant(p.id))?.accessTokenCiphertext).toBe('v2');
    });

    it('lockers of two store instances on one database serialise too', async (ctx) => {
      if (!h.target.sharedDatabase || h.store.dialect !== 'postgres') ctx.skip(); // SQLite is one process by design
      const second = await h.open();
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput({ accessTokenCiphertext: 'v0' }));
      let inside = 0;
      let overlapped = false;
      const refresh = (store: typeof second) =>
        store.withGrantRefreshLock(p.id, async (tx) => {
          inside++;
          if (inside > 1) overlapped = true;
          const grant = await tx.getGrant();
          await sleep(50);
          await tx.saveGrant(h.grantInput({ accessTokenCiphertext: `v${Number(grant?.accessTokenCiphertext.slice(1)) + 1}` }));
          inside--;
        });
      await Promise.all([refresh(h.store), refresh(second), refresh(h.store), refresh(second)]);
      expect(overlapped).toBe(false);
      expect((await h.store.getGrant(p.id))?.accessTokenCiphertext).toBe('v4');
    });

    it('lockers of a player with no grant yet serialise as well', async () => {
      const p = await h.player();
      let inside = 0;
      let overlapped = false;
      const locker = () =>
        h.store.withGrantRefreshLock(p.id, async (tx) => {
          inside++;
          if (inside > 1) overlapped = true;
          if ((await tx.getGrant()) === undefined) await tx.saveGrant(h.grantInput());
          await sleep(30);
          inside--;
        });
      await Promise.all([locker(), locker(), locker()]);
      expect(overlapped).toBe(false);
    });

    it('lockers of different players do not wait for each other', async () => {
      const [a, b] = [await h.player(), await h.player()];
      await h.store.saveGrant(a.id, h.grantInput());
      await h.store.saveGrant(b.id, h.grantInput());
      let bStarted!: () => void;
      const bIsInside = new Promise<void>((resolve) => (bStarted = resolve));
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('locker A waited for locker B')), 3000));
      const lockerA = h.store.withGrantRefreshLock(a.id, async () => {
        await Promise.race([bIsInside, timeout]); // A holds its lock until B is inside its own
      });
      const lockerB = h.store.withGrantRefreshLock(b.id, () => {
        bStarted();
        return Promise.resolve();
      });
      await expect(Promise.all([lockerA, lockerB])).resolves.toBeDefined();
    });

    it('what fn saved before throwing is kept (a refresh refused by Google marks the grant revoked)', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput());
      const attempt = h.store.withGrantRefreshLock(p.id, async (tx) => {
        await tx.updateGrantStatus('revoked', 'invalid_grant');
        throw new Error('REAUTH_REQUIRED');
      });
      await expect(attempt).rejects.toThrow('REAUTH_REQUIRED');
      expect(await h.store.getGrant(p.id)).toMatchObject({ status: 'revoked', lastError: 'invalid_grant' });
    });

    it('an error in fn propagates and releases the lock', async () => {
      const p = await h.player();
      await h.store.saveGrant(p.id, h.grantInput());
      await expect(h.store.withGrantRefreshLock(p.id, () => Promise.reject(new Error('google down')))).rejects.toThrow('google down');
      await expect(h.store.withGrantRefreshLock(p.id, async (tx) => (await tx.getGrant())?.status)).resolves.toBe('active');
    });
  });
}
